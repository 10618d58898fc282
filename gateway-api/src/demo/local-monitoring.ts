/**
 * Both emulators with a scenario relative to now and one sealed credentials
 * file per organisation, so that a chaincode process (or the demo) measures
 * against them with nothing but its environment changed.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readKeptJson } from '../files/kept-json';
import {
  generateKey,
  open,
  seal,
  type MonitoringCredentials,
} from '@sla-ledger/chaincode/credentials';
import {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
} from '@sla-ledger/emulators/azure-monitor';
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';

export const ORGANISATIONS = ['ConsumerOrgMSP', 'AwsOrgMSP', 'AzureOrgMSP'] as const;
export const REGION = 'eu-west-1';
export const INSTANCE_ID = 'i-0jitsi';
export const VM_ID =
  '/subscriptions/0000-1111/resourceGroups/jitsi/providers/Microsoft.Compute/virtualMachines/jvb-1';

export interface LocalMonitoringOptions {
  /**
   * Where the sealed credentials files and the CA certificate go. `stop()` removes them, and
   * the directory too once nothing else is left in it.
   */
  directory: string;
  cloudWatchPort?: number;
  azurePort?: number;
  /** Seconds since the epoch the scenario is built around; default now. */
  now?: number;
  /** How long the instance fails its status check, ending 33 minutes before `now` (default 12). */
  outageMinutes?: number;
  /** First minute the monitors hold data for; default 6 hours before `now`. */
  historyFrom?: number;
  /** Last minute the monitors hold data for; default 24 hours after `now`. */
  historyUntil?: number;
  /**
   * Keep the emulators' keys, each organisation's sealing key and its sealed store in
   * `directory` from run to run (what `npm start` does, so credentials handed to the API
   * survive a restart); `stop()` then removes nothing. Default: new keys, removed by `stop()`.
   */
  persist?: boolean;
}

export interface OrganisationEnvironment {
  SLA_ORGANISATION: string;
  SLA_CREDENTIALS_FILE: string;
  SLA_CREDENTIALS_KEY: string;
}

export interface LocalMonitoring {
  cloudWatch: CloudWatchEmulator;
  azure: AzureMonitorEmulator;
  cloudWatchEndpoint: string;
  azureEndpoint: string;
  caFile: string;
  environments: Record<string, OrganisationEnvironment>;
  scenario: string[];
  stop(): Promise<void>;
}

const MINUTE = 60;

export async function startLocalMonitoring(
  options: LocalMonitoringOptions,
): Promise<LocalMonitoring> {
  mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const now = Math.floor((options.now ?? Date.now() / 1000) / MINUTE) * MINUTE;
  const { awsKeys, principals, sealingKeys } = options.persist
    ? keptSecrets(join(options.directory, 'emulator-secrets.json'))
    : newSecrets();
  const cloudWatch = createCloudWatchEmulator({
    credentials: Object.values(awsKeys),
    region: REGION,
  });
  const azure = createAzureMonitorEmulator({ principals: Object.values(principals) });

  const from = Math.floor((options.historyFrom ?? now - 6 * 3600) / MINUTE) * MINUTE;
  const until = Math.floor((options.historyUntil ?? now + 24 * 3600) / MINUTE) * MINUTE;
  const outage = {
    from: now - (33 + (options.outageMinutes ?? 12)) * MINUTE,
    to: now - 33 * MINUTE,
  };
  const gap = { from: now - 40 * MINUTE, to: now - 28 * MINUTE };
  const minutes = Array.from({ length: (until - from) / MINUTE }, (_, m) => from + m * MINUTE);
  cloudWatch.putDatapoints(
    {
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: { InstanceId: INSTANCE_ID },
    },
    minutes.map((t) => ({
      timestamp: new Date(t * 1000),
      value: t >= outage.from && t < outage.to ? 1 : 0,
    })),
  );
  azure.addSamples(
    VM_ID,
    'Percentage CPU',
    minutes
      .filter((t) => t < gap.from || t >= gap.to)
      .map((t) => ({ timeStamp: t * 1000, value: 20 + (t % 17) })),
  );

  const cloudWatchEndpoint = (await cloudWatch.start(options.cloudWatchPort ?? 0)).endpoint;
  const azureStarted = await azure.start(options.azurePort ?? 0);
  const caFile = join(options.directory, 'azure-monitor-emulator-ca.pem');
  azure.writeCaCertificate(caFile);
  const written = [caFile];

  const environments: Record<string, OrganisationEnvironment> = {};
  for (const org of ORGANISATIONS) {
    const entries: Record<string, MonitoringCredentials> = {
      'aws-monitoring': {
        kind: 'aws',
        ...(awsKeys[org] as { accessKeyId: string; secretAccessKey: string }),
        endpoint: cloudWatchEndpoint,
      },
      'azure-monitoring': {
        kind: 'azure',
        ...(principals[org] as { tenantId: string; clientId: string; clientSecret: string }),
        authorityHost: azureStarted.authorityHost,
        metricsEndpoint: azureStarted.metricsEndpoint,
        caCertificate: azureStarted.caCertificate,
      },
    };
    const key = sealingKeys[org] as string;
    const file = join(options.directory, `credentials-${org}.json`);
    const kept =
      options.persist && existsSync(file) ? open(readFileSync(file, 'utf8'), key, file) : {};
    writeFileSync(file, seal({ ...kept, ...entries }, key), { mode: 0o600 });
    chmodSync(file, 0o600);
    written.push(file);
    environments[org] = {
      SLA_ORGANISATION: org,
      SLA_CREDENTIALS_FILE: file,
      SLA_CREDENTIALS_KEY: key,
    };
  }

  const at = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(11, 16);
  return {
    cloudWatch,
    azure,
    cloudWatchEndpoint,
    azureEndpoint: azureStarted.endpoint,
    caFile,
    environments,
    scenario: [
      `CloudWatch AWS/EC2 StatusCheckFailed of ${INSTANCE_ID} (${REGION}): 1 from ${at(outage.from)} to ${at(outage.to)} UTC, 0 otherwise`,
      `Azure Monitor "Percentage CPU" of ${VM_ID}: no data from ${at(gap.from)} to ${at(gap.to)} UTC`,
      `data from ${new Date(from * 1000).toISOString()} to ${new Date(until * 1000).toISOString()}, every minute`,
    ],
    stop: async () => {
      await cloudWatch.stop();
      await azure.stop();
      if (!options.persist) removeFiles(options.directory, written);
    },
  };
}

const EmulatorSecrets = z.object({
  awsKeys: z.record(z.string(), z.object({ accessKeyId: z.string(), secretAccessKey: z.string() })),
  principals: z.record(
    z.string(),
    z.object({ tenantId: z.string(), clientId: z.string(), clientSecret: z.string() }),
  ),
  sealingKeys: z.record(z.string(), z.string()),
});
type EmulatorSecrets = z.output<typeof EmulatorSecrets>;

function newSecrets(): EmulatorSecrets {
  const each = <T>(make: (org: string, index: number) => T): Record<string, T> =>
    Object.fromEntries(ORGANISATIONS.map((org, index) => [org, make(org, index)]));
  return {
    awsKeys: each((org, index) => ({
      accessKeyId: `AKIASIMULATOR000000${index}`,
      secretAccessKey: `sim/${org}/${generateKey()}`,
    })),
    principals: each((org) => ({
      tenantId: `tenant-${org.toLowerCase()}`,
      clientId: `${org.toLowerCase()}-monitoring-reader`,
      clientSecret: generateKey(),
    })),
    sealingKeys: each(() => generateKey()),
  };
}

/** The secrets kept in `file` (owner-only), made on the first run. */
function keptSecrets(file: string): EmulatorSecrets {
  const kept = readKeptJson(file, EmulatorSecrets);
  if (kept !== undefined) return kept;
  const secrets = newSecrets();
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

/** The files the emulators' run wrote, then their directory if that left it empty. */
function removeFiles(directory: string, files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
  if (readdirSync(directory).length === 0) rmdirSync(directory);
}
