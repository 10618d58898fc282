import { Info, Returns, Transaction } from 'fabric-contract-api';
import { shardOrder, shardQuota } from '../domain/acceptance-shards';
import {
  agreementEnd,
  agreementServiceOf,
  hasEnded,
  isRunning,
  noUsage,
  parties,
  phaseOf,
  startedSession,
  stoppedSession,
  tracksUsage,
  usageSeconds,
  type AgreementRecord,
  type AgreementService,
  type SessionRecord,
  type SessionUsage,
} from '../domain/agreement';
import { checkPlacement, parsePlacement } from '../domain/constraints';
import { AlreadyExists, FailedPrecondition, Forbidden } from '../domain/errors';
import { identifier, integerArgument, parseJson, parsePageSize } from '../domain/input';
import { basisPoints, formatAmount } from '../domain/money';
import { depositOf, isProvider, unapprovedProviders, type OfferRecord } from '../domain/offer';
import { settleWithCredit } from '../domain/settlement-assessment';
import { formatInstant } from '../domain/time';
import { debit } from '../state/balances';
import { KEY, attributesOf, stateKey } from '../state/keys';
import type { AcceptanceCount } from '../state/records';
import { requireOrg } from './access';
import {
  agreementKeyOf,
  createAgreementIndexes,
  deleteDueEntries,
  dueRange,
  loadAgreement,
  loadAgreementAsParty,
  loadUsage,
  requireUnsettled,
  sessionKeyOf,
  sessionsPrefixOf,
  usageKeyOf,
  writeDueEntries,
} from './agreement-records';
import { acceptanceKeyOf, loadVisibleOffer, providersOf } from './offer-records';
import { parseAgreementFilter } from '../domain/agreement-filter';
import { loadService } from './service-records';
import { payOut, settleAgreement, type SettleOutcome } from './settle-agreement';
import { SlaContract, result } from './sla-contract';
import type { Caller } from './tx-context';
import { TxContext } from './tx-context';

@Info({
  title: 'agreements',
  description: 'Accepted offers: escrow, sessions, stop, settlement and disputes',
})
export class AgreementsContract extends SlaContract {
  constructor() {
    super('agreements');
  }

  /**
   * Accepts the version of an offer the consumer read: moves the deposit
   * from the caller's spendable tokens into the agreement's escrow and starts
   * the clock (lock time = now + maximum period). A change to the offer since
   * that version makes it fail instead of charging terms nobody accepted.
   */
  @Transaction()
  @Returns('string')
  async Accept(
    ctx: TxContext,
    offerId: string,
    offerVersion: string,
    agreementId: string,
  ): Promise<string> {
    const offer = await loadVisibleOffer(ctx, identifier('offerId', offerId));
    const version = integerArgument('offerVersion', offerVersion, 1, Number.MAX_SAFE_INTEGER);
    const id = identifier('agreementId', agreementId);
    const caller = ctx.caller;
    if (offer.version !== version) {
      throw new FailedPrecondition(
        `offer ${offer.offerId} is at version ${offer.version}, not ${version}: its terms changed since they were read; read it again and accept the version you agree to`,
      );
    }
    if (isProvider(offer, caller.mspId)) {
      throw new Forbidden(`${caller.mspId} provides offer ${offer.offerId} and cannot accept it`);
    }
    if (offer.arbiter === caller.mspId) {
      throw new Forbidden(`${caller.mspId} arbitrates offer ${offer.offerId} and cannot accept it`);
    }
    if (offer.status !== 'open') {
      throw new FailedPrecondition(`offer ${offer.offerId} is withdrawn`);
    }
    const awaiting = unapprovedProviders(offer);
    if (awaiting.length > 0) {
      throw new FailedPrecondition(
        `offer ${offer.offerId} awaits approval by ${awaiting.join(', ')}`,
      );
    }
    const key = agreementKeyOf(id);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('agreement', id);
    }
    const services: AgreementService[] = [];
    for (const serviceKey of offer.services) {
      const service = await loadService(ctx, serviceKey);
      if (service.status !== 'active') {
        throw new FailedPrecondition(
          `service ${serviceKey} behind offer ${offer.offerId} is deactivated`,
        );
      }
      services.push(agreementServiceOf(service));
    }
    await countAcceptance(ctx, offer, id);
    const deposit = depositOf(offer.price);
    await debit(ctx, caller.accountId, deposit, `the deposit of agreement ${id}`);
    const agreement: AgreementRecord = {
      agreementId: id,
      offerId: offer.offerId,
      offerVersion: offer.version,
      consumerOrg: caller.mspId,
      consumerAccount: caller.accountId,
      providers: offer.providers.map((provider) => ({
        mspId: provider.mspId,
        shareBp: provider.shareBp,
        payoutAccount: provider.payoutAccount as string,
      })),
      price: offer.price,
      deposit: formatAmount(deposit),
      services,
      constraints: offer.constraints,
      ...(offer.maxSessions === undefined ? {} : { maxSessions: offer.maxSessions }),
      settlementGraceSeconds: offer.settlementGraceSeconds,
      minCoverageBp: offer.minCoverageBp,
      ...(offer.arbiter === undefined ? {} : { arbiter: offer.arbiter }),
      disputeSeconds: offer.disputeSeconds,
      acceptedAt: ctx.now,
      lockUntil: ctx.now + offer.price.maxPeriodSeconds,
      status: 'active',
    };
    await ctx.state.create(key, agreement, parties(agreement));
    if (tracksUsage(agreement)) {
      await ctx.state.create(usageKeyOf(id), noUsage(id), parties(agreement));
    }
    await createAgreementIndexes(ctx, agreement);
    ctx.emit('AgreementAccepted', {
      agreementId: id,
      offerId: offer.offerId,
      offerVersion: offer.version,
      consumerOrg: caller.mspId,
      deposit: agreement.deposit,
      lockUntil: agreement.lockUntil,
    });
    return result(view(agreement, ctx.now));
  }

  /** Records that a session started at the given placement, which must satisfy the constraints. */
  @Transaction()
  @Returns('string')
  async StartSession(
    ctx: TxContext,
    agreementId: string,
    sessionId: string,
    placementJson: string,
  ): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'start a session of',
    );
    const id = identifier('sessionId', sessionId);
    const placement = parsePlacement('placement', parseJson('placementJson', placementJson));
    const now = ctx.now;
    if (!isRunning(agreement, now)) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} has ended; no session can start`,
      );
    }
    const key = sessionKeyOf(agreement.agreementId, id);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists(`session of agreement ${agreement.agreementId}`, id);
    }
    checkPlacement(agreement.constraints, placement);
    if (tracksUsage(agreement)) {
      const usage = await requireUsage(ctx, agreement);
      checkSessionLimits(agreement, usage, now);
      await ctx.state.update(usageKeyOf(agreement.agreementId), startedSession(usage, now));
    }
    const session: SessionRecord = {
      agreementId: agreement.agreementId,
      sessionId: id,
      placement,
      startedAt: now,
      startedBy: ctx.caller.mspId,
    };
    await ctx.state.create(key, session, parties(agreement));
    ctx.emit('SessionStarted', {
      agreementId: agreement.agreementId,
      sessionId: id,
      cluster: placement.cluster,
    });
    return result(session);
  }

  /**
   * Records a session's end; a session still open when the agreement ended
   * ends there (also after settlement, when the orchestrator removes it late).
   */
  @Transaction()
  @Returns('string')
  async StopSession(ctx: TxContext, agreementId: string, sessionId: string): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'stop a session of',
    );
    const id = identifier('sessionId', sessionId);
    const key = sessionKeyOf(agreement.agreementId, id);
    const session = await ctx.state.require<SessionRecord>(
      key,
      `session of agreement ${agreement.agreementId}`,
      id,
    );
    if (session.stoppedAt !== undefined) {
      throw new FailedPrecondition(`session ${id} stopped at ${formatInstant(session.stoppedAt)}`);
    }
    const end = hasEnded(agreement, ctx.now) ? agreementEnd(agreement) : ctx.now;
    const stoppedAt = Math.max(session.startedAt, end);
    const stopped: SessionRecord = { ...session, stoppedAt, stoppedBy: ctx.caller.mspId };
    if (tracksUsage(agreement)) {
      const usage = await requireUsage(ctx, agreement);
      await ctx.state.update(
        usageKeyOf(agreement.agreementId),
        stoppedSession(usage, { startedAt: session.startedAt, stoppedAt }),
      );
    }
    await ctx.state.update(key, stopped);
    ctx.emit('SessionStopped', {
      agreementId: agreement.agreementId,
      sessionId: id,
      seconds: stoppedAt - session.startedAt,
    });
    return result(stopped);
  }

  /** The sessions of an agreement, a page at a time; for its parties only. */
  @Transaction(false)
  @Returns('string')
  async Sessions(
    ctx: TxContext,
    agreementId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'read',
    );
    const page = await ctx.state.page<SessionRecord>(
      sessionsPrefixOf(agreement.agreementId),
      parsePageSize(pageSize),
      bookmark,
    );
    return result({ sessions: page.records.map((entry) => entry.value), bookmark: page.bookmark });
  }

  /** The consumer who accepted (or an administrator of its organisation) ends the agreement now. */
  @Transaction()
  @Returns('string')
  async Stop(ctx: TxContext, agreementId: string): Promise<string> {
    const agreement = await loadAgreement(ctx, identifier('agreementId', agreementId));
    requireOrg(ctx.caller, [agreement.consumerOrg], `stop agreement ${agreement.agreementId}`);
    if (ctx.caller.accountId !== agreement.consumerAccount && !ctx.caller.isAdmin) {
      throw new Forbidden(
        `only the identity that accepted agreement ${agreement.agreementId} or an administrator of ${agreement.consumerOrg} may stop it`,
      );
    }
    if (!isRunning(agreement, ctx.now)) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} has already ended at ${formatInstant(agreementEnd(agreement))}; settle it`,
      );
    }
    const stopped: AgreementRecord = { ...agreement, status: 'stopped', stoppedAt: ctx.now };
    await ctx.state.update(agreementKeyOf(agreement.agreementId), stopped);
    await deleteDueEntries(ctx, agreement, agreement.lockUntil);
    await writeDueEntries(ctx, stopped, ctx.now);
    ctx.emit('AgreementStopped', { agreementId: agreement.agreementId, stoppedAt: ctx.now });
    return result(view(stopped, ctx.now));
  }

  /**
   * Settles an ended agreement: providers are paid, the consumer refunded and
   * credited; or, when a linked service was measured over less than the
   * agreement's minimum coverage, records a dispute and keeps the escrow. Any
   * identity of a party may call it once the agreement has ended; the outcome
   * depends on the ledger only. A disputed agreement settles once late
   * measurement has completed its coverage.
   */
  @Transaction()
  @Returns('string')
  async Settle(ctx: TxContext, agreementId: string): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'settle',
    );
    requireUnsettled(agreement);
    if (!hasEnded(agreement, ctx.now)) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} runs until ${formatInstant(agreement.lockUntil)}; the consumer may stop it earlier`,
      );
    }
    const outcome = await settleAgreement(ctx, agreement);
    if ('waiting' in outcome) {
      throw new FailedPrecondition(outcome.waiting);
    }
    const [name, changed] =
      'settled' in outcome
        ? (['AgreementSettled', outcome.settled] as const)
        : (['AgreementDisputed', outcome.disputed] as const);
    ctx.emit(name, outcomeSummary(outcome));
    return result(view(changed, ctx.now));
  }

  /**
   * Settles up to maxCount agreements of the caller's organisation that have
   * ended and are ready, and puts in dispute those measured too little; for
   * the scheduled job.
   */
  @Transaction()
  @Returns('string')
  async SettleDue(ctx: TxContext, maxCount: string): Promise<string> {
    const limit = integerArgument('maxCount', maxCount, 1, 100);
    const [start, end] = dueRange(ctx.caller.mspId, ctx.now + 1);
    const settled: Array<Record<string, unknown>> = [];
    const disputed: Array<Record<string, unknown>> = [];
    const waiting: string[] = [];
    let examined = 0;
    for await (const entry of ctx.state.range<null>(start, end)) {
      if (settled.length + disputed.length >= limit || examined >= limit * 4) break;
      examined += 1;
      const agreementId = attributesOf(entry.key)[2] ?? '';
      const outcome = await settleAgreement(ctx, await loadAgreement(ctx, agreementId));
      if ('settled' in outcome) settled.push(outcomeSummary(outcome));
      else if ('disputed' in outcome) disputed.push(outcomeSummary(outcome));
      else waiting.push(agreementId);
    }
    if (settled.length + disputed.length > 0) {
      ctx.emit('AgreementsSettled', { settled, disputed, waiting });
    }
    return result({ settled, disputed, waiting });
  }

  /**
   * Ends a dispute: each party names the credit (basis points of the charge)
   * it agrees to, and the agreement settles with it once the consumer and
   * every provider named the same; after the dispute deadline the offer's
   * arbiter, if it named one, may decide alone.
   */
  @Transaction()
  @Returns('string')
  async Resolve(ctx: TxContext, agreementId: string, creditBp: string): Promise<string> {
    const agreement = await loadAgreement(ctx, identifier('agreementId', agreementId));
    const credit = basisPoints('creditBp', integerArgument('creditBp', creditBp, 0, 10_000));
    const caller = ctx.caller;
    const isParty = parties(agreement).includes(caller.mspId);
    if (!isParty && caller.mspId !== agreement.arbiter) {
      throw new Forbidden(
        `${caller.mspId} may not resolve agreement ${agreement.agreementId}; only its parties${agreement.arbiter === undefined ? '' : ` and its arbiter ${agreement.arbiter}`} may`,
      );
    }
    const dispute = agreement.dispute;
    if (agreement.status !== 'disputed' || dispute === undefined) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} is not disputed (it is ${phaseOf(agreement, ctx.now)})`,
      );
    }
    const usage = await loadUsage(ctx, agreement.agreementId);
    if (!isParty) {
      if (!caller.isAdmin) {
        throw new Forbidden(`only an administrator of ${caller.mspId} may arbitrate`);
      }
      if (ctx.now < dispute.deadline) {
        throw new FailedPrecondition(
          `the parties have until ${formatInstant(dispute.deadline)} to resolve agreement ${agreement.agreementId}; the arbiter may decide after that`,
        );
      }
      const settled = await payOut(
        ctx,
        agreement,
        settleWithCredit(agreement, usage, credit),
        'arbiter',
      );
      ctx.emit('AgreementSettled', outcomeSummary({ settled }));
      return result(view(settled, ctx.now));
    }
    requireResolver(caller, agreement);
    const resolutions = [
      ...dispute.resolutions.filter((resolution) => resolution.mspId !== caller.mspId),
      { mspId: caller.mspId, creditBp: credit, at: ctx.now },
    ].sort((a, b) => (a.mspId < b.mspId ? -1 : a.mspId > b.mspId ? 1 : 0));
    const agreed = parties(agreement).every((org) =>
      resolutions.some((resolution) => resolution.mspId === org && resolution.creditBp === credit),
    );
    const updated: AgreementRecord = { ...agreement, dispute: { ...dispute, resolutions } };
    if (!agreed) {
      await ctx.state.update(agreementKeyOf(agreement.agreementId), updated);
      ctx.emit('DisputeResolutionNamed', {
        agreementId: agreement.agreementId,
        mspId: caller.mspId,
        creditBp: credit,
      });
      return result(view(updated, ctx.now));
    }
    const settled = await payOut(ctx, updated, settleWithCredit(updated, usage, credit), 'parties');
    ctx.emit('AgreementSettled', outcomeSummary({ settled }));
    return result(view(settled, ctx.now));
  }

  /** The agreement with how its sessions were used; for its parties only. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: TxContext, agreementId: string): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'read',
    );
    const usage = await loadUsage(ctx, agreement.agreementId);
    return result({
      ...view(agreement, ctx.now),
      ...(usage === undefined
        ? {}
        : {
            usage: {
              ...usage,
              usedSeconds: usageSeconds(usage, Math.min(ctx.now, agreementEnd(agreement))),
            },
          }),
    });
  }

  /** Agreements the caller's organisation is party to, filtered by phase and offer, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async List(
    ctx: TxContext,
    filterJson: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const { phase, offerId } = parseAgreementFilter(filterJson);
    const page = await ctx.state.page<null>(
      stateKey(KEY.agreementsOf, ctx.caller.mspId),
      parsePageSize(pageSize),
      bookmark,
    );
    const agreements = [];
    for (const entry of page.records) {
      const agreement = await loadAgreement(ctx, attributesOf(entry.key)[1] ?? '');
      if (
        (phase === undefined || phaseOf(agreement, ctx.now) === phase) &&
        (offerId === undefined || agreement.offerId === offerId)
      ) {
        agreements.push(view(agreement, ctx.now));
      }
    }
    return result({ agreements, bookmark: page.bookmark });
  }
}

/** Counts one more acceptance of a limited offer in the first shard with room. */
async function countAcceptance(
  ctx: TxContext,
  offer: OfferRecord,
  agreementId: string,
): Promise<void> {
  const limit = offer.maxAcceptances;
  if (limit === undefined) return;
  for (const shard of shardOrder(agreementId, limit)) {
    const key = acceptanceKeyOf(offer.offerId, shard);
    const counted = await ctx.state.get<AcceptanceCount>(key);
    const count = counted?.count ?? 0;
    if (count < shardQuota(limit, shard)) {
      const next: AcceptanceCount = { offerId: offer.offerId, shard, count: count + 1 };
      if (counted === undefined) {
        await ctx.state.create(key, next, providersOf(offer));
      } else {
        await ctx.state.update(key, next);
      }
      return;
    }
  }
  throw new FailedPrecondition(`offer ${offer.offerId} was accepted ${limit} times, its limit`);
}

async function requireUsage(ctx: TxContext, agreement: AgreementRecord): Promise<SessionUsage> {
  return ctx.state.require<SessionUsage>(
    usageKeyOf(agreement.agreementId),
    'session usage of agreement',
    agreement.agreementId,
  );
}

function checkSessionLimits(agreement: AgreementRecord, usage: SessionUsage, now: number): void {
  if (agreement.maxSessions !== undefined && usage.started >= agreement.maxSessions) {
    throw new FailedPrecondition(
      `agreement ${agreement.agreementId} allows ${agreement.maxSessions} sessions and all were started`,
    );
  }
  if (agreement.price.model === 'prepaid-minutes') {
    if (usageSeconds(usage, now) >= (agreement.price.minutes ?? 0) * 60) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} has used its ${agreement.price.minutes} prepaid minutes`,
      );
    }
  }
}

/** The consumer's side speaks through the identity that accepted or an administrator; a provider's through its payout identity or an administrator. */
function requireResolver(caller: Caller, agreement: AgreementRecord): void {
  const own =
    caller.mspId === agreement.consumerOrg
      ? [agreement.consumerAccount]
      : agreement.providers
          .filter((provider) => provider.mspId === caller.mspId)
          .map((provider) => provider.payoutAccount);
  if (!caller.isAdmin && !own.includes(caller.accountId)) {
    throw new Forbidden(
      `only an administrator of ${caller.mspId} or the identity that ${caller.mspId === agreement.consumerOrg ? 'accepted' : 'is paid for'} agreement ${agreement.agreementId} may resolve it for ${caller.mspId}`,
    );
  }
}

function view(agreement: AgreementRecord, now: number): Record<string, unknown> {
  return {
    ...agreement,
    phase: phaseOf(agreement, now),
    ended: hasEnded(agreement, now),
    end: agreementEnd(agreement),
  };
}

/** What an event says of a settled or disputed agreement. */
function outcomeSummary(
  outcome: Exclude<SettleOutcome, { waiting: string }>,
): Record<string, unknown> {
  if ('settled' in outcome) {
    const settlement = outcome.settled.settlement;
    return {
      agreementId: outcome.settled.agreementId,
      decidedBy: settlement?.decidedBy,
      charge: settlement?.charge,
      credit: settlement?.credit,
      refund: settlement?.refund,
    };
  }
  return {
    agreementId: outcome.disputed.agreementId,
    shortfalls: outcome.disputed.dispute?.shortfalls.map((shortfall) => ({
      serviceKey: shortfall.key,
      coverageBp: shortfall.coverageBp,
    })),
  };
}
