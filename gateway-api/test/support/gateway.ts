import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateKey, seal } from '@sla-ledger/chaincode/credentials';
import pino from 'pino';
import {
  SlaClient,
  createApp,
  createMetrics,
  embeddedLedger,
  hashToken,
  newToken,
  sealedCredentialsFile,
  serve,
  tokensFromFile,
  updateTokensFile,
  REDACTED_PATHS,
  type AppDependencies,
  type CredentialsVault,
  type EmbeddedLedger,
  type GatewayMetrics,
  type TokenRole,
} from '../../src';
import { writeFileAtomically } from '../../src/files/atomic-write';
import { AWS, AZURE, CONSUMER, threeOrganisationConsortium } from './consortium';
import { ScriptedMonitors, type Reading } from './monitors';

/** 2026-11-25T10:00:00Z, where every test's clock starts. */
export const START = Date.parse('2026-11-25T10:00:00Z') / 1000;

export const ORGANISATIONS = [CONSUMER, AWS, AZURE];

/** Credentials every organisation's store holds from the start, as an operator would have set them up. */
export const PRECONFIGURED_REFS = ['aws-monitoring', 'azure-monitoring'];

/** Tokens the harness writes: one member token per identity, and a viewer token for consumer-alice. */
export const TOKEN_HOLDERS: ReadonlyArray<{ name: string; identity: string; role: TokenRole }> = [
  ...[
    'consumer-admin',
    'consumer-treasury',
    'consumer-alice',
    'consumer-bob',
    'aws-ops',
    'aws-admin',
    'azure-ops',
    'azure-admin',
  ].map((identity) => ({ name: identity, identity, role: 'member' as const })),
  { name: 'alice-viewer', identity: 'consumer-alice', role: 'viewer' },
];

export interface Response {
  status: number;
  headers: Headers;
  text: string;
  /** The body read as JSON, when it is JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** A holder's name from TOKEN_HOLDERS, a raw token with `raw:`, or none. */
  as?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Gateway {
  url: string;
  ledger: EmbeddedLedger;
  metrics: GatewayMetrics;
  /** The shared clock of the gateway and the ledger's peers. */
  now(): number;
  advance(seconds: number): void;
  tokens: Record<string, string>;
  tokensFile: string;
  vaults: Map<string, CredentialsVault>;
  storeOf(mspId: string): { file: string; key: string };
  /** Scripted readings by monitored resource (InstanceId or Azure resource id). */
  readings: Map<string, Reading>;
  /** Every log line written so far. */
  logs(): string;
  client(identity: string, channel: string): SlaClient;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Adds a token to the tokens file; returns it. */
  addToken(identity: string, role?: TokenRole): Promise<{ token: string; id: string }>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  uiOrigin?: string;
  bodyLimitBytes?: number;
  /** Replaces the port the app talks to (to inject failures); the embedded ledger stays underneath. */
  wrapLedger?: (ledger: EmbeddedLedger) => AppDependencies['ledger'];
  retry?: AppDependencies['retry'];
  liveEvents?: AppDependencies['liveEvents'];
}

/**
 * The gateway as an organisation runs it, on the embedded ledger of the
 * three-organisation consortium, listening on 127.0.0.1: tokens file,
 * sealed credentials stores (one per organisation), a log kept in memory,
 * and a clock the test moves. Tokens are initialised on every channel.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const folder = mkdtempSync(join(tmpdir(), 'sla-gateway-'));
  let seconds = START;
  const clock = (): Date => new Date(seconds * 1000);
  const key = generateKey();
  const stores = new Map(
    ORGANISATIONS.map((mspId) => [mspId, { file: join(folder, `${mspId}.credentials.json`), key }]),
  );
  for (const [mspId, store] of stores) {
    await writeFileAtomically(
      store.file,
      seal(
        {
          'aws-monitoring': { kind: 'aws', accessKeyId: `${mspId}-key`, secretAccessKey: 'preset' },
          'azure-monitoring': {
            kind: 'azure',
            tenantId: 'tenant',
            clientId: `${mspId}-client`,
            clientSecret: 'preset',
          },
        },
        key,
      ),
    );
  }
  const readings = new Map<string, Reading>();
  const ledger = embeddedLedger({
    consortium: threeOrganisationConsortium(
      (mspId) =>
        new ScriptedMonitors(mspId, stores.get(mspId) as { file: string; key: string }, readings),
    ),
    clock,
    orderer: { batchTimeoutMs: 1 },
  });
  for (const channel of ledger.channels) {
    await new SlaClient(ledger, channel, 'consumer-admin').initTokens({ issuerMsps: [CONSUMER] });
  }

  const tokensFile = join(folder, 'tokens.json');
  const tokens: Record<string, string> = {};
  const addToken = async (identity: string, role: TokenRole = 'member') => {
    const created = newToken();
    await updateTokensFile(tokensFile, (file) => ({
      file: {
        ...file,
        tokens: [
          ...file.tokens,
          {
            id: created.id,
            sha256: hashToken(created.token),
            identity,
            role,
            createdAt: '2026-11-25T10:00:00Z',
          },
        ],
      },
      result: undefined,
    }));
    return created;
  };
  for (const holder of TOKEN_HOLDERS) {
    tokens[holder.name] = (await addToken(holder.identity, holder.role)).token;
  }

  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino(
    { level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    sink,
  );
  const metrics = createMetrics({ processMetrics: false });
  const vaults = new Map(
    [...stores].map(([mspId, store]) => [
      mspId,
      sealedCredentialsFile(mspId, store.file, store.key),
    ]),
  );
  const app = createApp({
    ledger: options.wrapLedger ? options.wrapLedger(ledger) : ledger,
    tokens: tokensFromFile(tokensFile, ledger.identities(), logger),
    credentials: vaults,
    organisation: CONSUMER,
    ...(options.uiOrigin === undefined ? {} : { uiOrigin: options.uiOrigin }),
    logger,
    metrics,
    clock,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    retry: options.retry ?? { attempts: 3, baseDelayMs: 1 },
    ...(options.liveEvents === undefined ? {} : { liveEvents: options.liveEvents }),
    eventsHeartbeatMs: 60_000,
  });
  const serving = await serve(app);

  const request = async (method: string, path: string, requestOptions: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...requestOptions.headers };
    const as = requestOptions.as;
    if (as !== undefined) {
      headers.authorization = `Bearer ${as.startsWith('raw:') ? as.slice(4) : (tokens[as] ?? as)}`;
    }
    let body: string | undefined = requestOptions.rawBody;
    if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${serving.url}${path}`, {
      method,
      headers,
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };

  return {
    url: serving.url,
    ledger,
    metrics,
    now: () => seconds,
    advance: (by) => {
      seconds += by;
    },
    tokens,
    tokensFile,
    vaults,
    storeOf: (mspId) => stores.get(mspId) as { file: string; key: string },
    readings,
    logs: () => lines.join(''),
    client: (identity, channel) => new SlaClient(ledger, channel, identity),
    request,
    addToken,
    close: async () => {
      await serving.close();
      await ledger.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A CloudWatch-monitored service on channel-aws between ConsumerOrg and AwsOrg, measured from START. */
export function awsService(
  key: string,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    key,
    description: 'Jitsi Meet on EC2 in eu-west-1',
    providerOrg: AWS,
    consumerOrg: CONSUMER,
    monitor: {
      kind: 'cloudwatch',
      credentialsRef: 'aws-monitoring',
      region: 'eu-west-1',
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: [{ name: 'InstanceId', value: key }],
      statistic: 'Maximum',
      availableWhen: { comparison: 'eq', threshold: '0' },
    },
    sla: {
      periodSeconds: 60,
      promisedAvailabilityBp: 9999,
      creditTiers: [
        { belowBp: 9999, creditBp: 1000 },
        { belowBp: 9900, creditBp: 3000 },
        { belowBp: 9500, creditBp: 10000 },
      ],
      fullRefundBelowBp: 7500,
      measuredFrom: START,
      settleLagSeconds: 600,
    },
    ...changes,
  };
}

/** An Azure Monitor service on channel-azure between ConsumerOrg and AzureOrg. */
export function azureService(key: string): Record<string, unknown> {
  return {
    key,
    providerOrg: AZURE,
    consumerOrg: CONSUMER,
    monitor: {
      kind: 'azure-monitor',
      credentialsRef: 'azure-monitoring',
      region: 'westeurope',
      resourceId: `/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${key}`,
      metricNamespace: 'Microsoft.Compute/virtualMachines',
      metricName: 'Percentage CPU',
      aggregation: 'Average',
      availableWhen: { comparison: 'present' },
    },
    sla: { promisedAvailabilityBp: 9990, measuredFrom: START },
  };
}

/** The account id of an identity on a channel. */
export async function accountOf(
  gateway: Gateway,
  identity: string,
  channel: string,
): Promise<string> {
  return (await gateway.client(identity, channel).myAccount()).accountId;
}

/** The number of blocks on each channel: unchanged when nothing was written. */
export async function heights(gateway: Gateway): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  for (const channel of gateway.ledger.channels) {
    counted[channel] = (await gateway.ledger.ledgerView(channel)).height;
  }
  return counted;
}
