import { Forbidden } from '../domain/errors';
import type { OfferRecord } from '../domain/offer';
import { isProvider } from '../domain/offer';
import { KEY, stateKey } from '../state/keys';
import type { Caller, TxContext } from './tx-context';

export const offerKeyOf = (offerId: string): string => stateKey(KEY.offer, offerId);
export const offerIndexKeyOf = (org: string, offerId: string): string =>
  stateKey(KEY.offersFor, org, offerId);
export const acceptanceKeyOf = (offerId: string, shard: number): string =>
  stateKey(KEY.acceptances, offerId, String(shard).padStart(2, '0'));

export function providersOf(offer: Pick<OfferRecord, 'providers'>): string[] {
  return offer.providers.map((provider) => provider.mspId);
}

export async function loadOffer(ctx: TxContext, offerId: string): Promise<OfferRecord> {
  return ctx.state.require<OfferRecord>(offerKeyOf(offerId), 'offer', offerId);
}

/** Providers see their offers; consumers see offers open to everyone or addressed to them. */
export function canSee(offer: OfferRecord, caller: Caller): boolean {
  return (
    isProvider(offer, caller.mspId) ||
    offer.consumers === undefined ||
    offer.consumers.includes(caller.mspId)
  );
}

/** Who finds the offer in offers:List: its providers and its audience (every member when open to all). */
export function offerAudience(offer: OfferRecord, members: readonly string[]): string[] {
  return [...new Set([...providersOf(offer), ...(offer.consumers ?? members)])].sort();
}

export async function loadVisibleOffer(ctx: TxContext, offerId: string): Promise<OfferRecord> {
  const offer = await loadOffer(ctx, offerId);
  if (!canSee(offer, ctx.caller)) {
    throw new Forbidden(`offer ${offerId} is not open to ${ctx.caller.mspId}`);
  }
  return offer;
}

export function requireProvider(offer: OfferRecord, caller: Caller, action: string): void {
  if (!isProvider(offer, caller.mspId)) {
    throw new Forbidden(
      `${caller.mspId} may not ${action} offer ${offer.offerId}; only its providers (${providersOf(offer).join(', ')}) may`,
    );
  }
}

/** Writes a changed offer: one version more. */
export async function saveOffer(
  ctx: TxContext,
  offer: OfferRecord,
  changed: Partial<OfferRecord>,
): Promise<OfferRecord> {
  const next: OfferRecord = {
    ...offer,
    ...changed,
    version: offer.version + 1,
    updatedAt: ctx.now,
  };
  await ctx.state.update(offerKeyOf(offer.offerId), next);
  return next;
}
