/**
 * The emulated Metrics - List operation of Azure Monitor behind Azure Resource Manager:
 * authenticate the bearer token, apply injected faults, authorize the principal on the
 * resource, validate the query, then aggregate the stored samples into the response
 * `{ cost, timespan, interval, value: [metric…], namespace, resourceregion }`.
 */
import { randomInt } from 'node:crypto';
import type { AccessTokenIssuer } from './access-token';
import { authenticateArmRequest } from './arm-authentication';
import {
  armError,
  authorizationFailed,
  internalServerError,
  metricsBadRequest,
  resourceNotFound,
  serviceUnavailable,
  subscriptionRequestsThrottled,
} from './arm-errors';
import type { Directory, RegisteredPrincipal } from './directory';
import type { FaultSwitches, ResponseFault } from './faults';
import {
  json,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';
import {
  aggregate,
  resourceType,
  type MetricSeries,
  type MetricStore,
  type MetricValue,
  type Resource,
} from './metric-store';
import { metricsResourceUri, parseMetricsQuery, type MetricsQuery } from './metrics-query';

export interface MetricsEndpointContext {
  directory: Directory;
  issuer: AccessTokenIssuer;
  store: MetricStore;
  faults: FaultSwitches;
  authorityHost: () => string;
  now: () => number;
  shuffleResponses: () => boolean;
}

/** One element of the response's `value`: a metric with its single (undimensioned) series. */
export interface MetricResult {
  id: string;
  type: 'Microsoft.Insights/metrics';
  name: { value: string; localizedValue: string };
  displayDescription: string;
  unit: string;
  timeseries: Array<{ metadatavalues: never[]; data: MetricValue[] }>;
  errorCode: 'Success';
}

/** A 200 body that is not JSON: what a misbehaving proxy in front of ARM might send. */
const GARBAGE_BODY =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>upstream connect error or disconnect/reset before headers</body></html>';

/** Answers the request when it is a metrics request; undefined when the path is something else. */
export function handleMetricsRequest(
  context: MetricsEndpointContext,
  request: EmulatorRequest,
  call: CallDetails,
): EmulatorResponse | undefined {
  const resourceUri = metricsResourceUri(request.path);
  if (resourceUri === undefined || request.method !== 'GET') {
    return undefined;
  }
  recordRequest(call, resourceUri, request.query);

  const authentication = authenticateArmRequest(
    request.headers,
    context.issuer,
    context.directory,
    context.authorityHost(),
    context.now(),
  );
  if (!authentication.authenticated) {
    return authentication.response;
  }
  const principal = authentication.principal;
  call.tenantId = principal.tenantId;
  call.clientId = principal.clientId;

  const plan = context.faults.nextRequest();
  if (plan.response) {
    call.fault = plan.response.kind;
  } else if (plan.latencyMs > 0) {
    call.fault = 'latency';
  }
  const response = plan.response
    ? faultResponse(plan.response, principal, resourceUri, context.now())
    : metricsResponse(context, principal, resourceUri, request.query);
  return plan.latencyMs > 0 ? { ...response, delayMs: plan.latencyMs } : response;
}

function metricsResponse(
  context: MetricsEndpointContext,
  principal: RegisteredPrincipal,
  resourceUri: string,
  params: URLSearchParams,
): EmulatorResponse {
  if (!context.directory.mayRead(principal, resourceUri)) {
    return authorizationFailed(principal.clientId, principal.objectId, resourceUri);
  }
  const parsed = parseMetricsQuery(resourceUri, params, context.now());
  if (!parsed.ok) {
    return parsed.code === 'BadRequest'
      ? metricsBadRequest(parsed.message)
      : armError(400, parsed.code, parsed.message);
  }
  const query = parsed.query;
  const resource = context.store.resource(resourceUri);
  if (!resource) {
    return resourceNotFound(resourceUri);
  }
  const selected = selectMetrics(resource, query);
  if ('unknown' in selected) {
    return metricsBadRequest(unknownMetricMessage(resource, selected.unknown, selected.candidates));
  }

  const value = selected.series.map((series) => metricResult(resource, series, query));
  if (context.shuffleResponses()) {
    shuffle(value);
    for (const metric of value) {
      shuffle(metric.timeseries[0].data);
    }
  }
  return json(200, {
    cost: 0,
    timespan: query.timespan,
    interval: query.interval,
    value,
    namespace: selected.series[0]?.definition.namespace ?? resourceType(resource.id),
    resourceregion: resource.location,
  });
}

type MetricSelection = { series: MetricSeries[] } | { unknown: string; candidates: MetricSeries[] };

function selectMetrics(resource: Resource, query: MetricsQuery): MetricSelection {
  const inNamespace = [...resource.metrics.values()].filter(
    (series) =>
      query.metricNamespace === undefined ||
      series.definition.namespace.toLowerCase() === query.metricNamespace.toLowerCase(),
  );
  if (query.metricNames === undefined) {
    return { series: inNamespace.slice(0, 1) };
  }
  const series: MetricSeries[] = [];
  for (const name of query.metricNames) {
    const found = inNamespace.find((s) => s.definition.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      return { unknown: name, candidates: inNamespace };
    }
    series.push(found);
  }
  return { series };
}

function metricResult(resource: Resource, series: MetricSeries, query: MetricsQuery): MetricResult {
  const definition = series.definition;
  return {
    id: `${resource.id}/providers/Microsoft.Insights/metrics/${definition.name}`,
    type: 'Microsoft.Insights/metrics',
    name: { value: definition.name, localizedValue: definition.name },
    displayDescription: definition.displayDescription,
    unit: definition.unit,
    timeseries: [
      {
        metadatavalues: [],
        data: aggregate(
          series.samples,
          query.start,
          query.end,
          query.intervalMs,
          query.aggregations ?? [definition.primaryAggregation],
        ),
      },
    ],
    errorCode: 'Success',
  };
}

/** Azure's wording, e.g. "…provider: Microsoft.Compute, resource Type: virtualMachines, metric: X, Valid metrics: …". */
function unknownMetricMessage(
  resource: Resource,
  metric: string,
  candidates: MetricSeries[],
): string {
  const [provider, ...types] = resourceType(resource.id).split('/');
  const valid = candidates.map((s) => s.definition.name).join(',');
  return `Failed to find metric configuration for provider: ${provider}, resource Type: ${types.join('/')}, metric: ${metric}, Valid metrics: ${valid}`;
}

function faultResponse(
  fault: ResponseFault,
  principal: RegisteredPrincipal,
  resourceUri: string,
  now: number,
): EmulatorResponse {
  switch (fault.kind) {
    case 'server-error':
      return fault.status === 500 ? internalServerError(now) : serviceUnavailable();
    case 'throttle': {
      const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(resourceUri)?.[1] ?? '';
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
      return authorizationFailed(principal.clientId, principal.objectId, resourceUri);
  }
}

function recordRequest(call: CallDetails, resourceUri: string, params: URLSearchParams): void {
  call.operation = 'metrics';
  call.resourceUri = resourceUri;
  call.apiVersion = params.get('api-version') ?? undefined;
  const names = params.get('metricnames');
  if (names !== null) {
    call.metricNames = names.split(',').map((n) => n.trim());
  }
  call.timespan = params.get('timespan') ?? undefined;
  call.interval = params.get('interval') ?? undefined;
  call.aggregation = params.get('aggregation') ?? undefined;
  call.metricNamespace = params.get('metricnamespace') ?? undefined;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
