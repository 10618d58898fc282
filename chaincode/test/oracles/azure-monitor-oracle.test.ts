import type { AzureMonitorEmulator, StartedEmulator } from '@sla-ledger/emulators/azure-monitor';
import type { AzureCredentials, CredentialsStore } from '../../src/oracles/credentials-store';
import { expectRejected } from '../support/expectations';
import { worldState } from '../support/scenario';
import { AZURE, CONSUMER, T0, type SlaNetwork } from '../support/sla-network';
import { azureNetwork, azureStoreOf, outageAzureMonitor, service } from './azure-monitor-fixture';

const HOUR = 3600;

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;

const storeOf = (org: string, overrides: Partial<AzureCredentials> = {}): CredentialsStore =>
  azureStoreOf(org, started, overrides);

const network = (stores: (org: string) => CredentialsStore = storeOf): Promise<SlaNetwork> =>
  azureNetwork(started, { stores });

const update = (net: SlaNetwork, end = T0 + HOUR): Promise<unknown> =>
  net.submit(net.people.azure, 'services:Update', service.key as string, String(T0), String(end));

beforeAll(async () => {
  emulator = outageAzureMonitor();
  started = await emulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.shuffleResponses = false;
});

describe('Azure Monitor through the real SDK clients', () => {
  it('measures a scripted outage exactly, each organisation reading with its own principal', async () => {
    const net = await network();
    emulator.clearCalls();
    const measurement = await net.submit<{ available: number; verdicts: string }>(
      net.people.azure,
      'services:Update',
      service.key as string,
      String(T0),
      String(T0 + HOUR),
    );
    expect(measurement).toMatchObject({ available: 48, unavailable: 12 });
    expect(measurement.verdicts).toBe('AAAAA' + 'U'.repeat(12) + 'A'.repeat(43));
    expect(
      new Set(
        emulator.calls
          .filter((call) => call.operation === 'metrics-batch')
          .map((call) => call.clientId),
      ),
    ).toEqual(new Set(['consumer-reader', 'azure-reader']));
  });

  it('writes the same bytes when the answers arrive in a different order', async () => {
    const net = await network();
    emulator.shuffleResponses = true;
    const prepared = await net.channel.prepare(net.people.azure, 'services:Update', [
      service.key as string,
      String(T0),
      String(T0 + HOUR),
    ]);
    const [a, b] = prepared.simulations;
    expect(a?.rwset.equals(b?.rwset ?? Buffer.alloc(0))).toBe(true);
  });

  it.each([
    ['throttling', { kind: 'throttle', retryAfterSeconds: 1 }, /throttled \(.*429|throttled/],
    ['a server error', { kind: 'server-error', status: 503 }, 'the service failed with HTTP 503'],
    ['a malformed body', { kind: 'garbage' }, 'malformed response'],
    ['access denied', { kind: 'access-denied' }, 'access denied'],
    ['a timeout', { kind: 'latency', milliseconds: 3000 }, 'no answer within 1500 ms'],
  ] as const)(
    'fails on %s, naming the service and the cause, and writes nothing',
    async (_name, fault, cause) => {
      const net = await network();
      emulator.faults.inject(fault);
      await expectRejected(
        net,
        () => update(net),
        'ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1',
      );
      emulator.faults.clear();
      emulator.faults.inject(fault);
      await expect(update(net)).rejects.toThrow(cause);
      emulator.faults.clear();
      await expect(update(net)).resolves.toMatchObject({ available: 48 });
    },
  );

  it('fails with a wrong secret, without repeating it', async () => {
    const net = await network((org) =>
      storeOf(org, org === AZURE ? { clientSecret: 'not-the-secret-42' } : {}),
    );
    const before = await worldState(net);
    const error = await update(net).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /ORACLE_UNAVAILABLE: Azure Monitor in westeurope could not be read for service jitsi-we-1: access denied/,
    );
    expect((error as Error).message).not.toContain('not-the-secret-42');
    expect(await worldState(net)).toEqual(before);
  });

  it('names the organisation and the ref when an organisation lacks the credentials', async () => {
    const net = await network((org) =>
      org === CONSUMER
        ? { organisation: CONSUMER, get: () => undefined, refs: () => [] }
        : storeOf(org),
    );
    await expectRejected(
      net,
      () => update(net),
      'ORACLE_UNAVAILABLE: ConsumerOrgMSP has no monitoring credentials named "azure-monitoring" (needed for service jitsi-we-1)',
    );
  });
});
