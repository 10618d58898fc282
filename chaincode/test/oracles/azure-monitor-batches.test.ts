/**
 * Azure Monitor is read through the metrics batch API: one call per 50 resources of one
 * region, subscription and namespace, on the region's endpoint, with a token for the metrics
 * audience; not one Metrics - List call per service.
 */
import {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
  type Scenario,
  type StartedEmulator,
} from '@sla-ledger/emulators/azure-monitor';
import { monitoringOracle } from '../../src/oracles/oracle-from-environment';
import { azureService } from '../fixtures/services';
import { registerService } from '../support/scenario';
import { AZURE, CONSUMER, T0, slaNetwork } from '../support/sla-network';
import { azureStoreOf, principals } from './azure-monitor-fixture';

const MINUTE = 60;
const HOUR = 3600;
const GROUP =
  '/subscriptions/0000-1111/resourceGroups/jitsi/providers/Microsoft.Compute/virtualMachines';
const vms = [
  ...Array.from({ length: 60 }, (_, index) => ({ name: `jvb-we-${index}`, region: 'westeurope' })),
  ...Array.from({ length: 2 }, (_, index) => ({ name: `jvb-ne-${index}`, region: 'northeurope' })),
];

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;

beforeAll(async () => {
  const scenario: Scenario = {
    principals: Object.values(principals),
    resources: vms.map((vm) => ({
      id: `${GROUP}/${vm.name}`,
      location: vm.region,
      metrics: [
        {
          name: 'Percentage CPU',
          series: {
            from: new Date(T0 * 1000).toISOString(),
            to: new Date((T0 + HOUR) * 1000).toISOString(),
            every: 'PT1M',
            values: [30],
          },
        },
      ],
    })),
  };
  emulator = createAzureMonitorEmulator({ principals: [], scenario });
  started = await emulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

describe('Azure Monitor in batches', () => {
  it('reads 62 services with one call per 50 resources of a region, for each organisation', async () => {
    const net = await slaNetwork({
      orgs: [CONSUMER, AZURE],
      channelId: 'channel-azure',
      oracleFor: (org) =>
        monitoringOracle(() => azureStoreOf(org, started), { timeoutMs: 5000, maxAttempts: 1 }),
    });
    for (const vm of vms) {
      const base = azureService();
      await registerService(net, net.people.azure, {
        ...base,
        key: vm.name,
        monitor: {
          ...(base.monitor as object),
          region: vm.region,
          resourceId: `${GROUP}/${vm.name}`,
        },
      });
    }
    net.setTime(T0 + 2 * HOUR);
    emulator.clearCalls();
    const requests = vms.map((vm) => ({
      serviceKey: vm.name,
      windowStart: T0,
      windowEnd: T0 + 10 * MINUTE,
    }));
    const result = await net.submit<{ measurements: Array<{ available: number }> }>(
      net.people.azure,
      'services:UpdateMany',
      JSON.stringify(requests),
    );
    expect(result.measurements.map((measurement) => measurement.available)).toEqual(
      vms.map(() => 10),
    );
    const batches = emulator.calls.filter((call) => call.operation === 'metrics-batch');
    expect(emulator.calls.filter((call) => call.operation === 'metrics')).toEqual([]);
    for (const clientId of new Set(batches.map((call) => call.clientId))) {
      const own = batches.filter((call) => call.clientId === clientId);
      expect(own.map((call) => [call.region, call.resourceIds?.length]).sort()).toEqual([
        ['northeurope', 2],
        ['westeurope', 10],
        ['westeurope', 50],
      ]);
      expect(own[0]).toMatchObject({
        status: 200,
        apiVersion: '2024-02-01',
        metricNamespace: 'Microsoft.Compute/virtualMachines',
        metricNames: ['Percentage CPU'],
        interval: 'PT1M',
        aggregation: 'Average',
      });
    }
  });
});
