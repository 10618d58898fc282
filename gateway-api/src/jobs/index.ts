/** The scheduled jobs: measure services, settle due agreements, stop expired sessions. */
export { ScheduledJobs, type ScheduledJobsOptions } from './scheduled-jobs';
export { startScheduler, type JobScheduler } from './scheduler';
export { DEFAULT_JOB_SETTINGS, jobSettingsFrom, type JobSettings } from './job-settings';
export { jobActors, type JobActor } from './job-actors';
export { JOB_NAMES } from './job-report';
export type * from './job-report';
