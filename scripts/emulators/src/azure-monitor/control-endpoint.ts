/**
 * The emulator's own HTTP control surface under `/__sim/`, for processes that cannot call the
 * emulator object (a test in another process, a shell). Not part of Azure: it needs no token.
 *   GET|POST|DELETE /__sim/faults        list, add (one fault or an array), clear
 *   PUT             /__sim/shuffle-responses   {"enabled": true|false}
 *   POST            /__sim/scenario      load a scenario (replaces resources and samples)
 *   POST            /__sim/samples       {"resourceUri","metric","samples":[{"timeStamp","value"}]}
 *   GET|DELETE      /__sim/calls         the calls log, or clear it
 */
import type { AzureMonitorEmulator } from './emulator';
import { parseFault, type Fault } from './faults';
import { parseScenario } from './scenario';
import {
  json,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';

export const CONTROL_PREFIX = '/__sim/';

export function handleControlRequest(
  emulator: AzureMonitorEmulator,
  request: EmulatorRequest,
  call: CallDetails,
): EmulatorResponse | undefined {
  if (!request.path.startsWith(CONTROL_PREFIX)) {
    return undefined;
  }
  call.operation = 'control';
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'GET faults':
        return json(200, { faults: emulator.faults.active });
      case 'POST faults': {
        const body = parseBody(request);
        const faults: Fault[] = (Array.isArray(body) ? body : [body]).map(parseFault);
        faults.forEach((fault) => emulator.faults.inject(fault));
        return json(200, { faults: emulator.faults.active });
      }
      case 'DELETE faults':
        emulator.faults.clear();
        return json(200, { faults: [] });
      case 'PUT shuffle-responses': {
        const body = parseBody(request);
        const enabled =
          typeof body === 'object' && body !== null
            ? (body as { enabled?: unknown }).enabled
            : undefined;
        if (typeof enabled !== 'boolean') {
          return controlError(`expected {"enabled": true|false}, got ${request.body}`);
        }
        emulator.shuffleResponses = enabled;
        return json(200, { shuffleResponses: enabled });
      }
      case 'POST scenario':
        emulator.loadScenario(parseScenario(parseBody(request)));
        return json(200, { loaded: true });
      case 'POST samples':
        return addSamples(emulator, parseBody(request));
      case 'GET calls':
        return json(200, { calls: emulator.calls });
      case 'DELETE calls':
        emulator.clearCalls();
        return json(200, { calls: [] });
      default:
        return json(404, { error: `no control route ${route}` });
    }
  } catch (error) {
    return controlError((error as Error).message);
  }
}

function addSamples(emulator: AzureMonitorEmulator, body: unknown): EmulatorResponse {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const { resourceUri, metric, samples } = record;
  if (typeof resourceUri !== 'string' || typeof metric !== 'string' || !Array.isArray(samples)) {
    return controlError(
      'expected {"resourceUri": string, "metric": string, "samples": [{"timeStamp", "value"}]}',
    );
  }
  const typed = samples.map((sample: unknown, index) => {
    const s =
      typeof sample === 'object' && sample !== null ? (sample as Record<string, unknown>) : {};
    if (typeof s.timeStamp !== 'string' || typeof s.value !== 'number') {
      throw new Error(`samples[${index}] must be {"timeStamp": string, "value": number}`);
    }
    return { timeStamp: s.timeStamp, value: s.value };
  });
  emulator.addSamples(resourceUri, metric, typed);
  return json(200, { added: typed.length });
}

function parseBody(request: EmulatorRequest): unknown {
  try {
    return JSON.parse(request.body);
  } catch {
    throw new Error(`the request body is not JSON: ${request.body.slice(0, 100)}`);
  }
}

function controlError(message: string): EmulatorResponse {
  return json(400, { error: message });
}
