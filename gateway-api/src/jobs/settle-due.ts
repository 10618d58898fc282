import { TransactionConflict } from '../ledger/ledger-errors';
import type { SlaClient } from '../ledger/sla-client';
import type { SettleDueResult } from '../ledger/views';
import { clientOf, finishRun, type JobContext } from './job-context';
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
  const counts = { settled: 0, disputed: 0, waiting: 0, transactions: 0 };
  for (const actor of context.actors) {
    const client = clientOf(context, actor);
    const channel = actor.channel;
    let conflicts = 0;
    for (let call = 0; call < MAX_CALLS && !signal?.aborted; call += 1) {
      let result: SettleDueResult;
      try {
        const once = await settleOnce(client, context.settings.settleBatch);
        if (once.submitted) counts.transactions += 1;
        result = once.result;
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
      counts.settled += result.settled.length;
      counts.disputed += result.disputed.length;
      const { metrics } = context;
      metrics.agreementsSettled.inc({ channel, outcome: 'settled' }, result.settled.length);
      metrics.agreementsSettled.inc({ channel, outcome: 'disputed' }, result.disputed.length);
      metrics.agreementsWaiting.set({ channel }, result.waiting.length);
      for (const summary of result.disputed) {
        context.logger.warn(
          { job: JOB, channel, agreement: summary.agreementId, shortfalls: summary.shortfalls },
          `agreement ${summary.agreementId} on ${channel} is disputed: a linked service was measured too little`,
        );
      }
      if (result.settled.length + result.disputed.length === 0) {
        counts.waiting += result.waiting.length;
        break;
      }
    }
  }
  return { ...finishRun(context, JOB, startedAt, failures, signal), ...counts };
}

/** One SettleDue, evaluated first and submitted only when it would settle or dispute something. */
async function settleOnce(
  client: SlaClient,
  batch: number,
): Promise<{ result: SettleDueResult; submitted: boolean }> {
  const preview = await client.settleDuePreview(batch);
  if (preview.settled.length + preview.disputed.length === 0) {
    return { result: preview, submitted: false };
  }
  return { result: await client.settleDue(batch), submitted: true };
}
