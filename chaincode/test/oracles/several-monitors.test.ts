import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTANCE_ID,
  VM_ID,
  startLocalMonitoring,
  type LocalMonitoring,
} from '../../../scripts/sim/local-monitoring';
import { oracleFromEnvironment } from '../../src/oracles/oracle-from-environment';
import { cloudWatchService } from '../fixtures/services';
import { registerService } from '../support/scenario';
import { T0, slaNetwork } from '../support/sla-network';

const MINUTE = 60;
// The emulators' scenario, built around NOW: CloudWatch reports a failed status check 11:15–11:27,
// Azure Monitor has no CPU data 11:20–11:32.
const NOW = T0 + 2 * 3600;
let monitoring: LocalMonitoring;

beforeAll(async () => {
  monitoring = await startLocalMonitoring({
    directory: mkdtempSync(join(tmpdir(), 'sla-monitors-')),
    now: NOW,
  });
});

afterAll(async () => {
  await monitoring.stop();
});

function twoSourceService(key: string, conflictRule: string): Record<string, unknown> {
  const service = cloudWatchService({ key });
  const cloudwatch = {
    ...(service.monitor as object),
    dimensions: [{ name: 'InstanceId', value: INSTANCE_ID }],
  };
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
  const sla = { ...(service.sla as object), measuredFrom: NOW - 50 * MINUTE };
  const twice: Record<string, unknown> = {
    ...service,
    sla,
    monitors: [cloudwatch, azure],
    conflictRule,
  };
  delete twice.monitor;
  return twice;
}

describe('a service watched by CloudWatch and Azure Monitor', () => {
  it.each([
    // 11:10–11:40: CloudWatch down 11:15–11:27, Azure silent 11:20–11:32.
    ['all-must-agree-available', 'A'.repeat(5) + 'U'.repeat(17) + 'A'.repeat(8)],
    ['any-available', 'A'.repeat(10) + 'U'.repeat(7) + 'A'.repeat(13)],
  ])('decides each period by the conflict rule %s', async (rule, verdicts) => {
    const net = await slaNetwork({
      oracleFor: (org) => oracleFromEnvironment({ ...monitoring.environments[org] }),
    });
    await registerService(net, net.people.aws, twoSourceService('jitsi-twice', rule));
    net.setTime(NOW);
    const measurement = await net.submit<{ verdicts: string }>(
      net.people.aws,
      'services:Update',
      'jitsi-twice',
      String(NOW - 50 * MINUTE),
      String(NOW - 20 * MINUTE),
    );
    expect(measurement.verdicts).toBe(verdicts);
  });
});
