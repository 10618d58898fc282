/**
 * An Azure Monitor answer is evidence only when it is complete: missing results, metrics or
 * time series, a metric's error code, a huge or cut answer, and a token endpoint that never
 * answers all fail the measurement with ORACLE_UNAVAILABLE and write nothing.
 */
import type {
  AzureMonitorEmulator,
  Fault,
  StartedEmulator,
} from '@sla-ledger/emulators/azure-monitor';
import { expectRejected } from '../support/expectations';
import { T0, type SlaNetwork } from '../support/sla-network';
import { azureNetwork, outageAzureMonitor, resourceId, service } from './azure-monitor-fixture';

const HOUR = 3600;
const FAILED =
  'ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1';

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;

beforeAll(async () => {
  emulator = outageAzureMonitor();
  started = await emulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.faults.clear();
});

const update = (net: SlaNetwork): Promise<{ available: number }> =>
  net.submit(
    net.people.azure,
    'services:Update',
    service.key as string,
    String(T0),
    String(T0 + HOUR),
  );

describe('Azure Monitor answers that are not complete', () => {
  it.each([
    [
      'values: []',
      { kind: 'empty-values' },
      `malformed response: no result for resource ${resourceId}`,
    ],
    [
      'a batch without one of its resources',
      { kind: 'missing-resource' },
      `malformed response: no result for resource ${resourceId}`,
    ],
    [
      'value: [] for the resource',
      { kind: 'empty-value' },
      `malformed response: resource ${resourceId} answered 0 metrics for the one asked for`,
    ],
    [
      'empty timeseries',
      { kind: 'empty-timeseries' },
      `malformed response: resource ${resourceId} answered 0 time series for a metric without dimensions`,
    ],
    [
      'a metric carrying an errorCode',
      {
        kind: 'metric-error',
        errorCode: 'InternalError',
        errorMessage: 'metric store unavailable',
      },
      `Azure Monitor reported InternalError for resource ${resourceId}: metric store unavailable`,
    ],
  ] as const)('fail on %s, writing nothing', async (_answer, fault, cause) => {
    const net = await azureNetwork(started);
    emulator.faults.inject(fault as Fault);
    await expectRejected(net, () => update(net), `${FAILED}: ${cause}`);
    emulator.faults.clear();
    await expect(update(net)).resolves.toMatchObject({ available: 48 });
  });

  it('passes on a data point outside the window, which the measurement then refuses', async () => {
    const net = await azureNetwork(started);
    emulator.faults.inject({ kind: 'point-outside-window' });
    await expectRejected(
      net,
      () => update(net),
      `ORACLE_UNAVAILABLE: monitor 0 of service jitsi-we-1 answered malformed readings: datapoint at ${T0 + HOUR} lies outside the window`,
    );
  });

  it('stops reading a huge answer as soon as it passes the size bound', async () => {
    const net = await azureNetwork(started);
    emulator.faults.inject({ kind: 'huge-body', bytes: 400 * 1024 * 1024 });
    emulator.clearCalls();
    const begun = Date.now();
    await expectRejected(net, () => update(net), `${FAILED}: the response exceeded 8388608 bytes`);
    expect(Date.now() - begun).toBeLessThan(5000);
    const batches = (): ReturnType<typeof emulator.calls.filter> =>
      emulator.calls.filter((call) => call.operation === 'metrics-batch');
    await waitFor(() => batches().every((call) => call.bytesSent !== undefined));
    for (const call of batches()) expect(call.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('says the connection was reset, not that nothing answered in time', async () => {
    const net = await azureNetwork(started);
    emulator.faults.inject({ kind: 'connection-reset' });
    await expectRejected(
      net,
      () => update(net),
      new RegExp(
        `${FAILED}: the metrics endpoint \\(127\\.0\\.0\\.1:\\d+\\): the connection was reset \\(ECONNRESET\\) after \\d+ ms$`,
      ),
    );
  });

  it('gives up on a token endpoint that never answers after the call timeout', async () => {
    const net = await azureNetwork(started, { settings: { timeoutMs: 1500, budgetMs: 12_000 } });
    emulator.faults.inject({ kind: 'token-hang' });
    const begun = Date.now();
    await expectRejected(
      net,
      () => update(net),
      new RegExp(
        `${FAILED}: the Entra ID token endpoint \\(127\\.0\\.0\\.1:\\d+\\): no answer within 1500 ms$`,
      ),
    );
    expect(Date.now() - begun).toBeLessThan(4000);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
