import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  ScheduledJobs,
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
  type EmbeddedLedger,
} from '../../src';
import { CONSUMER, demoConsortium } from '../../src/demo/demo-consortium';
import { startLocalMonitoring, type LocalMonitoring } from '../../src/demo/local-monitoring';

/**
 * The consumer organisation's gateway as it runs in the embedded demo: the
 * three-organisation consortium (channel-aws, channel-azure, channel-market),
 * every organisation's peer reading the CloudWatch and Azure Monitor
 * emulators through the real SDKs with its own sealed credentials file
 * (`oracleFromEnvironment`), a tokens file, pino, metrics, the scheduled
 * jobs — and one clock, moved by the test, shared by the ledger's peers, the
 * app and the jobs.
 */

/** Every identity of the demo consortium gets a member token named after it. */
export const HOLDERS = [
  'consumer-admin',
  'consumer-treasury',
  'consumer-alice',
  'aws-ops',
  'azure-ops',
] as const;
export type Holder = (typeof HOLDERS)[number];

export interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface FlowGateway {
  ledger: EmbeddedLedger;
  monitoring: LocalMonitoring;
  jobs: ScheduledJobs;
  now(): number;
  /** Sets the shared clock (seconds since the epoch). */
  at(seconds: number): void;
  request(method: string, path: string, as: Holder, body?: unknown): Promise<Response>;
  logs(): string;
  close(): Promise<void>;
}

export async function startFlowGateway(start: number): Promise<FlowGateway> {
  const folder = mkdtempSync(join(tmpdir(), 'sla-flow-'));
  let seconds = start;
  const clock = (): Date => new Date(seconds * 1000);

  // The emulators' own scenario (instance i-0jitsi, VM jvb-1) lies around `now`; the test
  // scripts its own resources beside it.
  const monitoring = await startLocalMonitoring({
    directory: join(folder, 'monitoring'),
    now: start,
  });
  const ledger = embeddedLedger({
    consortium: demoConsortium(monitoring.environments),
    clock,
    orderer: { batchTimeoutMs: 1 },
  });
  for (const channel of ledger.channels) {
    await new SlaClient(ledger, channel, 'consumer-admin').initTokens({ issuerMsps: [CONSUMER] });
  }

  const tokensFile = join(folder, 'tokens.json');
  const tokens = new Map<Holder, string>();
  for (const identity of HOLDERS) {
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
            role: 'member' as const,
            createdAt: new Date(start * 1000).toISOString(),
          },
        ],
      },
      result: undefined,
    }));
    tokens.set(identity, created.token);
  }

  const lines: string[] = [];
  const logger = pino(
    { level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const metrics = createMetrics({ processMetrics: false });
  const app = createApp({
    ledger,
    tokens: tokensFromFile(tokensFile, ledger.identities(), logger),
    credentials: new Map(
      Object.entries(monitoring.environments).map(([mspId, environment]) => [
        mspId,
        sealedCredentialsFile(
          mspId,
          environment.SLA_CREDENTIALS_FILE,
          environment.SLA_CREDENTIALS_KEY,
        ),
      ]),
    ),
    organisation: CONSUMER,
    logger,
    metrics,
    clock,
    retry: { attempts: 3, baseDelayMs: 1 },
    eventsHeartbeatMs: 60_000,
  });
  const serving = await serve(app);
  // The jobs as the gateway's scheduler runs them: one identity of each organisation it holds.
  const jobs = new ScheduledJobs({ ledger, registry: metrics.registry, clock, logger });

  return {
    ledger,
    monitoring,
    jobs,
    now: () => seconds,
    at: (to) => {
      seconds = to;
    },
    request: async (method, path, as, body) => {
      const response = await fetch(`${serving.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(as) as string}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        signal: AbortSignal.timeout(20_000),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    logs: () => lines.join(''),
    close: async () => {
      await serving.close();
      await ledger.close();
      await monitoring.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
