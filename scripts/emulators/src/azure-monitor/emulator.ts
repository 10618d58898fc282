/**
 * A local Azure Monitor for tests and demos: one HTTPS server on 127.0.0.1 that answers
 * Entra ID (the client-credentials token flow of ClientSecretCredential), Azure Resource
 * Manager's Metrics - List (MonitorClient.metrics.list) and the data plane's metrics batch
 * (MetricsClient.queryResources), so the real SDK clients work against it with nothing
 * changed but their endpoints and the trusted certificate.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccessTokenIssuer } from './access-token';
import { armError } from './arm-errors';
import { CONTROL_PREFIX, handleControlRequest } from './control-endpoint';
import { Directory, type Principal } from './directory';
import { FaultSwitches } from './faults';
import {
  splitPathAndQuery,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';
import { parseInstant } from './iso8601';
import { MetricStore, type MetricDefinition } from './metric-store';
import { handleMetricsBatchRequest } from './metrics-batch-endpoint';
import { handleMetricsRequest } from './metrics-endpoint';
import { streamPaddedBody } from '../padded-body';
import { applyScenario, type Scenario } from './scenario';
import { createSelfSignedCertificate } from './self-signed-certificate';
import { handleEntraRequest } from './token-endpoint';

export interface AzureMonitorEmulatorOptions {
  principals: Principal[];
  scenario?: Scenario;
  /** The emulator's clock (token lifetimes, default timespans); default `Date.now`. */
  now?: () => number;
  /** `expires_in` of issued tokens; Entra ID's default is 3599. */
  tokenLifetimeSeconds?: number;
}

export interface StartedEmulator {
  /** For `new MonitorClient(credential, subscriptionId, { endpoint })`. */
  endpoint: string;
  /** For `new ClientSecretCredential(tenant, client, secret, { authorityHost })`. */
  authorityHost: string;
  /**
   * The metrics batch endpoint with `{region}` where Azure has the region in the host name
   * (`https://{region}.metrics.monitor.azure.com`): `https://127.0.0.1:PORT/{region}`.
   */
  metricsEndpoint: string;
  /** PEM of the self-signed certificate the server presents; trust it via `tlsOptions.ca`. */
  caCertificate: string;
  port: number;
}

/** One request the emulator answered (control requests under `/__sim/` are not logged). */
export interface EmulatorCall extends CallDetails {
  at: string;
  method: string;
  /** The path as sent, e.g. `//subscriptions/…/providers/Microsoft.Insights/metrics`. */
  path: string;
  status: number;
}

export interface SampleInput {
  /** ISO 8601 date-time, Date, or milliseconds since the epoch. */
  timeStamp: string | Date | number;
  value: number;
}

export interface AzureMonitorEmulator {
  start(port?: number): Promise<StartedEmulator>;
  stop(): Promise<void>;
  /** Replaces every resource and sample with the scenario's; adds the principals it names. */
  loadScenario(scenario: Scenario): void;
  addPrincipal(principal: Principal): void;
  /** Declares a metric (unit, namespace, primary aggregation) before or without samples. */
  defineMetric(resourceUri: string, definition: Partial<MetricDefinition> & { name: string }): void;
  /** Adds raw samples; resource and metric are created with defaults when new. */
  addSamples(resourceUri: string, metricName: string, samples: readonly SampleInput[]): void;
  readonly faults: FaultSwitches;
  /** Return data points (and metrics) in random order, as a canonicalisation check. */
  shuffleResponses: boolean;
  readonly calls: readonly EmulatorCall[];
  clearCalls(): void;
  readonly caCertificate: string;
  /** Writes the certificate PEM, e.g. for NODE_EXTRA_CA_CERTS in another process. */
  writeCaCertificate(path: string): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createAzureMonitorEmulator(
  options: AzureMonitorEmulatorOptions,
): AzureMonitorEmulator {
  return new LocalAzureMonitor(options);
}

class LocalAzureMonitor implements AzureMonitorEmulator {
  readonly faults = new FaultSwitches();
  shuffleResponses = false;
  readonly caCertificate: string;

  readonly #privateKey: string;
  readonly #directory = new Directory();
  readonly #store = new MetricStore();
  readonly #issuer = new AccessTokenIssuer();
  readonly #now: () => number;
  readonly #tokenLifetimeSeconds: number;
  readonly #held = new Set<() => void>();
  #calls: EmulatorCall[] = [];
  #server: Server | undefined;
  #origin = '';

  constructor(options: AzureMonitorEmulatorOptions) {
    const certificate = createSelfSignedCertificate({
      commonName: 'Azure Monitor emulator',
      ipAddresses: ['127.0.0.1'],
      dnsNames: ['localhost'],
    });
    this.caCertificate = certificate.certificate;
    this.#privateKey = certificate.privateKey;
    this.#now = options.now ?? Date.now;
    this.#tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
    options.principals.forEach((principal) => this.#directory.add(principal));
    if (options.scenario) {
      this.loadScenario(options.scenario);
    }
  }

  get calls(): readonly EmulatorCall[] {
    return [...this.#calls];
  }

  clearCalls(): void {
    this.#calls = [];
  }

  loadScenario(scenario: Scenario): void {
    applyScenario(scenario, this.#store, this.#directory);
  }

  addPrincipal(principal: Principal): void {
    this.#directory.add(principal);
  }

  defineMetric(
    resourceUri: string,
    definition: Partial<MetricDefinition> & { name: string },
  ): void {
    this.#store.defineMetric(resourceUri, definition);
  }

  addSamples(resourceUri: string, metricName: string, samples: readonly SampleInput[]): void {
    this.#store.addSamples(
      resourceUri,
      metricName,
      samples.map((sample) => ({ time: toMillis(sample.timeStamp), value: sample.value })),
    );
  }

  writeCaCertificate(path: string): void {
    writeFileSync(path, this.caCertificate, { mode: 0o644 });
  }

  async start(port = 0): Promise<StartedEmulator> {
    if (this.#server) {
      throw new Error(`the emulator is already listening on ${this.#origin}`);
    }
    const server = createServer({ key: this.#privateKey, cert: this.caCertificate }, (req, res) => {
      void this.#serve(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    const listening = (server.address() as AddressInfo).port;
    this.#origin = `https://127.0.0.1:${listening}`;
    return {
      endpoint: this.#origin,
      authorityHost: this.#origin,
      metricsEndpoint: `${this.#origin}/{region}`,
      caCertificate: this.caCertificate,
      port: listening,
    };
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) {
      return;
    }
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    [...this.#held].forEach((release) => release());
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call: CallDetails = { operation: 'unknown' };
    let response: EmulatorResponse;
    try {
      const request = await readRequest(req);
      response = this.#route(request, call);
    } catch (error) {
      response = armError(
        500,
        'InternalServerError',
        `emulator failure: ${(error as Error).message}`,
      );
    }
    const { path } = splitPathAndQuery(req.url ?? '/');
    const logged: EmulatorCall | undefined = path.startsWith(CONTROL_PREFIX)
      ? undefined
      : {
          at: new Date(this.#now()).toISOString(),
          method: req.method ?? 'GET',
          path,
          status: response.status,
          ...call,
        };
    if (logged) {
      this.#calls.push(logged);
    }
    if (response.delayMs) {
      await this.#hold(response.delayMs, res);
    }
    if (response.hang) {
      await this.#hold(undefined, res);
      res.destroy();
    } else if (response.resetConnection) {
      resetConnection(req.socket);
    } else if (response.paddedBody && !res.destroyed) {
      const { bytes, head, tail } = response.paddedBody;
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(bytes),
      });
      const sent = await streamPaddedBody(res, bytes, head, tail);
      if (logged) {
        logged.bytesSent = sent;
      }
    } else if (!res.destroyed) {
      send(res, response);
    }
  }

  #route(request: EmulatorRequest, call: CallDetails): EmulatorResponse {
    const context = {
      directory: this.#directory,
      issuer: this.#issuer,
      store: this.#store,
      faults: this.faults,
      authorityHost: () => this.#origin,
      now: this.#now,
      tokenLifetimeSeconds: this.#tokenLifetimeSeconds,
      shuffleResponses: () => this.shuffleResponses,
    };
    return (
      handleControlRequest(this, request, call) ??
      handleEntraRequest(context, request, call) ??
      handleMetricsRequest(context, request, call) ??
      handleMetricsBatchRequest(context, request, call) ??
      armError(
        404,
        'NotFound',
        `The emulator has no endpoint for ${request.method} ${request.path}.`,
      )
    );
  }

  /** Waits `ms` (undefined: for ever), or less when the client goes away or the emulator stops. */
  #hold(ms: number | undefined, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        res.off('close', release);
        this.#held.delete(release);
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(release, ms);
      res.on('close', release);
      this.#held.add(release);
    });
  }
}

function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const { path, query } = splitPathAndQuery(req.url ?? '/');
      resolve({
        method: req.method ?? 'GET',
        path,
        query,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': randomUUID(),
    ...response.headers,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Ends the connection with a TCP RST, as a crashed front end or a middlebox does. A TLS socket
 * cannot send one itself; its underlying TCP socket can.
 */
function resetConnection(socket: Socket): void {
  const tcp = (socket as Socket & { _parent?: Socket })._parent ?? socket;
  try {
    tcp.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function toMillis(timeStamp: string | Date | number): number {
  if (typeof timeStamp === 'number') {
    return timeStamp;
  }
  if (timeStamp instanceof Date) {
    return timeStamp.getTime();
  }
  const millis = parseInstant(timeStamp);
  if (millis === undefined) {
    throw new Error(`not an ISO 8601 date-time: '${timeStamp}'`);
  }
  return millis;
}
