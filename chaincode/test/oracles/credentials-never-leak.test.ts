import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
} from '@sla-ledger/emulators/azure-monitor';
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import { generateKey, seal, type MonitoringCredentials } from '../../src/oracles/credentials-store';
import { oracleFromEnvironment } from '../../src/oracles/oracle-from-environment';
import { azureService, cloudWatchService } from '../fixtures/services';
import { setShimLogLevel } from '@sla-ledger/embedded-network';
import { fund, registerService } from '../support/scenario';
import { AWS, AZURE, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;
const ORGS = [CONSUMER, AWS, AZURE];

const awsKeys = Object.fromEntries(
  ORGS.map((org, index) => [
    org,
    {
      accessKeyId: `AKIALEAKTEST0000000${index}`,
      secretAccessKey: `leak/test/${org}/secret/0123456789abcdef`,
    },
  ]),
);
const azurePrincipals = Object.fromEntries(
  ORGS.map((org) => [
    org,
    {
      tenantId: `tenant-${org}`,
      clientId: `client-${org}`,
      clientSecret: `${org.slice(0, 3)}8Q~leakTestClientSecret0123456789abc`,
    },
  ]),
);

let cloudWatch: CloudWatchEmulator;
let azure: AzureMonitorEmulator;
const files: Record<string, { file: string; key: string }> = {};

/** Each organisation's sealed credentials file, as its chaincode process finds it through the environment. */
function environmentOf(org: string): Record<string, string> {
  return {
    SLA_CREDENTIALS_FILE: files[org]?.file as string,
    SLA_CREDENTIALS_KEY: files[org]?.key as string,
    SLA_ORGANISATION: org,
    SLA_ORACLE_TIMEOUT_MS: '2000',
    SLA_ORACLE_MAX_ATTEMPTS: '1',
  };
}

/** Everything written to stdout, stderr and the console while `run` runs. */
async function capturingOutput(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const record = (...parts: unknown[]): void => {
    chunks.push(
      parts
        .map((part) =>
          typeof part === 'string'
            ? part
            : part instanceof Uint8Array
              ? Buffer.from(part).toString()
              : (JSON.stringify(part) ?? String(part)),
        )
        .join(' '),
    );
  };
  const restores: Array<() => void> = [];
  const intercept = <T extends object>(target: T, method: keyof T): void => {
    const original = target[method];
    (target as Record<keyof T, unknown>)[method] = (...args: unknown[]) => {
      record(...args);
      return true;
    };
    restores.push(() => {
      (target as Record<keyof T, unknown>)[method] = original;
    });
  };
  intercept(process.stdout, 'write');
  intercept(process.stderr, 'write');
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    intercept(console, method);
  const streams = console as unknown as {
    _stdout?: NodeJS.WriteStream;
    _stderr?: NodeJS.WriteStream;
  };
  if (streams._stdout && streams._stdout !== process.stdout) intercept(streams._stdout, 'write');
  if (streams._stderr && streams._stderr !== process.stderr) intercept(streams._stderr, 'write');
  try {
    await run();
  } finally {
    setShimLogLevel('CRITICAL');
    restores.reverse().forEach((restore) => restore());
  }
  return chunks.join('\n');
}

beforeAll(async () => {
  cloudWatch = createCloudWatchEmulator({
    credentials: Object.values(awsKeys),
    region: 'eu-west-1',
    now: () => (T0 + HOUR) * 1000,
  });
  const cw = await cloudWatch.start();
  azure = createAzureMonitorEmulator({ principals: Object.values(azurePrincipals) });
  const az = await azure.start();
  const resourceId = (azureService().monitor as { resourceId: string }).resourceId;
  azure.addSamples(
    resourceId,
    'Percentage CPU',
    Array.from({ length: 60 }, (_, m) => ({ timeStamp: (T0 + m * MINUTE) * 1000, value: 30 })),
  );
  cloudWatch.putDatapoints(
    { namespace: 'AWS/EC2', metricName: 'StatusCheckFailed', dimensions: { InstanceId: 'i-0abc' } },
    Array.from({ length: 60 }, (_, m) => ({
      timestamp: new Date((T0 + m * MINUTE) * 1000),
      value: m === 9 ? 1 : 0,
    })),
  );
  const directory = mkdtempSync(join(tmpdir(), 'sla-leak-'));
  for (const org of ORGS) {
    const entries: Record<string, MonitoringCredentials> = {
      'aws-monitoring': {
        kind: 'aws',
        ...(awsKeys[org] as { accessKeyId: string; secretAccessKey: string }),
        endpoint: cw.endpoint,
      },
      'azure-monitoring': {
        kind: 'azure',
        ...(azurePrincipals[org] as { tenantId: string; clientId: string; clientSecret: string }),
        authorityHost: az.authorityHost,
        metricsEndpoint: az.metricsEndpoint,
        caCertificate: az.caCertificate,
      },
    };
    const key = generateKey();
    const file = join(directory, `${org}.json`);
    writeFileSync(file, seal(entries, key), { mode: 0o600 });
    chmodSync(file, 0o600);
    files[org] = { file, key };
  }
});

afterAll(async () => {
  await cloudWatch.stop();
  await azure.stop();
});

describe('monitoring credentials', () => {
  it('never reach state, history, events, blocks or logs, through successes and failures', async () => {
    let net: SlaNetwork | undefined;
    const logs = await capturingOutput(async () => {
      net = await slaNetwork({
        orgs: ORGS,
        channelId: 'channel-market',
        oracleFor: (org) => oracleFromEnvironment(environmentOf(org)),
      });
      setShimLogLevel('DEBUG'); // the most the chaincode libraries ever log
      const { aws, azure: azureOps, alice } = net.people;
      await registerService(net, aws, cloudWatchService());
      await registerService(net, azureOps, azureService({ consumerOrg: CONSUMER }));
      await fund(net, alice, 50_000n);
      await net.submit(
        aws,
        'offers:Create',
        JSON.stringify({
          offerId: 'o',
          model: 'fixed',
          price: '1000',
          maxPeriodSeconds: HOUR,
          services: ['jitsi-eu-1'],
        }),
      );
      await net.submit(alice, 'agreements:Accept', 'o', '1', 'a-1');
      net.setTime(T0 + HOUR + 15 * MINUTE);
      cloudWatch.faults.throttle = { value: true, times: 1 };
      await expect(
        net.submit(aws, 'services:Update', 'jitsi-eu-1', String(T0), String(T0 + HOUR)),
      ).rejects.toThrow('throttled');
      azure.faults.inject({ kind: 'access-denied', times: 1 });
      await expect(
        net.submit(azureOps, 'services:Update', 'jitsi-we-1', String(T0), String(T0 + HOUR)),
      ).rejects.toThrow('access denied');
      const requests = [
        { serviceKey: 'jitsi-eu-1', windowStart: T0, windowEnd: T0 + HOUR },
        { serviceKey: 'jitsi-we-1', windowStart: T0, windowEnd: T0 + HOUR },
      ];
      await net.submit(alice, 'services:UpdateMany', JSON.stringify(requests));
      await net.submit(alice, 'agreements:Settle', 'a-1');
    });
    const ledger = (net as SlaNetwork).channel.ledger;
    expect(
      (await (net as SlaNetwork).evaluate(net!.people.alice, 'agreements:Get', 'a-1')).status,
    ).toBe('settled');
    expect(logs).toContain('ORACLE_UNAVAILABLE'); // the chaincode logged its failures

    const places: Array<[string, string]> = [['logs', logs]];
    for (const entry of await ledger.entries()) {
      places.push(['state', `${entry.key} ${entry.value.toString('latin1')}`]);
      for (const version of await ledger.history(entry.key))
        places.push(['history', version.value.toString('latin1')]);
    }
    for (const event of await ledger.events())
      places.push(['events', event.payload.toString('latin1')]);
    for (const tx of await ledger.transactions())
      places.push(['blocks', tx.envelope.toString('latin1')]);

    const secrets = [
      ...Object.values(awsKeys).flatMap((key) => [key.accessKeyId, key.secretAccessKey]),
      ...Object.values(azurePrincipals).map((principal) => principal.clientSecret),
      ...Object.values(files).map(({ key }) => key),
    ];
    const needles = secrets.flatMap((secret) => [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('hex'),
    ]);
    const leaks = places.flatMap(([where, text]) =>
      needles
        .filter((needle) => text.includes(needle))
        .map((needle) => `${needle.slice(0, 6)}… in ${where}`),
    );
    expect(leaks).toEqual([]);
  });
});
