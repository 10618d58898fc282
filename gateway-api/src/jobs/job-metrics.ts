import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobFailure, JobName } from './job-report';

/**
 * The jobs' Prometheus metrics, on the registry the gateway serves at
 * /metrics. Several job instances may share one registry: each metric is
 * registered once and reused.
 */
export class JobMetrics {
  /** Runs by outcome: success, partial (some failures), failure, aborted. */
  readonly runs: Counter<'job' | 'outcome'>;
  readonly duration: Histogram<'job'>;
  readonly lastSuccess: Gauge<'job'>;
  readonly windowsMeasured: Counter<'channel'>;
  readonly periodsMeasured: Counter<'channel'>;
  /** Windows a consumer's gateway measured because its provider's had not. */
  readonly steppedIn: Counter<'channel'>;
  /** Refused or failed transactions, by the organisation whose peer refused (empty when unknown). */
  readonly endorsementFailures: Counter<'job' | 'channel' | 'organisation' | 'reason'>;
  readonly conflicts: Counter<'job' | 'channel'>;
  /** Set for the services behind by more than the alert threshold only; removed once they caught up. */
  readonly serviceBehind: Gauge<'channel' | 'service'>;
  readonly servicesBehind: Gauge<'channel'>;
  readonly agreementsSettled: Counter<'channel' | 'outcome'>;
  readonly agreementsWaiting: Gauge<'channel'>;
  readonly sessionsStopped: Counter<'channel'>;

  constructor(registry: Registry) {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      (registry.getSingleMetric(name) as Counter<L> | undefined) ??
      new Counter({ name, help, labelNames, registers: [registry] });
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> =>
      (registry.getSingleMetric(name) as Gauge<L> | undefined) ??
      new Gauge({ name, help, labelNames, registers: [registry] });

    this.runs = counter('sla_job_runs_total', 'Scheduled job runs by outcome', ['job', 'outcome']);
    this.duration =
      (registry.getSingleMetric('sla_job_run_duration_seconds') as Histogram<'job'> | undefined) ??
      new Histogram({
        name: 'sla_job_run_duration_seconds',
        help: 'How long a scheduled job run took',
        labelNames: ['job'],
        buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
        registers: [registry],
      });
    this.lastSuccess = gauge(
      'sla_job_last_success_timestamp_seconds',
      'When each job last ran without failures',
      ['job'],
    );
    this.windowsMeasured = counter(
      'sla_measured_windows_total',
      'Service windows measured by this gateway',
      ['channel'],
    );
    this.periodsMeasured = counter(
      'sla_measured_periods_total',
      'Periods measured by this gateway',
      ['channel'],
    );
    this.steppedIn = counter(
      'sla_measured_windows_stepped_in_total',
      "Windows this consumer's gateway measured because the provider's had not, twice the settle lag after they closed",
      ['channel'],
    );
    this.endorsementFailures = counter(
      'sla_job_endorsement_failures_total',
      'Transactions of the jobs that failed, by the organisation whose peer refused or failed',
      ['job', 'channel', 'organisation', 'reason'],
    );
    this.conflicts = counter(
      'sla_job_transaction_conflicts_total',
      'Transactions of the jobs that lost a race and were left to the next round or run',
      ['job', 'channel'],
    );
    this.serviceBehind = gauge(
      'sla_service_measurement_behind_seconds',
      'How far a service is measured behind what could be measured, for services past the alert threshold',
      ['channel', 'service'],
    );
    this.servicesBehind = gauge(
      'sla_services_behind',
      'Services measured behind by more than the alert threshold',
      ['channel'],
    );
    this.agreementsSettled = counter(
      'sla_agreements_settled_total',
      'Agreements settled or put in dispute by the settle-due job',
      ['channel', 'outcome'],
    );
    this.agreementsWaiting = gauge(
      'sla_agreements_waiting',
      'Ended agreements the last settle-due run found not yet ready',
      ['channel'],
    );
    this.sessionsStopped = counter(
      'sla_sessions_stopped_total',
      'Sessions of ended agreements stopped by the stop-expired job',
      ['channel'],
    );
  }

  /** Counts a failure once for each organisation it names (once, unnamed, when it names none). */
  failed(job: JobName, failure: JobFailure): void {
    const organisations = failure.organisations.length > 0 ? failure.organisations : [''];
    for (const organisation of organisations) {
      this.endorsementFailures.inc({
        job,
        channel: failure.channel,
        organisation,
        reason: failure.reason,
      });
    }
  }

  finished(job: JobName, outcome: string, seconds: number, at: number): void {
    this.runs.inc({ job, outcome });
    this.duration.observe({ job }, seconds);
    if (outcome === 'success') this.lastSuccess.set({ job }, at);
  }
}
