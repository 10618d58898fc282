import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMonitor } from '@sla-ledger/chaincode/domain';
import { canonicalizeReadings } from '@sla-ledger/chaincode/domain';
import { oracleFromEnvironment } from '@sla-ledger/chaincode/oracles';
import {
  INSTANCE_ID,
  ORGANISATIONS,
  VM_ID,
  startLocalMonitoring,
  type LocalMonitoring,
} from '../../src/demo/local-monitoring';

const MINUTE = 60;
const NOW = Date.parse('2026-11-25T12:00:00Z') / 1000;
let sim: LocalMonitoring;

beforeAll(async () => {
  sim = await startLocalMonitoring({
    directory: mkdtempSync(join(tmpdir(), 'sla-sim-')),
    now: NOW,
  });
});

afterAll(async () => {
  await sim.stop();
});

describe('npm run sim', () => {
  it('gives every organisation a sealed credentials file of its own, readable by its owner only', () => {
    expect(Object.keys(sim.environments)).toEqual([...ORGANISATIONS]);
    for (const environment of Object.values(sim.environments)) {
      expect(statSync(environment.SLA_CREDENTIALS_FILE).mode & 0o777).toBe(0o600);
    }
  });

  it('serves the scripted outage to the chaincode adapters through those files', async () => {
    const window = { start: NOW - 60 * MINUTE, end: NOW - 20 * MINUTE, periodSeconds: MINUTE };
    const cloudwatch = parseMonitor('m', {
      kind: 'cloudwatch',
      credentialsRef: 'aws-monitoring',
      region: 'eu-west-1',
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: [{ name: 'InstanceId', value: INSTANCE_ID }],
      statistic: 'Maximum',
      availableWhen: { comparison: 'eq', threshold: '0' },
    });
    const azure = parseMonitor('m', {
      kind: 'azure-monitor',
      credentialsRef: 'azure-monitoring',
      region: 'westeurope',
      metricNamespace: 'Microsoft.Compute/virtualMachines',
      resourceId: VM_ID,
      metricName: 'Percentage CPU',
      aggregation: 'Average',
      availableWhen: { comparison: 'present' },
    });
    for (const org of ORGANISATIONS) {
      const oracle = oracleFromEnvironment({ ...sim.environments[org] });
      const answers = await oracle.read([
        { id: 'cw', serviceKey: 'jitsi-eu-1', monitor: cloudwatch, ...window },
        { id: 'az', serviceKey: 'jitsi-we-1', monitor: azure, ...window },
      ]);
      const failed = canonicalizeReadings(answers.get('cw') ?? [], window, MINUTE).map(
        (value) => value === '1',
      );
      expect(failed.filter(Boolean)).toHaveLength(12); // 11:15–11:27
      expect(failed.indexOf(true)).toBe(15);
      const present = canonicalizeReadings(answers.get('az') ?? [], window, MINUTE).map(
        (value) => value !== null,
      );
      expect(present.filter((p) => !p)).toHaveLength(12); // 11:20–11:32
      expect(present.indexOf(false)).toBe(20);
    }
  });

  it('removes the sealed credentials files and their folder when it stops', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sla-sim-stop-'));
    const short = await startLocalMonitoring({ directory, now: NOW });
    const files = [
      short.caFile,
      ...Object.values(short.environments).map((e) => e.SLA_CREDENTIALS_FILE),
    ];
    expect(files.every((file) => existsSync(file))).toBe(true);
    await short.stop();
    expect(files.filter((file) => existsSync(file))).toEqual([]);
    expect(existsSync(directory)).toBe(false);
  });
});
