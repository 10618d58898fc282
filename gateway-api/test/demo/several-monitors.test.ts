import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlaClient, embeddedLedger, type LedgerPort } from '../../src';
import { demoConsortium } from '../../src/demo/demo-consortium';
import { jitsiOnEc2 } from '../../src/demo/demo-services';
import { seedDemo } from '../../src/demo/seed-demo';
import { VM_ID, startLocalMonitoring, type LocalMonitoring } from '../../src/demo/local-monitoring';

const MINUTE = 60;
// The emulators' scenario around NOW: CloudWatch reports a failed status check 11:15–11:27,
// Azure Monitor has no CPU data 11:20–11:32.
const NOW = Date.parse('2026-11-25T12:00:00Z') / 1000;

function watchedTwice(key: string, conflictRule: string): Record<string, unknown> {
  const { monitor, sla, ...service } = jitsiOnEc2(key, NOW - 50 * MINUTE);
  const azure = {
    kind: 'azure-monitor',
    credentialsRef: 'azure-monitoring',
    region: 'westeurope',
    metricNamespace: 'Microsoft.Compute/virtualMachines',
    resourceId: VM_ID,
    metricName: 'Percentage CPU',
    aggregation: 'Average',
    availableWhen: { comparison: 'present' },
    missingData: 'unavailable',
  };
  return { ...service, sla, monitors: [monitor, azure], conflictRule };
}

describe('a service watched by CloudWatch and Azure Monitor', () => {
  let monitoring: LocalMonitoring;
  let ledger: LedgerPort;
  beforeAll(async () => {
    monitoring = await startLocalMonitoring({
      directory: mkdtempSync(join(tmpdir(), 'sla-monitors-')),
      now: NOW,
    });
    ledger = embeddedLedger({
      consortium: demoConsortium(monitoring.environments),
      clock: () => new Date(NOW * 1000),
    });
    await seedDemo(ledger, NOW);
  });
  afterAll(async () => {
    await ledger.close();
    await monitoring.stop();
  });

  it.each([
    // 11:10–11:40: CloudWatch down 11:15–11:27, Azure silent 11:20–11:32.
    ['all-must-agree-available', 'A'.repeat(5) + 'U'.repeat(17) + 'A'.repeat(8)],
    ['any-available', 'A'.repeat(10) + 'U'.repeat(7) + 'A'.repeat(13)],
  ])('decides each period by the conflict rule %s', async (rule, verdicts) => {
    const aws = new SlaClient(ledger, 'channel-aws', 'aws-admin');
    const key = `jitsi-twice-${rule}`;
    await aws.registerService(watchedTwice(key, rule));
    const measurement = await aws.measure(key, NOW - 50 * MINUTE, NOW - 20 * MINUTE);
    expect(measurement.verdicts).toBe(verdicts);
  });
});
