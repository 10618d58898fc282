import { Info, Returns, Transaction } from 'fabric-contract-api';
import { accountOrg } from '../domain/accounts';
import { AlreadyExists, FailedPrecondition, Forbidden, InvalidArgument } from '../domain/errors';
import { identifier, parseJson, parsePageSize } from '../domain/input';
import {
  parseApproval,
  parseOfferInput,
  unapprovedProviders,
  type OfferRecord,
} from '../domain/offer';
import { KEY, attributesOf, stateKey } from '../state/keys';
import {
  loadOffer,
  loadVisibleOffer,
  offerAudience,
  offerIndexKeyOf,
  offerKeyOf,
  requireProvider,
  saveOffer,
} from './offer-records';
import { loadService } from './service-records';
import { SlaContract, result } from './sla-contract';
import type { Caller } from './tx-context';
import { TxContext } from './tx-context';

@Info({ title: 'offers', description: 'Offers that providers advertise and consumers accept' })
export class OffersContract extends SlaContract {
  constructor() {
    super('offers');
  }

  /**
   * Creates an offer. The caller's organisation must be one of its providers
   * and approves it by creating it; the services it names must be theirs.
   */
  @Transaction()
  @Returns('string')
  async Create(ctx: TxContext, offerJson: string): Promise<string> {
    const caller = ctx.caller;
    const input = parseOfferInput(parseJson('offerJson', offerJson), caller.mspId);
    if (!input.providers.some((provider) => provider.mspId === caller.mspId)) {
      throw new Forbidden(
        `${caller.mspId} may not create offer ${input.offerId}: the caller's organisation must be one of its providers`,
      );
    }
    const providers = input.providers.map((provider) => provider.mspId);
    ctx.requireMembers('offer.providers', providers);
    ctx.requireMembers('offer.consumers', input.consumers ?? []);
    if (input.arbiter !== undefined) {
      ctx.requireMembers('offer.arbiter', [input.arbiter]);
      if (providers.includes(input.arbiter)) {
        throw new InvalidArgument('offer.arbiter', 'must not be one of the providers it judges');
      }
    }
    const key = offerKeyOf(input.offerId);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('offer', input.offerId);
    }
    const consumers = await audienceOf(ctx, input.services, providers, input.consumers);
    if (input.arbiter !== undefined && consumers?.includes(input.arbiter)) {
      throw new InvalidArgument(
        'offer.arbiter',
        'must not be a consumer the offer is addressed to',
      );
    }
    const payoutAccount = payoutFor(caller, input.payoutAccount, 'offer.payoutAccount');
    const offer: OfferRecord = {
      offerId: input.offerId,
      ...(input.title === undefined ? {} : { title: input.title }),
      price: input.price,
      providers: input.providers.map((share) =>
        share.mspId === caller.mspId ? { ...share, payoutAccount } : { ...share },
      ),
      services: input.services,
      constraints: input.constraints,
      ...(consumers === undefined ? {} : { consumers }),
      ...(input.maxAcceptances === undefined ? {} : { maxAcceptances: input.maxAcceptances }),
      ...(input.maxSessions === undefined ? {} : { maxSessions: input.maxSessions }),
      settlementGraceSeconds: input.settlementGraceSeconds,
      minCoverageBp: input.minCoverageBp,
      ...(input.arbiter === undefined ? {} : { arbiter: input.arbiter }),
      disputeSeconds: input.disputeSeconds,
      status: 'open',
      version: 1,
      createdBy: caller.mspId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    await ctx.state.create(key, offer, providers);
    for (const org of offerAudience(offer, ctx.channel.members)) {
      await ctx.state.createMarker(offerIndexKeyOf(org, offer.offerId), providers);
    }
    ctx.emit('OfferCreated', {
      offerId: offer.offerId,
      providers: offer.providers.map((p) => p.mspId),
      awaitingApproval: unapprovedProviders(offer),
    });
    return result(view(offer));
  }

  /** A provider named in the offer confirms its share and sets the account it is paid into. */
  @Transaction()
  @Returns('string')
  async Approve(ctx: TxContext, offerId: string, approvalJson: string): Promise<string> {
    const offer = await loadOffer(ctx, identifier('offerId', offerId));
    requireProvider(offer, ctx.caller, 'approve');
    if (offer.status !== 'open') {
      throw new FailedPrecondition(`offer ${offer.offerId} is withdrawn`);
    }
    const approval = parseApproval(approvalJson);
    const own = offer.providers.find((provider) => provider.mspId === ctx.caller.mspId);
    const shareBp = approval.shareBp;
    if (own?.shareBp !== shareBp) {
      throw new FailedPrecondition(
        `approval.shareBp ${shareBp} does not match the share of ${ctx.caller.mspId} in offer ${offer.offerId} (${own?.shareBp} bp)`,
      );
    }
    const payoutAccount = payoutFor(ctx.caller, approval.payoutAccount, 'approval.payoutAccount');
    const approved = await saveOffer(ctx, offer, {
      providers: offer.providers.map((provider) =>
        provider.mspId === ctx.caller.mspId ? { ...provider, payoutAccount } : provider,
      ),
    });
    ctx.emit('OfferApproved', {
      offerId: offer.offerId,
      provider: ctx.caller.mspId,
      awaitingApproval: unapprovedProviders(approved),
    });
    return result(view(approved));
  }

  /** The sole provider withdraws its offer; an offer with several providers is withdrawn by proposal. */
  @Transaction()
  @Returns('string')
  async Withdraw(ctx: TxContext, offerId: string): Promise<string> {
    const offer = await loadOffer(ctx, identifier('offerId', offerId));
    requireProvider(offer, ctx.caller, 'withdraw');
    if (offer.providers.length > 1) {
      throw new FailedPrecondition(
        `offer ${offer.offerId} has ${offer.providers.length} providers: withdraw it by proposal (governance:Propose with change {"type":"withdraw"})`,
      );
    }
    if (offer.status === 'withdrawn') {
      throw new FailedPrecondition(`offer ${offer.offerId} is already withdrawn`);
    }
    const withdrawn = await saveOffer(ctx, offer, { status: 'withdrawn' });
    ctx.emit('OfferWithdrawn', { offerId: offer.offerId });
    return result(view(withdrawn));
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: TxContext, offerId: string): Promise<string> {
    return result(view(await loadVisibleOffer(ctx, identifier('offerId', offerId))));
  }

  /** Offers the caller's organisation provides or may accept, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async List(ctx: TxContext, pageSize: string, bookmark: string): Promise<string> {
    const page = await ctx.state.page<null>(
      stateKey(KEY.offersFor, ctx.caller.mspId),
      parsePageSize(pageSize),
      bookmark,
    );
    const offers: Array<Record<string, unknown>> = [];
    for (const entry of page.records) {
      offers.push(view(await loadOffer(ctx, attributesOf(entry.key)[1] ?? '')));
    }
    return result({ offers, bookmark: page.bookmark });
  }
}

function view(offer: OfferRecord): Record<string, unknown> {
  const awaitingApproval = unapprovedProviders(offer);
  return {
    ...offer,
    awaitingApproval,
    acceptable: offer.status === 'open' && awaitingApproval.length === 0,
  };
}

/** A provider is paid into an account of its own organisation; by default the approving identity's. */
function payoutFor(caller: Caller, account: string | undefined, field: string): string {
  if (account === undefined) {
    return caller.accountId;
  }
  if (accountOrg(account) !== caller.mspId) {
    throw new InvalidArgument(
      field,
      `must be an account of ${caller.mspId}, the approving organisation`,
    );
  }
  return account;
}

/**
 * Services named by an offer must be active and provided by one of its
 * providers, and they must all serve one consumer organisation, to whom the
 * offer is then addressed.
 */
async function audienceOf(
  ctx: TxContext,
  serviceKeys: string[],
  providers: string[],
  consumers: string[] | undefined,
): Promise<string[] | undefined> {
  const serviceConsumers = new Set<string>();
  for (const [index, serviceKey] of serviceKeys.entries()) {
    const service = await loadService(ctx, serviceKey);
    if (service.status !== 'active') {
      throw new FailedPrecondition(`service ${serviceKey} is deactivated`);
    }
    if (!providers.includes(service.providerOrg)) {
      throw new InvalidArgument(
        `offer.services[${index}]`,
        `names service ${serviceKey} of ${service.providerOrg}, which is not a provider of this offer`,
      );
    }
    serviceConsumers.add(service.consumerOrg);
  }
  if (serviceConsumers.size === 0) {
    return consumers;
  }
  if (serviceConsumers.size > 1) {
    throw new InvalidArgument(
      'offer.services',
      `serve different consumers (${[...serviceConsumers].sort().join(', ')}); an offer's services serve one consumer`,
    );
  }
  const consumer = [...serviceConsumers][0] as string;
  if (consumers !== undefined && (consumers.length !== 1 || consumers[0] !== consumer)) {
    throw new InvalidArgument(
      'offer.consumers',
      `must be ["${consumer}"], the consumer of the services the offer names`,
    );
  }
  return [consumer];
}
