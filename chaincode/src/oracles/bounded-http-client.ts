import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { readBounded, ResponseTooLarge } from './bounded-body';
import { wireFailure } from './oracle-failure';
import { recordTransportFailure } from './transport-journal';

type AbortSignalLike = NonNullable<PipelineRequest['abortSignal']>;

/** A set that `has` every status: the pipeline hands every body over as a stream. */
const EVERY_STATUS = new Set([Number.POSITIVE_INFINITY]);

/**
 * The HTTP client of the Azure SDK pipelines (the metrics client's and the Entra ID
 * credential's): every request is given at most `timeoutMs`, headers and body together, and
 * every body is read through a limit of `maxBytes`, failing as soon as it is passed. Failures
 * on the wire are also noted in the transport journal, because the credential replaces them
 * with errors that no longer say what happened.
 */
export function boundedHttpClient(options: { timeoutMs: number; maxBytes: number }): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const callerSignal = request.abortSignal;
      const callerStreams = request.streamResponseStatusCodes;
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = callerSignal ? AbortSignal.any([asSignal(callerSignal), timeout]) : timeout;
      request.abortSignal = signal;
      request.streamResponseStatusCodes = EVERY_STATUS;
      const startedAt = Date.now();
      try {
        const response = await inner.sendRequest(request);
        const body = response.readableStreamBody;
        response.readableStreamBody = undefined;
        const bytes = body ? await readBounded(body, options.maxBytes, signal) : Buffer.alloc(0);
        response.bodyAsText = bytes.toString('utf8');
        return response;
      } catch (error) {
        if (callerSignal?.aborted) throw error;
        recordTransportFailure({
          endpoint: endpointOf(request.url),
          cause: causeOf(
            error,
            timeout.aborted && !callerSignal?.aborted,
            options.timeoutMs,
            startedAt,
          ),
        });
        throw error;
      } finally {
        request.abortSignal = callerSignal;
        request.streamResponseStatusCodes = callerStreams;
      }
    },
  };
}

function asSignal(like: AbortSignalLike): AbortSignal {
  if (like instanceof AbortSignal) return like;
  const controller = new AbortController();
  if (like.aborted) controller.abort();
  else like.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}

function causeOf(error: unknown, timedOut: boolean, timeoutMs: number, startedAt: number): string {
  if (error instanceof ResponseTooLarge) return error.message;
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const wire = wireFailure(e) ?? (e.cause === undefined ? undefined : wireFailure(e.cause));
  if (wire !== undefined) return `${wire} after ${Date.now() - startedAt} ms`;
  return (e.message ?? String(error)).split('\n')[0] ?? 'failed';
}

function endpointOf(url: string): string {
  const { host, pathname } = new URL(url);
  if (pathname.includes('/oauth2/')) return `the Entra ID token endpoint (${host})`;
  if (pathname.includes('/.well-known/') || pathname.includes('/discovery/')) {
    return `Entra ID discovery (${host})`;
  }
  return `the metrics endpoint (${host})`;
}
