/**
 * What the faults of faults.ts do to a metrics request: answers that replace the real one
 * (errors, garbage, a reset connection, a huge body), and changes that spoil a real answer
 * (no metrics, no time series, a metric error code, a data point past the end; no results and
 * a missing resource are the batch endpoint's own).
 */
import {
  authorizationFailed,
  internalServerError,
  serviceUnavailable,
  subscriptionRequestsThrottled,
} from './arm-errors';
import type { RegisteredPrincipal } from './directory';
import type { ResponseFault } from './faults';
import type { EmulatorResponse } from './http-exchange';
import { formatInstant } from './iso8601';
import type { MetricResult } from './metric-results';

/** A 200 body that is not JSON: what a misbehaving proxy in front of Azure might send. */
const GARBAGE_BODY =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>upstream connect error or disconnect/reset before headers</body></html>';

/** The answer a fault gives instead of the real one, or undefined when it spoils the real one. */
export function replacingResponse(
  fault: ResponseFault,
  principal: RegisteredPrincipal,
  scope: string,
  now: number,
  hugeBody: { head: string; tail: string },
): EmulatorResponse | undefined {
  switch (fault.kind) {
    case 'server-error':
      return fault.status === 500 ? internalServerError(now) : serviceUnavailable();
    case 'throttle': {
      const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? '';
      return subscriptionRequestsThrottled(
        subscriptionId,
        principal.objectId,
        fault.retryAfterSeconds,
      );
    }
    case 'garbage':
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: GARBAGE_BODY,
      };
    case 'access-denied':
      return authorizationFailed(principal.clientId, principal.objectId, scope);
    case 'connection-reset':
      return { status: 0, body: '', resetConnection: true };
    case 'huge-body':
      return { status: 200, body: '', paddedBody: { bytes: fault.bytes, ...hugeBody } };
    default:
      return undefined;
  }
}

/**
 * Spoils the metrics of one resource's answer in place, as the fault says; `end` is the
 * query's end (ms), where `point-outside-window` adds a data point.
 */
export function spoilMetrics(
  fault: ResponseFault | undefined,
  metrics: MetricResult[],
  end: number,
): void {
  switch (fault?.kind) {
    case 'point-outside-window':
      for (const series of metrics.flatMap((metric) => metric.timeseries)) {
        series.data.push({
          timeStamp: formatInstant(end),
          average: 1,
          minimum: 1,
          maximum: 1,
          total: 1,
          count: 1,
        });
      }
      return;
    case 'empty-value':
      metrics.length = 0;
      return;
    case 'empty-timeseries':
      for (const metric of metrics) metric.timeseries = [];
      return;
    case 'metric-error':
      for (const metric of metrics) {
        metric.errorCode = fault.errorCode;
        metric.errorMessage = fault.errorMessage;
      }
      return;
    default:
      return;
  }
}
