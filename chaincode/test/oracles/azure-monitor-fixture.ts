/**
 * The Azure Monitor emulator with the fixture's VM reporting CPU every minute except
 * 10:05–10:17, and networks whose organisations read it through the real SDK clients, each
 * with a service principal of its own.
 */
import {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
  type StartedEmulator,
} from '@sla-ledger/emulators/azure-monitor';
import type { AzureCredentials, CredentialsStore } from '../../src/oracles/credentials-store';
import { monitoringOracle } from '../../src/oracles/oracle-from-environment';
import type { OracleSettings } from '../../src/oracles/oracle-settings';
import { azureService } from '../fixtures/services';
import { registerService } from '../support/scenario';
import { AZURE, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;
export const service = azureService();
export const resourceId = (service.monitor as { resourceId: string }).resourceId;
const subscription = '/subscriptions/0000-1111';

/** Each organisation has a service principal of its own with Monitoring Reader on the subscription. */
export const principals = {
  [CONSUMER]: {
    tenantId: 'tenant-consumer',
    clientId: 'consumer-reader',
    clientSecret: 'consumer-secret-9a8b7c',
  },
  [AZURE]: {
    tenantId: 'tenant-azure',
    clientId: 'azure-reader',
    clientSecret: 'azure-secret-1d2e3f',
  },
};

/** The emulator with the VM's samples (no CPU data 10:05–10:17), not started. */
export function outageAzureMonitor(): AzureMonitorEmulator {
  const emulator = createAzureMonitorEmulator({
    principals: Object.values(principals).map((principal) => ({
      ...principal,
      resources: [subscription],
    })),
  });
  const samples = [];
  for (let t = T0; t < T0 + 2 * HOUR; t += MINUTE) {
    if (t < T0 + 5 * MINUTE || t >= T0 + 17 * MINUTE)
      samples.push({ timeStamp: t * 1000, value: 20 + (t % 7) });
  }
  emulator.addSamples(resourceId, 'Percentage CPU', samples);
  return emulator;
}

export function azureStoreOf(
  org: string,
  started: StartedEmulator,
  overrides: Partial<AzureCredentials> = {},
): CredentialsStore {
  const entry: AzureCredentials = {
    kind: 'azure',
    ...principals[org as keyof typeof principals],
    authorityHost: started.authorityHost,
    metricsEndpoint: started.metricsEndpoint,
    caCertificate: started.caCertificate,
    ...overrides,
  };
  return {
    organisation: org,
    get: (ref) => (ref === 'azure-monitoring' ? entry : undefined),
    refs: () => ['azure-monitoring'],
  };
}

/** channel-azure with the fixture's service registered, its clock two hours after T0. */
export async function azureNetwork(
  started: StartedEmulator,
  options: { settings?: Partial<OracleSettings>; stores?: (org: string) => CredentialsStore } = {},
): Promise<SlaNetwork> {
  const net = await slaNetwork({
    orgs: [CONSUMER, AZURE],
    channelId: 'channel-azure',
    oracleFor: (org) =>
      monitoringOracle(() => (options.stores ?? ((o) => azureStoreOf(o, started)))(org), {
        timeoutMs: 1500,
        maxAttempts: 1,
        ...options.settings,
      }),
  });
  await registerService(net, net.people.azure, service);
  net.setTime(T0 + 2 * HOUR);
  return net;
}
