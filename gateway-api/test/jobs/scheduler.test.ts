import {
  DEFAULT_JOB_SETTINGS,
  jobSettingsFrom,
  startScheduler,
  type JobName,
  type JobReport,
} from '../../src';
import { RecordedLog } from '../support/job-network';

/** Jobs whose runs end when the test says. */
function heldJobs(): {
  jobs: Parameters<typeof startScheduler>[0];
  runs: Array<{ job: JobName; signal: AbortSignal | undefined; finish: () => void }>;
} {
  const runs: Array<{ job: JobName; signal: AbortSignal | undefined; finish: () => void }> = [];
  return {
    runs,
    jobs: {
      settings: DEFAULT_JOB_SETTINGS,
      run: (job, signal) =>
        new Promise<JobReport>((resolve) => {
          const finish = (): void => resolve({ job } as JobReport);
          runs.push({ job, signal, finish });
          signal?.addEventListener('abort', finish);
        }),
    },
  };
}

describe('the in-process scheduler', () => {
  it('runs each job on its cron pattern', async () => {
    const { jobs } = heldJobs();
    const scheduler = startScheduler(jobs, new RecordedLog());
    expect(scheduler.crons['update-services'].getPattern()).toBe('* * * * *');
    expect(scheduler.crons['settle-due'].getPattern()).toBe('*/5 * * * *');
    const next = scheduler.crons['settle-due'].nextRun() as Date;
    expect(next.getUTCMinutes() % 5).toBe(0);
    await scheduler.stop();
    expect(scheduler.crons['stop-expired'].isRunning()).toBe(false);
  });

  it('does not start a run while the last one of the same job is still going', async () => {
    const { jobs, runs } = heldJobs();
    const log = new RecordedLog();
    const scheduler = startScheduler(jobs, log);
    const first = scheduler.crons['update-services'].trigger();
    await scheduler.crons['update-services'].trigger();
    void scheduler.crons['settle-due'].trigger();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.map((run) => run.job)).toEqual(['update-services', 'settle-due']);
    expect(log.lines.map((line) => line.message)).toContain(
      'update-services is still running; this turn is skipped',
    );
    runs[0]?.finish();
    await first;
    await scheduler.stop();
  });

  it('aborts the runs in progress when stopped', async () => {
    const { jobs, runs } = heldJobs();
    const scheduler = startScheduler(jobs, new RecordedLog());
    void scheduler.crons['stop-expired'].trigger();
    await new Promise((resolve) => setImmediate(resolve));
    await scheduler.stop();
    expect(runs[0]?.signal?.aborted).toBe(true);
  });
});

describe('the job settings', () => {
  it('come from SLA_JOBS_* variables, with defaults', () => {
    expect(jobSettingsFrom({})).toEqual(DEFAULT_JOB_SETTINGS);
    expect(
      jobSettingsFrom({
        SLA_JOBS_IDENTITIES: 'aws-ops, consumer-jobs',
        SLA_JOBS_BATCH_SIZE: '250',
        SLA_JOBS_UPDATE_SERVICES_CRON: '*/30 * * * * *',
      }),
    ).toMatchObject({
      identities: ['aws-ops', 'consumer-jobs'],
      batchSize: 250,
      schedule: { updateServices: '*/30 * * * * *', settleDue: '*/5 * * * *' },
    });
  });

  it('refuse a malformed value, naming the variable', () => {
    expect(() => jobSettingsFrom({ SLA_JOBS_BATCH_SIZE: '501' })).toThrow(/^SLA_JOBS_BATCH_SIZE /);
    expect(() => jobSettingsFrom({ SLA_JOBS_CONCURRENCY: 'many' })).toThrow(
      /^SLA_JOBS_CONCURRENCY /,
    );
  });
});
