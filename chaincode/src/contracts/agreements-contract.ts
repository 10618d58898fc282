import { Info, Returns, Transaction } from 'fabric-contract-api';
import {
  agreementEnd,
  agreementServiceOf,
  hasEnded,
  isRunning,
  PHASES,
  phaseOf,
  parties,
  sessionSeconds,
  type AgreementRecord,
  type AgreementService,
  type SessionRecord,
} from '../domain/agreement';
import { checkPlacement, parsePlacement } from '../domain/constraints';
import { AlreadyExists, FailedPrecondition, Forbidden } from '../domain/errors';
import {
  asObject,
  identifier,
  integerArgument,
  oneOf,
  onlyKnownFields,
  parseJson,
} from '../domain/input';
import { formatAmount } from '../domain/money';
import { depositOf, isProvider, unapprovedProviders } from '../domain/offer';
import { formatInstant } from '../domain/time';
import { debit } from '../state/balances';
import { INDEX, dueKeys } from '../state/keys';
import { requireOrg } from './access';
import {
  agreementKeyOf,
  deleteDueEntries,
  loadAgreement,
  loadAgreementAsParty,
  loadSessions,
  requireUnsettled,
  saveAgreement,
  sessionKeyOf,
  writeAgreementIndexes,
  writeDueEntries,
} from './agreement-records';
import { LedgerContext } from './ledger-context';
import { LedgerContract, result } from './ledger-contract';
import { loadVisibleOffer } from './offer-records';
import { pageSizeArgument } from './paging';
import { loadService } from './service-records';
import { settleAgreement } from './settle-agreement';

@Info({
  title: 'agreements',
  description: 'Accepted offers: escrow, sessions, stop and settlement',
})
export class AgreementsContract extends LedgerContract {
  constructor() {
    super('agreements');
  }

  /**
   * Accepts an offer: moves the deposit from the caller's account into the
   * agreement's escrow and starts the clock (lock time = now + maximum period).
   */
  @Transaction()
  @Returns('string')
  async Accept(ctx: LedgerContext, offerId: string, agreementId: string): Promise<string> {
    const offer = await loadVisibleOffer(ctx, identifier('offerId', offerId));
    const id = identifier('agreementId', agreementId);
    const caller = ctx.caller;
    if (isProvider(offer, caller.mspId)) {
      throw new Forbidden(`${caller.mspId} provides offer ${offer.offerId} and cannot accept it`);
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
    if (offer.maxAcceptances !== undefined) {
      const accepted = await ctx.state.keysOf(INDEX.agreementsByOffer, [offer.offerId]);
      if (accepted.length >= offer.maxAcceptances) {
        throw new FailedPrecondition(
          `offer ${offer.offerId} was accepted ${accepted.length} times, its limit`,
        );
      }
    }
    const key = agreementKeyOf(ctx, id);
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
    const deposit = depositOf(offer.price);
    await debit(ctx, caller.accountId, deposit, `the deposit of agreement ${id}`);
    const agreement: AgreementRecord = {
      agreementId: id,
      offerId: offer.offerId,
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
      acceptedAt: ctx.now,
      lockUntil: ctx.now + offer.price.maxPeriodSeconds,
      status: 'active',
    };
    await saveAgreement(ctx, agreement);
    await ctx.state.requireEndorsementBy(key, parties(agreement));
    await writeAgreementIndexes(ctx, agreement);
    await writeDueEntries(ctx, agreement, agreement.lockUntil);
    ctx.emit('AgreementAccepted', {
      agreementId: id,
      offerId: offer.offerId,
      consumerOrg: caller.mspId,
      deposit: agreement.deposit,
      lockUntil: agreement.lockUntil,
    });
    return result(agreement);
  }

  /** Records that a session started at the given placement, which must satisfy the constraints. */
  @Transaction()
  @Returns('string')
  async StartSession(
    ctx: LedgerContext,
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
    if (agreement.status !== 'active' || now >= agreement.lockUntil) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} has ended; no session can start`,
      );
    }
    const key = sessionKeyOf(ctx, agreement.agreementId, id);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists(`session of agreement ${agreement.agreementId}`, id);
    }
    const sessions = await loadSessions(ctx, agreement.agreementId);
    if (agreement.maxSessions !== undefined && sessions.length >= agreement.maxSessions) {
      throw new FailedPrecondition(
        `agreement ${agreement.agreementId} allows ${agreement.maxSessions} sessions and all were started`,
      );
    }
    if (agreement.price.model === 'prepaid-minutes') {
      const prepaid = (agreement.price.minutes ?? 0) * 60;
      const used = sessionSeconds(sessions, now);
      if (used >= prepaid) {
        throw new FailedPrecondition(
          `agreement ${agreement.agreementId} has used its ${agreement.price.minutes} prepaid minutes`,
        );
      }
    }
    checkPlacement(agreement.constraints, placement);
    const session: SessionRecord = {
      agreementId: agreement.agreementId,
      sessionId: id,
      placement,
      startedAt: now,
      startedBy: ctx.caller.mspId,
    };
    await ctx.state.put(key, session);
    await ctx.state.requireEndorsementBy(key, parties(agreement));
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
  async StopSession(ctx: LedgerContext, agreementId: string, sessionId: string): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'stop a session of',
    );
    const id = identifier('sessionId', sessionId);
    const key = sessionKeyOf(ctx, agreement.agreementId, id);
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
    await ctx.state.put(key, stopped);
    ctx.emit('SessionStopped', {
      agreementId: agreement.agreementId,
      sessionId: id,
      seconds: stoppedAt - session.startedAt,
    });
    return result(stopped);
  }

  /** The consumer who accepted (or an administrator of its organisation) ends the agreement now. */
  @Transaction()
  @Returns('string')
  async Stop(ctx: LedgerContext, agreementId: string): Promise<string> {
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
    await saveAgreement(ctx, stopped);
    await deleteDueEntries(ctx, agreement, agreement.lockUntil);
    await writeDueEntries(ctx, stopped, ctx.now);
    ctx.emit('AgreementStopped', { agreementId: agreement.agreementId, stoppedAt: ctx.now });
    return result(stopped);
  }

  /**
   * Settles an ended agreement: providers are paid, the consumer refunded and
   * credited. Anyone may call it once the agreement has ended; the outcome
   * depends on the ledger only.
   */
  @Transaction()
  @Returns('string')
  async Settle(ctx: LedgerContext, agreementId: string): Promise<string> {
    const agreement = await loadAgreement(ctx, identifier('agreementId', agreementId));
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
    ctx.emit('AgreementSettled', settledSummary(outcome.settled));
    return result(outcome.settled);
  }

  /**
   * Settles up to maxCount agreements of the caller's organisation that have
   * ended and are ready; for the scheduled job.
   */
  @Transaction()
  @Returns('string')
  async SettleDue(ctx: LedgerContext, maxCount: string): Promise<string> {
    const limit = integerArgument('maxCount', maxCount, 1, 100);
    const [start, end] = dueKeys.endedBefore(ctx.caller.mspId, ctx.now + 1);
    const settled: AgreementRecord[] = [];
    const waiting: string[] = [];
    let examined = 0;
    for await (const entry of ctx.state.range<null>(start, end)) {
      if (settled.length >= limit || examined >= limit * 4) break;
      examined += 1;
      const agreementId = entry.key.slice(entry.key.lastIndexOf('|') + 1);
      const agreement = await loadAgreement(ctx, agreementId);
      const outcome = await settleAgreement(ctx, agreement);
      if ('settled' in outcome) settled.push(outcome.settled);
      else waiting.push(agreementId);
    }
    if (settled.length > 0) {
      ctx.emit('AgreementsSettled', { settled: settled.map(settledSummary), waiting });
    }
    return result({ settled, waiting });
  }

  /** The agreement with its sessions; for its parties only. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: LedgerContext, agreementId: string): Promise<string> {
    const agreement = await loadAgreementAsParty(
      ctx,
      identifier('agreementId', agreementId),
      'read',
    );
    return result(view(agreement, ctx.now, await loadSessions(ctx, agreement.agreementId)));
  }

  /** Agreements the caller's organisation is party to, filtered by status and offer, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async List(
    ctx: LedgerContext,
    filterJson: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const filter = asObject(
      'filter',
      filterJson.trim() === '' ? {} : parseJson('filterJson', filterJson),
    );
    onlyKnownFields('filter', filter, ['phase', 'offerId']);
    const phase =
      filter.phase === undefined ? undefined : oneOf('filter.phase', filter.phase, PHASES);
    const offerId =
      filter.offerId === undefined ? undefined : identifier('filter.offerId', filter.offerId);
    const page = await ctx.state.page<null>(
      INDEX.agreementsByParty,
      [ctx.caller.mspId],
      pageSizeArgument(pageSize),
      bookmark,
    );
    const agreements = [];
    for (const entry of page.records) {
      const agreement = await loadAgreement(ctx, ctx.state.attributesOf(entry.key)[1] ?? '');
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

function view(
  agreement: AgreementRecord,
  now: number,
  sessions?: SessionRecord[],
): Record<string, unknown> {
  return {
    ...agreement,
    phase: phaseOf(agreement, now),
    ended: hasEnded(agreement, now),
    end: agreementEnd(agreement),
    ...(sessions === undefined ? {} : { sessions }),
  };
}

function settledSummary(agreement: AgreementRecord): Record<string, unknown> {
  return {
    agreementId: agreement.agreementId,
    charge: agreement.settlement?.charge,
    credit: agreement.settlement?.credit,
    refund: agreement.settlement?.refund,
  };
}
