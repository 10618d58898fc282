/**
 * The emulated Metrics - List operation of Azure Monitor behind Azure Resource Manager:
 * authenticate the bearer token, apply injected faults, authorize the principal on the
 * resource, validate the query, then aggregate the stored samples into the response
 * `{ cost, timespan, interval, value: [metric…], namespace, resourceregion }`.
 */
import type { AccessTokenIssuer } from './access-token';
import { authenticateArmRequest } from './arm-authentication';
import { armError, authorizationFailed, metricsBadRequest, resourceNotFound } from './arm-errors';
import type { Directory, RegisteredPrincipal } from './directory';
import { replacingResponse, spoilMetrics } from './fault-responses';
import type { FaultSwitches, ResponseFault } from './faults';
import {
  json,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';
import { resourceType, type MetricStore } from './metric-store';
import {
  metricResult,
  selectMetrics,
  shuffleMetrics,
  unknownMetricMessage,
  type MetricResult,
} from './metric-results';
import { metricsResourceUri, parseMetricsQuery } from './metrics-query';

export type { MetricResult } from './metric-results';

export interface MetricsEndpointContext {
  directory: Directory;
  issuer: AccessTokenIssuer;
  store: MetricStore;
  faults: FaultSwitches;
  authorityHost: () => string;
  now: () => number;
  shuffleResponses: () => boolean;
}

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

  const plan = context.faults.nextRequest('metrics-list');
  if (plan.response) {
    call.fault = plan.response.kind;
  } else if (plan.latencyMs > 0) {
    call.fault = 'latency';
  }
  const response =
    (plan.response &&
      replacingResponse(plan.response, principal, resourceUri, context.now(), {
        head: '{"value":[',
        tail: ']}',
      })) ??
    metricsResponse(context, principal, resourceUri, request.query, plan.response);
  return plan.latencyMs > 0 ? { ...response, delayMs: plan.latencyMs } : response;
}

function metricsResponse(
  context: MetricsEndpointContext,
  principal: RegisteredPrincipal,
  resourceUri: string,
  params: URLSearchParams,
  fault: ResponseFault | undefined,
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

  const value: MetricResult[] = selected.series.map((series) =>
    metricResult(resource, series, query),
  );
  if (context.shuffleResponses()) {
    shuffleMetrics(value);
  }
  spoilMetrics(fault, value, query.end);
  return json(200, {
    cost: 0,
    timespan: query.timespan,
    interval: query.interval,
    value,
    namespace: selected.series[0]?.definition.namespace ?? resourceType(resource.id),
    resourceregion: resource.location,
  });
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
