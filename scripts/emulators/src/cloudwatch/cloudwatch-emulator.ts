/**
 * A local CloudWatch on 127.0.0.1 that the unmodified
 * `@aws-sdk/client-cloudwatch` talks to when given its endpoint:
 * PutMetricData, GetMetricData and ListMetrics over awsJson1_0 with SigV4,
 * plus scenario seeding, fault injection and shuffled answers for tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CONTROL_PREFIX,
  handleControlRequest,
  type ApiCall,
  type EmulatorControls,
} from './control-endpoint';
import { noFaults, takeFaults, type FaultSwitches } from './faults';
import { getMetricData, readGetMetricData, tokenPastTheEnd } from './get-metric-data';
import {
  decodeJsonBody,
  JSON_CONTENT_TYPE,
  newRequestId,
  operationOf,
  readRequestBody,
  sendError,
  sendGarbage,
  sendJson,
  sendJsonText,
  SERVICE_TARGET,
} from './json-protocol';
import type { JsonObject } from './json-input';
import { listMetrics } from './list-metrics';
import { malformedBody } from './malformed-answers';
import { STANDARD_UNITS } from './metric-names';
import { metricIdentity, MetricStore } from './metric-store';
import { putMetricData } from './put-metric-data';
import { readScenarioFile, scenarioDatapoints, type Scenario } from './scenario';
import { CloudWatchError, serviceErrors } from './service-errors';
import { shuffleMetricData } from './shuffle';
import { claimedAccessKeyId, verifySignature } from './sigv4-verifier';
import { storedTimestamp, type StorageResolution } from './storage-resolution';
import { streamPaddedBody } from '../padded-body';

export type { ApiCall } from './control-endpoint';
export type { FaultSwitch, FaultSwitches } from './faults';
export type { Scenario, ScenarioSeries } from './scenario';
export { readScenarioFile } from './scenario';

export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface CloudWatchEmulatorOptions {
  /** The only keys the emulator accepts. */
  readonly credentials: readonly EmulatorCredentials[];
  /** The region requests must be signed for; us-east-1 by default. */
  readonly region?: string;
  /**
   * The time, in epoch milliseconds, that rules about the age of data use
   * (PutMetricData's two-week window and default timestamp, ListMetrics'
   * RecentlyActive). Signatures are always checked against the machine clock.
   */
  readonly now?: () => number;
  /** Randomness for shuffled answers; Math.random by default. */
  readonly random?: () => number;
}

export interface MetricInput {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly storageResolution?: StorageResolution;
}

export type DatapointInput =
  | { readonly timestamp: Date; readonly value: number; readonly unit?: string }
  | {
      readonly timestamp: Date;
      readonly statistics: {
        readonly sampleCount: number;
        readonly sum: number;
        readonly minimum: number;
        readonly maximum: number;
      };
      readonly unit?: string;
    };

export interface CloudWatchEmulator {
  /** Listens on 127.0.0.1; port 0 (the default) picks a free port. */
  start(port?: number): Promise<{ endpoint: string }>;
  stop(): Promise<void>;
  /** http://127.0.0.1:PORT once started. */
  readonly endpoint: string;
  readonly region: string;
  /** Seeds a scenario's datapoints (added to what is stored); returns how many. */
  loadScenario(scenario: Scenario): number;
  loadScenarioFile(path: string): number;
  /** Seeds datapoints directly, in any namespace (AWS/ included). */
  putDatapoints(metric: MetricInput, datapoints: readonly DatapointInput[]): void;
  clearData(): void;
  /** Settable fault switches; see faults.ts. */
  readonly faults: FaultSwitches;
  clearFaults(): void;
  /** Answer GetMetricData with results, and datapoints unless ScanBy was given, in random order. */
  shuffleResponses: boolean;
  /** Every API request received (control requests excluded), oldest first. */
  readonly calls: readonly ApiCall[];
  clearCalls(): void;
}

export function createCloudWatchEmulator(options: CloudWatchEmulatorOptions): CloudWatchEmulator {
  return new LocalCloudWatch(options);
}

function queryCount(operation: string, body: JsonObject | undefined): number | undefined {
  const queries = body?.MetricDataQueries;
  return operation === 'GetMetricData' && Array.isArray(queries) ? queries.length : undefined;
}

class LocalCloudWatch implements CloudWatchEmulator, EmulatorControls {
  readonly region: string;
  readonly faults: FaultSwitches = noFaults();
  shuffleResponses = false;
  readonly #calls: ApiCall[] = [];
  readonly #store = new MetricStore();
  readonly #secrets: ReadonlyMap<string, string>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #pendingDelays = new Set<() => void>();
  #server: Server | undefined;
  #endpoint: string | undefined;

  constructor(options: CloudWatchEmulatorOptions) {
    if (options.credentials.length === 0)
      throw new Error('the emulator needs at least one credential');
    this.region = options.region ?? 'us-east-1';
    this.#secrets = new Map(options.credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  get endpoint(): string {
    if (this.#endpoint === undefined)
      throw new Error('the CloudWatch emulator has not been started');
    return this.#endpoint;
  }

  get calls(): readonly ApiCall[] {
    return this.#calls;
  }

  start(port = 0): Promise<{ endpoint: string }> {
    if (this.#server !== undefined)
      return Promise.reject(new Error('the emulator is already started'));
    const server = createServer((request, response) => {
      void this.#handle(request, response);
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as AddressInfo;
        this.#endpoint = `http://127.0.0.1:${bound}`;
        resolve({ endpoint: this.#endpoint });
      });
    });
  }

  stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return Promise.resolve();
    this.#server = undefined;
    this.#endpoint = undefined;
    for (const finish of [...this.#pendingDelays]) finish();
    return new Promise((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      server.closeAllConnections();
    });
  }

  loadScenario(scenario: Scenario): number {
    const datapoints = scenarioDatapoints(scenario);
    for (const { metric, sample } of datapoints) this.#store.add(metric, sample);
    return datapoints.length;
  }

  loadScenarioFile(path: string): number {
    return this.loadScenario(readScenarioFile(path));
  }

  putDatapoints(metric: MetricInput, datapoints: readonly DatapointInput[]): void {
    const identity = metricIdentity(metric.namespace, metric.metricName, metric.dimensions ?? {});
    const resolution = metric.storageResolution ?? 60;
    for (const datapoint of datapoints) {
      const statistics =
        'statistics' in datapoint
          ? datapoint.statistics
          : {
              sampleCount: 1,
              sum: datapoint.value,
              minimum: datapoint.value,
              maximum: datapoint.value,
            };
      const unit = datapoint.unit ?? 'None';
      if (!(STANDARD_UNITS as readonly string[]).includes(unit)) {
        throw new Error(`unknown unit ${unit}`);
      }
      if (
        ![statistics.sampleCount, statistics.sum, statistics.minimum, statistics.maximum].every(
          Number.isFinite,
        )
      ) {
        throw new Error(
          `datapoint values must be finite numbers at ${datapoint.timestamp.toISOString()}`,
        );
      }
      this.#store.add(identity, {
        ...statistics,
        timestamp: storedTimestamp(datapoint.timestamp.getTime() / 1000, resolution),
        unit,
      });
    }
  }

  clearData(): void {
    this.#store.clear();
  }

  clearFaults(): void {
    Object.assign(this.faults, noFaults());
  }

  clearCalls(): void {
    this.#calls.length = 0;
  }

  #delay(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#pendingDelays.delete(finish);
        resolve();
      };
      const timer = setTimeout(finish, milliseconds);
      this.#pendingDelays.add(finish);
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '/';
    if (url.startsWith(CONTROL_PREFIX)) {
      await handleControlRequest(request, response, this);
      return;
    }
    const requestId = newRequestId();
    const target = request.headersDistinct['x-amz-target']?.[0];
    const call: { operation: string; accessKeyId: string; body?: JsonObject; bytesSent?: number } =
      {
        operation: target?.startsWith(`${SERVICE_TARGET}.`)
          ? target.slice(SERVICE_TARGET.length + 1)
          : (target ?? ''),
        accessKeyId: claimedAccessKeyId(request.headers.authorization),
      };
    try {
      if (request.method !== 'POST' || url.split('?')[0] !== '/') {
        throw serviceErrors.unknownOperation(
          `${request.method} ${url} is not a CloudWatch API request.`,
        );
      }
      const raw = await readRequestBody(request);
      call.accessKeyId = verifySignature(
        { method: request.method, url, headers: request.headersDistinct, body: raw },
        {
          region: this.region,
          service: 'monitoring',
          secretAccessKeyOf: (accessKeyId) => this.#secrets.get(accessKeyId),
          now: Date.now,
        },
      );
      call.operation = operationOf(target);
      call.body = decodeJsonBody(raw, request.headers['content-encoding']);

      const faults = takeFaults(this.faults, call);
      if (faults.latencyMs > 0) await this.#delay(faults.latencyMs);
      if (faults.error !== undefined) throw faults.error;
      if (faults.resetConnection) {
        request.socket.resetAndDestroy();
        return;
      }
      if (faults.hugeBodyBytes > 0) {
        response.writeHead(200, {
          'content-type': JSON_CONTENT_TYPE,
          'content-length': String(faults.hugeBodyBytes),
          'x-amzn-RequestId': requestId,
        });
        call.bytesSent = await streamPaddedBody(
          response,
          faults.hugeBodyBytes,
          '{"MetricDataResults":[',
          ']}',
        );
        return;
      }
      if (faults.garbage) {
        sendGarbage(response, requestId);
        return;
      }
      if (faults.malformedAnswer !== null && call.operation === 'GetMetricData') {
        const getRequest = readGetMetricData(call.body);
        const text = malformedBody(
          faults.malformedAnswer,
          getRequest,
          getMetricData(this.#store, getRequest),
          () => tokenPastTheEnd(getRequest),
        );
        sendJsonText(response, text, requestId);
        return;
      }
      sendJson(response, this.#dispatch(call.operation, call.body), requestId);
    } catch (error) {
      sendError(response, this.#asServiceError(error), requestId);
    } finally {
      const queries = queryCount(call.operation, call.body);
      this.#calls.push({
        operation: call.operation,
        ...(queries === undefined ? {} : { queries }),
        accessKeyId: call.accessKeyId,
        statusCode: response.headersSent ? response.statusCode : 0,
        ...(call.bytesSent === undefined ? {} : { bytesSent: call.bytesSent }),
      });
    }
  }

  #asServiceError(error: unknown): CloudWatchError {
    if (error instanceof CloudWatchError) return error;
    const failure = serviceErrors.internalFailure();
    return new CloudWatchError(
      failure.statusCode,
      failure.queryCode,
      failure.shapeId,
      `${failure.message} (emulator: ${error instanceof Error ? error.message : String(error)})`,
    );
  }

  #dispatch(operation: string, body: JsonObject): unknown {
    const nowSeconds = this.#now() / 1000;
    switch (operation) {
      case 'PutMetricData':
        putMetricData(this.#store, body, nowSeconds);
        return {};
      case 'GetMetricData': {
        const request = readGetMetricData(body);
        const output = getMetricData(this.#store, request);
        return this.shuffleResponses
          ? shuffleMetricData(output, !request.scanByGiven, this.#random)
          : output;
      }
      case 'ListMetrics':
        return listMetrics(this.#store, body, nowSeconds);
      default:
        throw serviceErrors.unknownOperation(
          `The action ${operation} is not implemented by this CloudWatch emulator.`,
        );
    }
  }
}
