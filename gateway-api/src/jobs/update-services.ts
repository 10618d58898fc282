import {
  ChaincodeRejection,
  TransactionConflict,
  TransactionInvalid,
} from '../ledger/ledger-errors';
import { clientOf, finishRun, secondsOf, type JobContext } from './job-context';
import { jobFailure } from './job-failure';
import type { JobFailure, ServiceBehind, UpdateServicesReport } from './job-report';
import {
  behindSeconds,
  planBatches,
  trackedService,
  windowToMeasure,
  type TrackedService,
  type WindowRequest,
} from './measurement-plan';
import { eachConcurrently, everyItem } from './paging';

const JOB = 'update-services';
/** Services behind that get an error line of their own in one run; the gauge names them all. */
const ALERTS_PER_RUN = 20;
/** Conflicts a service may meet in one run before its batch is treated as refused. */
const CONFLICTS_BEFORE_REFUSAL = 3;

/**
 * Measures every active service of the acting organisations up to now minus
 * the settle lag (the consumer: what its provider left unmeasured twice the
 * settle lag after it closed), in UpdateMany batches, round after round
 * until caught up. A window someone else measured meanwhile is done, not a
 * failure; a refused batch is split to find the services at fault. Nothing
 * is kept between runs: the ledger's meters say where each service stands,
 * so a run may be killed at any point and runs may overlap.
 */
export async function updateServices(
  context: JobContext,
  signal?: AbortSignal,
): Promise<UpdateServicesReport> {
  return new UpdateServicesRun(context, signal).run();
}

type Attempt =
  | { kind: 'measured' | 'moved' | 'conflict' | 'failed' }
  | { kind: 'refused'; error: ChaincodeRejection | TransactionConflict };

class UpdateServicesRun {
  private readonly startedAt: Date;
  private readonly tracked = new Map<string, TrackedService>();
  private readonly failures: JobFailure[] = [];
  private readonly failed = new Map<string, JobFailure>();
  private readonly conflicts = new Map<string, number>();
  private splitsLeft: number;
  private windowsMeasured = 0;
  private periodsMeasured = 0;
  private steppedIn = 0;
  /** Services measured in their provider's place, by channel and provider. */
  private readonly steppedInFor = new Map<string, Set<string>>();
  private alreadyMeasured = 0;
  private transactions = 0;
  private rounds = 0;

  constructor(
    private readonly context: JobContext,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.startedAt = context.clock();
    this.splitsLeft = context.settings.maxSplits;
  }

  async run(): Promise<UpdateServicesReport> {
    await this.listServices();
    for (let round = 1; round <= this.context.settings.maxRounds; round += 1) {
      if (this.signal?.aborted) break;
      const now = secondsOf(this.context.clock());
      const due: WindowRequest[] = [];
      for (const [id, service] of this.tracked) {
        const window = this.failed.has(id) ? undefined : windowToMeasure(service, now);
        if (window !== undefined) due.push({ service, window });
      }
      if (due.length === 0) break;
      this.rounds = round;
      await eachConcurrently(
        planBatches(due, this.context.settings.batchSize),
        this.context.settings.concurrency,
        (batch) => (this.signal?.aborted ? Promise.resolve() : this.measure(batch)),
      );
    }
    return this.report();
  }

  /** The services each actor's organisation provides or consumes; a service both sides' identities see is measured as its provider. */
  private async listServices(): Promise<void> {
    for (const actor of this.context.actors) {
      const client = clientOf(this.context, actor);
      try {
        for await (const view of everyItem(
          (page) => client.listServices(page),
          this.context.settings.pageSize,
        )) {
          const service = trackedService(actor, view);
          const id = idOf(actor.channel, view.key);
          if (service !== undefined && this.tracked.get(id)?.role !== 'provider') {
            this.tracked.set(id, service);
          }
        }
      } catch (error) {
        this.fail(actor.channel, [], error);
      }
    }
  }

  private async measure(batch: WindowRequest[]): Promise<void> {
    const attempt = await this.attempt(batch);
    if (attempt.kind === 'refused') await this.isolate(batch, attempt.error);
  }

  private async attempt(batch: WindowRequest[]): Promise<Attempt> {
    const actor = (batch[0] as WindowRequest).service.actor;
    this.transactions += 1;
    try {
      const { measurements } = await clientOf(this.context, actor).measureMany(
        batch.map(({ service, window }) => ({
          serviceKey: service.serviceKey,
          windowStart: window.start,
          windowEnd: window.end,
        })),
      );
      for (const measured of measurements) {
        const service = this.tracked.get(idOf(actor.channel, measured.serviceKey));
        if (service !== undefined) service.measuredUntil = measured.end;
        this.counted(
          actor.channel,
          service,
          (measured.end - measured.start) / measured.periodSeconds,
        );
      }
      return { kind: 'measured' };
    } catch (error) {
      // A transaction that raced another measuring the same window loses with an MVCC conflict,
      // or, when both created the window's records in one block, with ENDORSEMENT_POLICY_FAILURE
      // (the records' key-level policy was written earlier in the block); the meters tell.
      const stale =
        error instanceof TransactionConflict ||
        error instanceof TransactionInvalid ||
        (error instanceof ChaincodeRejection && error.code !== 'ORACLE_UNAVAILABLE');
      if (stale && (await this.refresh(batch)) > 0) return { kind: 'moved' };
      if (error instanceof TransactionConflict) {
        this.context.metrics.conflicts.inc({ job: JOB, channel: actor.channel });
        return this.conflicted(batch) ? { kind: 'refused', error } : { kind: 'conflict' };
      }
      if (error instanceof ChaincodeRejection) return { kind: 'refused', error };
      this.failBatch(batch, error);
      return { kind: 'failed' };
    }
  }

  /**
   * Splits a refused batch in halves until the refused services stand alone.
   * When both halves fail to read their monitors, the monitor group is down:
   * splitting further would only read it again.
   */
  private async isolate(
    batch: WindowRequest[],
    error: ChaincodeRejection | TransactionConflict,
  ): Promise<void> {
    if (batch.length === 1 || this.splitsLeft < 2) {
      this.failBatch(batch, error);
      return;
    }
    this.splitsLeft -= 2;
    const middle = Math.ceil(batch.length / 2);
    const halves = [batch.slice(0, middle), batch.slice(middle)];
    const attempts = await Promise.all(halves.map((half) => this.attempt(half)));
    const oracleDown = attempts.every(
      (attempt) =>
        attempt.kind === 'refused' &&
        attempt.error instanceof ChaincodeRejection &&
        attempt.error.code === 'ORACLE_UNAVAILABLE',
    );
    for (const [index, attempt] of attempts.entries()) {
      if (attempt.kind !== 'refused') continue;
      const half = halves[index] as WindowRequest[];
      if (oracleDown) this.failBatch(half, attempt.error);
      else await this.isolate(half, attempt.error);
    }
  }

  /** Re-reads the batch's meters; returns how many services someone else measured or deactivated meanwhile. */
  private async refresh(batch: WindowRequest[]): Promise<number> {
    let moved = 0;
    await eachConcurrently(batch, this.context.settings.concurrency * 2, async ({ service }) => {
      const id = idOf(service.actor.channel, service.serviceKey);
      try {
        const view = await clientOf(this.context, service.actor).getService(service.serviceKey);
        if (view.status !== 'active') {
          this.tracked.delete(id);
          moved += 1;
        } else if (view.meter.measuredUntil !== service.measuredUntil) {
          service.measuredUntil = view.meter.measuredUntil;
          this.alreadyMeasured += 1;
          moved += 1;
        }
      } catch (error) {
        if (error instanceof ChaincodeRejection && error.code === 'NOT_FOUND') {
          this.tracked.delete(id);
          moved += 1;
        }
      }
    });
    return moved;
  }

  /** Whether a service of the batch has lost too many races this run to keep waiting for the next round. */
  private conflicted(batch: WindowRequest[]): boolean {
    let exhausted = false;
    for (const { service } of batch) {
      const id = idOf(service.actor.channel, service.serviceKey);
      const count = (this.conflicts.get(id) ?? 0) + 1;
      this.conflicts.set(id, count);
      exhausted ||= count >= CONFLICTS_BEFORE_REFUSAL;
    }
    return exhausted;
  }

  private counted(channel: string, service: TrackedService | undefined, periods: number): void {
    this.windowsMeasured += 1;
    this.periodsMeasured += periods;
    this.context.metrics.windowsMeasured.inc({ channel });
    this.context.metrics.periodsMeasured.inc({ channel }, periods);
    if (service?.role === 'consumer') {
      this.steppedIn += 1;
      this.context.metrics.steppedIn.inc({ channel });
      const key = `${channel}\u0000${service.providerOrg}`;
      this.steppedInFor.set(key, (this.steppedInFor.get(key) ?? new Set()).add(service.serviceKey));
    }
  }

  /** One warning per channel and provider whose services this consumer measured in its place. */
  private warnSteppedIn(): void {
    for (const [key, services] of this.steppedInFor) {
      const [channel, provider] = key.split('\u0000') as [string, string];
      const keys = [...services].sort();
      this.context.logger.warn(
        { job: JOB, channel, provider, services: keys.slice(0, 10), serviceCount: keys.length },
        `measured ${keys.length} service(s) on ${channel} in place of their provider ${provider}, which left them unmeasured twice the settle lag`,
      );
    }
  }

  private failBatch(batch: WindowRequest[], error: unknown): void {
    const first = (batch[0] as WindowRequest).service;
    const failure = this.fail(
      first.actor.channel,
      batch.map(({ service }) => service.serviceKey),
      error,
      first.monitors,
    );
    for (const { service } of batch) {
      this.failed.set(idOf(service.actor.channel, service.serviceKey), failure);
    }
  }

  private fail(
    channel: string,
    subjects: string[],
    error: unknown,
    monitors?: string[],
  ): JobFailure {
    const failure = jobFailure(channel, subjects, error);
    this.failures.push(failure);
    this.context.metrics.failed(JOB, failure);
    this.context.logger.warn(
      {
        job: JOB,
        channel,
        services: subjects.slice(0, 10),
        serviceCount: subjects.length,
        reason: failure.reason,
        organisations: failure.organisations,
        ...(monitors === undefined ? {} : { monitors }),
        error: failure.message,
      },
      subjects.length === 0
        ? `listing the services on ${channel} failed`
        : `measuring ${subjects.length} service(s) on ${channel} failed (${cause(failure)})`,
    );
    return failure;
  }

  private report(): UpdateServicesReport {
    this.warnSteppedIn();
    const run = finishRun(this.context, JOB, this.startedAt, this.failures, this.signal);
    return {
      ...run,
      services: this.tracked.size,
      windowsMeasured: this.windowsMeasured,
      periodsMeasured: this.periodsMeasured,
      steppedIn: this.steppedIn,
      alreadyMeasured: this.alreadyMeasured,
      transactions: this.transactions,
      rounds: this.rounds,
      behind: this.behind(secondsOf(new Date(run.finishedAt))),
    };
  }

  /** Services behind by more than the alert threshold: a gauge each, and an error log naming who failed. */
  private behind(now: number): ServiceBehind[] {
    const { metrics, settings } = this.context;
    metrics.serviceBehind.reset();
    metrics.servicesBehind.reset();
    for (const actor of this.context.actors) {
      metrics.servicesBehind.set({ channel: actor.channel }, 0);
    }
    const behind: ServiceBehind[] = [];
    for (const [id, service] of this.tracked) {
      const seconds = behindSeconds(service, now);
      if (seconds <= settings.behindAlertSeconds) continue;
      const channel = service.actor.channel;
      const failure = this.failed.get(id);
      behind.push({
        channel,
        serviceKey: service.serviceKey,
        measuredUntil: service.measuredUntil,
        behindSeconds: seconds,
        monitors: service.monitors,
        ...(failure === undefined ? {} : { failure }),
      });
      metrics.serviceBehind.set({ channel, service: service.serviceKey }, seconds);
      metrics.servicesBehind.inc({ channel });
    }
    this.alert(behind);
    return behind;
  }

  /** One error line per service behind, the first ALERTS_PER_RUN of them, then how many more. */
  private alert(behind: ServiceBehind[]): void {
    const { logger } = this.context;
    for (const service of behind.slice(0, ALERTS_PER_RUN)) {
      const failure = service.failure;
      logger.error(
        {
          job: JOB,
          channel: service.channel,
          service: service.serviceKey,
          behindSeconds: service.behindSeconds,
          measuredUntil: new Date(service.measuredUntil * 1000).toISOString(),
          monitors: service.monitors,
          ...(failure === undefined
            ? {}
            : {
                reason: failure.reason,
                organisations: failure.organisations,
                error: failure.message,
              }),
        },
        `service ${service.serviceKey} on ${service.channel} is measured ${service.behindSeconds} s behind${failure === undefined ? '' : `: ${cause(failure)}`}`,
      );
    }
    if (behind.length > ALERTS_PER_RUN) {
      logger.error(
        { job: JOB, servicesBehind: behind.length },
        `${behind.length - ALERTS_PER_RUN} more services are measured behind (sla_service_measurement_behind_seconds names them)`,
      );
    }
  }
}

/** `ORACLE_UNAVAILABLE at ConsumerOrgMSP`: why, and whose peers refused. */
function cause(failure: JobFailure): string {
  return failure.organisations.length > 0
    ? `${failure.reason} at ${failure.organisations.join(', ')}`
    : failure.reason;
}

function idOf(channel: string, serviceKey: string): string {
  return `${channel}\u0000${serviceKey}`;
}
