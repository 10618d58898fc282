/**
 * Local emulators of Amazon CloudWatch and Azure Monitor that speak the real
 * wire protocols over loopback, for tests, the demo and benchmarks. Import
 * them from `@sla-ledger/emulators/cloudwatch` and
 * `@sla-ledger/emulators/azure-monitor`.
 */
import { join } from 'node:path';

export { createCloudWatchEmulator } from './cloudwatch';
export { createAzureMonitorEmulator } from './azure-monitor';

/** The example scenarios shipped with the emulators (their README documents the format). */
export const EXAMPLE_SCENARIOS = ['ec2-status-check-outage', 'vm1-outage'] as const;

/** The path of an example scenario file. */
export function exampleScenarioFile(name: (typeof EXAMPLE_SCENARIOS)[number]): string {
  return join(__dirname, '..', 'scenarios', `${name}.json`);
}
