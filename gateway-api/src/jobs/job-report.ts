/** What each job run reports: what it did, and what failed and why. */

export type JobName = 'update-services' | 'settle-due' | 'stop-expired';

export const JOB_NAMES: readonly JobName[] = ['update-services', 'settle-due', 'stop-expired'];

export interface JobFailure {
  channel: string;
  /** What failed: service keys, an agreement id, `agreement/session`. */
  subjects: string[];
  /** The chaincode's error code, the commit's validation code, CONFLICT, UNAVAILABLE or ERROR. */
  reason: string;
  /** The organisations whose peers refused or failed, where the ledger names them. */
  organisations: string[];
  message: string;
}

/** success: nothing failed; partial: something failed, the rest was done; aborted: stopped by its signal. */
export type JobOutcome = 'success' | 'partial' | 'aborted';

export interface JobRun {
  job: JobName;
  startedAt: string;
  finishedAt: string;
  outcome: JobOutcome;
  failures: JobFailure[];
}

export interface ServiceBehind {
  channel: string;
  serviceKey: string;
  /** Measured up to (seconds since the epoch). */
  measuredUntil: number;
  /** Seconds between that and the end of the last window the settle lag lets anyone measure. */
  behindSeconds: number;
  /** The monitors it reads, e.g. `cloudwatch eu-west-1 (aws-monitoring)`. */
  monitors: string[];
  /** The last failure of this run for it, if any. */
  failure?: JobFailure;
}

export interface UpdateServicesReport extends JobRun {
  job: 'update-services';
  /** Active services of the acting organisations. */
  services: number;
  windowsMeasured: number;
  periodsMeasured: number;
  /** Of those, windows a consumer measured in its provider's place. */
  steppedIn: number;
  /** Windows found measured by someone else meanwhile (another run or organisation): done, not failed. */
  alreadyMeasured: number;
  transactions: number;
  rounds: number;
  behind: ServiceBehind[];
}

export interface SettleDueReport extends JobRun {
  job: 'settle-due';
  settled: number;
  disputed: number;
  /** Ended agreements not yet ready (measurements or grace period outstanding), as the last call saw. */
  waiting: number;
  transactions: number;
}

export interface StopExpiredReport extends JobRun {
  job: 'stop-expired';
  /** Ended agreements whose sessions were looked at. */
  agreements: number;
  sessionsStopped: number;
  /** Sessions found stopped by someone else meanwhile. */
  alreadyStopped: number;
}

export type JobReport = UpdateServicesReport | SettleDueReport | StopExpiredReport;
