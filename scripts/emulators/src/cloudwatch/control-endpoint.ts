/**
 * The emulator's own HTTP control surface under /__sim/, for the command line
 * and for tests in other processes. It takes plain JSON and refuses anything
 * carrying an AWS target or signature, so no SDK call can reach it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { noFaults, parseFaultSwitches, type FaultSwitches } from './faults';
import { isJsonObject } from './json-input';
import { readRequestBody } from './json-protocol';
import { parseScenario, type Scenario } from './scenario';

export const CONTROL_PREFIX = '/__sim/';
const MAX_CONTROL_BODY_BYTES = 64 * 1024 * 1024;

export interface ApiCall {
  readonly operation: string;
  /** MetricDataQueries in a GetMetricData request. */
  readonly queries?: number;
  /** The key that signed the request, or the one it claimed when authentication failed. */
  readonly accessKeyId: string;
  /** The status answered, or 0 when the client had gone before the answer. */
  readonly statusCode: number;
  /** For a huge-body fault: the bytes of body the client was sent before it stopped reading. */
  readonly bytesSent?: number;
}

export interface EmulatorControls {
  readonly faults: FaultSwitches;
  shuffleResponses: boolean;
  readonly calls: readonly ApiCall[];
  loadScenario(scenario: Scenario): number;
  clearData(): void;
  clearCalls(): void;
}

function reply(response: ServerResponse, statusCode: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const text = (await readRequestBody(request, MAX_CONTROL_BODY_BYTES)).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

function clearFaults(faults: FaultSwitches): void {
  Object.assign(faults, noFaults());
}

async function route(
  method: string,
  path: string,
  query: URLSearchParams,
  request: IncomingMessage,
  controls: EmulatorControls,
): Promise<[number, unknown]> {
  const endpoint = `${method} ${path}`;
  switch (endpoint) {
    case 'GET /__sim/health':
      return [200, { status: 'ok' }];
    case 'GET /__sim/faults':
      return [200, controls.faults];
    case 'POST /__sim/faults':
      Object.assign(controls.faults, parseFaultSwitches(await jsonBody(request)));
      return [200, controls.faults];
    case 'DELETE /__sim/faults':
      clearFaults(controls.faults);
      return [200, controls.faults];
    case 'POST /__sim/shuffle': {
      const body = await jsonBody(request);
      if (!isJsonObject(body) || typeof body.enabled !== 'boolean') {
        throw new Error('expected {"enabled": true|false}');
      }
      controls.shuffleResponses = body.enabled;
      return [200, { enabled: body.enabled }];
    }
    case 'POST /__sim/scenario': {
      const scenario = parseScenario(await jsonBody(request), 'scenario');
      if (query.get('replace') === 'true') controls.clearData();
      return [200, { datapoints: controls.loadScenario(scenario) }];
    }
    case 'GET /__sim/calls':
      return [200, controls.calls];
    case 'POST /__sim/reset':
      controls.clearData();
      controls.clearCalls();
      clearFaults(controls.faults);
      controls.shuffleResponses = false;
      return [200, { status: 'reset' }];
    default:
      return [404, { error: `no control endpoint ${endpoint}` }];
  }
}

export async function handleControlRequest(
  request: IncomingMessage,
  response: ServerResponse,
  controls: EmulatorControls,
): Promise<void> {
  if (
    request.headers['x-amz-target'] !== undefined ||
    request.headers.authorization !== undefined
  ) {
    reply(response, 400, { error: 'control endpoints do not take AWS requests' });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://emulator');
  try {
    const [statusCode, body] = await route(
      request.method ?? 'GET',
      url.pathname,
      url.searchParams,
      request,
      controls,
    );
    reply(response, statusCode, body);
  } catch (error) {
    reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}
