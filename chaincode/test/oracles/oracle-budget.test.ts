/**
 * One time budget for all the oracle reads of a transaction: a slow monitor holds the
 * channel's commit lock on a real peer, so the read fails once the budget is spent, however
 * many calls it took and whatever the SDK is still waiting for.
 */
import type { StartedEmulator } from '@sla-ledger/emulators/azure-monitor';
import type { AzureMonitorEmulator } from '@sla-ledger/emulators/azure-monitor';
import type { CloudWatchEmulator } from '@sla-ledger/emulators/cloudwatch';
import { DEFAULT_ORACLE_SETTINGS, oracleSettingsFrom } from '../../src/oracles/oracle-settings';
import { serviceWatching } from '../fixtures/services';
import { expectRejected } from '../support/expectations';
import { registerService } from '../support/scenario';
import { T0 } from '../support/sla-network';
import { azureNetwork, outageAzureMonitor, service } from './azure-monitor-fixture';
import { cloudWatchNetwork, scenarioCloudWatch } from './cloudwatch-fixture';

const MINUTE = 60;
const HOUR = 3600;

let cloudWatch: CloudWatchEmulator;
let cloudWatchEndpoint: string;
let azure: AzureMonitorEmulator;
let azureStarted: StartedEmulator;

beforeAll(async () => {
  cloudWatch = scenarioCloudWatch();
  ({ endpoint: cloudWatchEndpoint } = await cloudWatch.start());
  azure = outageAzureMonitor();
  azureStarted = await azure.start();
});

afterAll(async () => {
  await cloudWatch.stop();
  await azure.stop();
});

afterEach(() => {
  cloudWatch.clearFaults();
  azure.faults.clear();
});

describe('the oracle time budget', () => {
  it('covers every page of a read, not only each call', async () => {
    // Six pages of 10 datapoints, 600 ms each: every call is well within its timeout,
    // the read as a whole is not within its budget.
    const net = await cloudWatchNetwork(cloudWatchEndpoint, {
      settings: { timeoutMs: 1500, budgetMs: 2000, cloudWatchPageDatapoints: 10 },
    });
    await registerService(net, net.people.aws, serviceWatching('i-1', 'jitsi-eu-1'));
    net.setTime(T0 + 2 * HOUR);
    cloudWatch.faults.latencyMs = 600;
    const begun = Date.now();
    await expectRejected(
      net,
      () =>
        net.submit(net.people.aws, 'services:Update', 'jitsi-eu-1', String(T0), String(T0 + HOUR)),
      'ORACLE_UNAVAILABLE: CloudWatch in eu-west-1 could not be read for service jitsi-eu-1: the oracle time budget of 2000 ms ran out (SLA_ORACLE_BUDGET_MS)',
    );
    expect(Date.now() - begun).toBeLessThan(2 * 2000 + 1000);
  });

  it('covers the token: a token endpoint that never answers ends the read at the budget', async () => {
    const net = await azureNetwork(azureStarted, {
      settings: { timeoutMs: 10_000, budgetMs: 1000 },
    });
    azure.faults.inject({ kind: 'token-hang' });
    const begun = Date.now();
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.azure,
          'services:Update',
          service.key as string,
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      'ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1: the oracle time budget of 1000 ms ran out (SLA_ORACLE_BUDGET_MS)',
    );
    expect(Date.now() - begun).toBeLessThan(2 * 1000 + 1000);
  });

  it('comes from SLA_ORACLE_BUDGET_MS, 12 s by default and at most 25 s', () => {
    expect(oracleSettingsFrom({}).budgetMs).toBe(12_000);
    expect(DEFAULT_ORACLE_SETTINGS.budgetMs).toBeLessThan(30_000);
    expect(oracleSettingsFrom({ SLA_ORACLE_BUDGET_MS: '5000' }).budgetMs).toBe(5000);
    expect(() => oracleSettingsFrom({ SLA_ORACLE_BUDGET_MS: '30000' })).toThrow(
      'SLA_ORACLE_BUDGET_MS must be a whole number between 100 and 25000, got "30000"',
    );
    expect(() => oracleSettingsFrom({ SLA_ORACLE_BUDGET_MS: 'soon' })).toThrow(
      'SLA_ORACLE_BUDGET_MS must be a whole number',
    );
  });
});
