/**
 * A failed read says what happened on the wire, through the real SDKs: refused, TLS, reset
 * (see the incomplete-answer tests), out of time; never "no answer" for what was an answer.
 */
import { createServer } from 'node:net';
import type { AzureMonitorEmulator, StartedEmulator } from '@sla-ledger/emulators/azure-monitor';
import { parseMonitor } from '../../src/domain/monitor';
import type { MetricQuery } from '../../src/oracles/metric-oracle';
import { monitoringOracle } from '../../src/oracles/oracle-from-environment';
import { azureService, serviceWatching } from '../fixtures/services';
import { AWS, AZURE, T0 } from '../support/sla-network';
import { azureStoreOf, outageAzureMonitor } from './azure-monitor-fixture';
import { storeOf } from './cloudwatch-fixture';

const MINUTE = 60;
const settings = { timeoutMs: 1500, maxAttempts: 1 };
const window = { start: T0, end: T0 + 10 * MINUTE, periodSeconds: MINUTE };
const cloudWatchQuery: MetricQuery = {
  id: 'cw',
  serviceKey: 'jitsi-eu-1',
  monitor: parseMonitor('monitor', serviceWatching('i-1', 'jitsi-eu-1').monitor),
  ...window,
};
const azureQuery: MetricQuery = {
  id: 'az',
  serviceKey: 'jitsi-we-1',
  monitor: parseMonitor('monitor', azureService().monitor),
  ...window,
};

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;
let closedPort: number;

beforeAll(async () => {
  emulator = outageAzureMonitor();
  started = await emulator.start();
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
});

afterAll(async () => {
  await emulator.stop();
});

describe('a failed read', () => {
  it('says CloudWatch refused the connection', async () => {
    const oracle = monitoringOracle(() => storeOf(AWS, `http://127.0.0.1:${closedPort}`), settings);
    await expect(oracle.read([cloudWatchQuery])).rejects.toThrow(
      /^ORACLE_UNAVAILABLE: CloudWatch in eu-west-1 could not be read for service jitsi-eu-1: the connection was refused \(ECONNREFUSED\) after \d+ ms$/,
    );
  });

  it('says Entra ID refused the connection, though the credential hides it', async () => {
    const oracle = monitoringOracle(
      () => azureStoreOf(AZURE, started, { authorityHost: `https://127.0.0.1:${closedPort}` }),
      settings,
    );
    await expect(oracle.read([azureQuery])).rejects.toThrow(
      /^ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1: Entra ID discovery \(127\.0\.0\.1:\d+\): the connection was refused \(ECONNREFUSED\) after \d+ ms$/,
    );
  });

  it('says TLS failed when the certificate is not trusted', async () => {
    const oracle = monitoringOracle(
      () => azureStoreOf(AZURE, started, { caCertificate: undefined }),
      settings,
    );
    await expect(oracle.read([azureQuery])).rejects.toThrow(
      /^ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1: Entra ID discovery \(127\.0\.0\.1:\d+\): TLS failed \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate[^)]*\) after \d+ ms$/,
    );
  });

  it('says how long it waited when the monitor is slow', async () => {
    emulator.faults.inject({ kind: 'latency', milliseconds: 3000, times: 1 });
    const oracle = monitoringOracle(() => azureStoreOf(AZURE, started), settings);
    await expect(oracle.read([azureQuery])).rejects.toThrow(
      /^ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1: no answer within 1500 ms$/,
    );
  });
});
