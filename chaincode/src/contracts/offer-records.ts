import { Forbidden } from '../domain/errors';
import type { OfferRecord } from '../domain/offer';
import { isProvider } from '../domain/offer';
import { RECORD } from '../state/keys';
import type { Caller, LedgerContext } from './ledger-context';

export function offerKeyOf(ctx: LedgerContext, offerId: string): string {
  return ctx.state.key(RECORD.offer, [offerId]);
}

export async function loadOffer(ctx: LedgerContext, offerId: string): Promise<OfferRecord> {
  return ctx.state.require<OfferRecord>(offerKeyOf(ctx, offerId), 'offer', offerId);
}

/** Providers see their offers; consumers see offers open to everyone or addressed to them. */
export function canSee(offer: OfferRecord, caller: Caller): boolean {
  return (
    isProvider(offer, caller.mspId) ||
    offer.consumers === undefined ||
    offer.consumers.includes(caller.mspId)
  );
}

export async function loadVisibleOffer(ctx: LedgerContext, offerId: string): Promise<OfferRecord> {
  const offer = await loadOffer(ctx, offerId);
  if (!canSee(offer, ctx.caller)) {
    throw new Forbidden(`offer ${offerId} is not open to ${ctx.caller.mspId}`);
  }
  return offer;
}

export function requireProvider(offer: OfferRecord, caller: Caller, action: string): void {
  if (!isProvider(offer, caller.mspId)) {
    throw new Forbidden(
      `${caller.mspId} may not ${action} offer ${offer.offerId}; only its providers (${offer.providers.map((p) => p.mspId).join(', ')}) may`,
    );
  }
}
