import { TransactionConflict } from '../ledger/ledger-errors';
import { clientOf, secondsOf, type JobContext } from './job-context';
import { jobFailure } from './job-failure';
import type { JobFailure, SettleDueReport } from './job-report';

const JOB = 'settle-due';
/** Conflicts (another run settling the same agreements) tolerated per channel before leaving it to the next run. */
const MAX_CONFLICTS = 3;
/** SettleDue calls per channel and run, so a ledger that keeps answering cannot hold the run forever. */
const MAX_CALLS = 1000;

/**
 * Settles every due agreement of the acting organisations: agreements:SettleDue
 * until a call settles and disputes nothing more (the rest wait for their
 * measurements or grace period). Disputed agreements leave the due index.
 */
export async function settleDue(
  context: JobContext,
  signal?: AbortSignal,
): Promise<SettleDueReport> {
  const startedAt = context.clock();
  const failures: JobFailure[] = [];
  let settled = 0;
  let disputed = 0;
  let waiting = 0;
  let transactions = 0;
  for (const actor of context.actors) {
    const client = clientOf(context, actor);
    const channel = actor.channel;
    let conflicts = 0;
    for (let call = 0; call < MAX_CALLS && !signal?.aborted; call += 1) {
      transactions += 1;
      try {
        const result = await client.settleDue(context.settings.settleBatch);
        settled += result.settled.length;
        disputed += result.disputed.length;
        context.metrics.agreementsSettled.inc(
          { channel, outcome: 'settled' },
          result.settled.length,
        );
        context.metrics.agreementsSettled.inc(
          { channel, outcome: 'disputed' },
          result.disputed.length,
        );
        context.metrics.agreementsWaiting.set({ channel }, result.waiting.length);
        for (const summary of result.disputed) {
          context.logger.warn(
            { job: JOB, channel, agreement: summary.agreementId, shortfalls: summary.shortfalls },
            `agreement ${summary.agreementId} on ${channel} is disputed: a linked service was measured too little`,
          );
        }
        if (result.settled.length + result.disputed.length === 0) {
          waiting += result.waiting.length;
          break;
        }
      } catch (error) {
        if (error instanceof TransactionConflict && conflicts < MAX_CONFLICTS) {
          conflicts += 1;
          context.metrics.conflicts.inc({ job: JOB, channel });
          continue;
        }
        const failure = jobFailure(channel, [], error);
        failures.push(failure);
        context.metrics.failed(JOB, failure);
        context.logger.warn(
          {
            job: JOB,
            channel,
            reason: failure.reason,
            organisations: failure.organisations,
            error: failure.message,
          },
          `settling due agreements on ${channel} failed (${failure.reason})`,
        );
        break;
      }
    }
  }
  const finishedAt = context.clock();
  const outcome = signal?.aborted ? 'aborted' : failures.length > 0 ? 'partial' : 'success';
  context.metrics.finished(
    JOB,
    outcome,
    (finishedAt.getTime() - startedAt.getTime()) / 1000,
    secondsOf(finishedAt),
  );
  return {
    job: JOB,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    outcome,
    failures,
    settled,
    disputed,
    waiting,
    transactions,
  };
}
