import { ChaincodeRejection, TransactionConflict } from '../ledger/ledger-errors';
import type { AgreementView } from '../ledger/views';
import type { JobActor } from './job-actors';
import { clientOf, finishRun, secondsOf, type JobContext } from './job-context';
import { jobFailure } from './job-failure';
import type { JobFailure, StopExpiredReport } from './job-report';
import { everyItem } from './paging';

const JOB = 'stop-expired';

/**
 * Stops the sessions still open on agreements that have ended (each ends at
 * the agreement's end, whoever records it). Providers, who run the sessions,
 * stop them at once; a consumer's gateway steps in after a delay. An ended
 * agreement found without open sessions never gets one again, so
 * `closed` (kept by the caller between runs) spares re-reading it.
 */
export async function stopExpired(
  context: JobContext,
  closed: Set<string>,
  signal?: AbortSignal,
): Promise<StopExpiredReport> {
  const startedAt = context.clock();
  const now = secondsOf(startedAt);
  const failures: JobFailure[] = [];
  const counts = { agreements: 0, sessionsStopped: 0, alreadyStopped: 0 };

  const fail = (channel: string, subjects: string[], error: unknown): void => {
    const failure = jobFailure(channel, subjects, error);
    failures.push(failure);
    context.metrics.failed(JOB, failure);
    context.logger.warn(
      { job: JOB, channel, subjects, reason: failure.reason, error: failure.message },
      `stopping sessions on ${channel} failed (${failure.reason})`,
    );
  };

  /** Stops the agreement's open sessions; whether none is left open. */
  const stopSessions = async (actor: JobActor, agreementId: string): Promise<boolean> => {
    const client = clientOf(context, actor);
    let allStopped = true;
    for await (const session of everyItem(
      (page) => client.sessions(agreementId, page),
      context.settings.pageSize,
    )) {
      if (session.stoppedAt !== undefined || signal?.aborted) continue;
      try {
        await client.stopSession(agreementId, session.sessionId);
        counts.sessionsStopped += 1;
        context.metrics.sessionsStopped.inc({ channel: actor.channel });
      } catch (error) {
        if (error instanceof ChaincodeRejection && error.code === 'FAILED_PRECONDITION') {
          counts.alreadyStopped += 1;
          continue;
        }
        allStopped = false;
        if (error instanceof TransactionConflict) {
          context.metrics.conflicts.inc({ job: JOB, channel: actor.channel });
        } else {
          fail(actor.channel, [`${agreementId}/${session.sessionId}`], error);
        }
      }
    }
    return allStopped && !signal?.aborted;
  };

  const mayStop = (actor: JobActor, agreement: AgreementView): boolean =>
    agreement.providers.some((provider) => provider.mspId === actor.mspId) ||
    now >= agreement.end + context.settings.consumerStopDelaySeconds;

  for (const actor of context.actors) {
    const client = clientOf(context, actor);
    try {
      for await (const agreement of everyItem(
        (page) => client.listAgreements({}, page),
        context.settings.pageSize,
      )) {
        if (signal?.aborted) break;
        const id = `${actor.channel}\u0000${agreement.agreementId}`;
        if (!agreement.ended || closed.has(id) || !mayStop(actor, agreement)) continue;
        counts.agreements += 1;
        if (await stopSessions(actor, agreement.agreementId)) closed.add(id);
      }
    } catch (error) {
      fail(actor.channel, [], error);
    }
  }

  return { ...finishRun(context, JOB, startedAt, failures, signal), ...counts };
}
