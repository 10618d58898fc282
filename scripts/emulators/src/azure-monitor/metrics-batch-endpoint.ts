/**
 * The emulated metrics batch operation of Azure Monitor's data plane (`metrics:getBatch`):
 * authenticate a bearer token issued for the metrics audience, apply injected faults,
 * authorize the principal on every resource, validate the query, then answer
 * `{ values: [ { starttime, endtime, interval, namespace, resourceregion, resourceid, value: [metric…] } ] }`.
 */
import { authenticateArmRequest } from './arm-authentication';
import { armError, authorizationFailed, metricsBadRequest, resourceNotFound } from './arm-errors';
import type { RegisteredPrincipal } from './directory';
import { replacingResponse, spoilMetrics } from './fault-responses';
import type { ResponseFault } from './faults';
import {
  json,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';
import {
  metricsBatchTarget,
  parseMetricsBatchQuery,
  type BatchTarget,
  type MetricsBatchQuery,
} from './metrics-batch-query';
import type { MetricsEndpointContext } from './metrics-endpoint';
import {
  metricResult,
  selectMetrics,
  shuffle,
  shuffleMetrics,
  unknownMetricMessage,
  type MetricResult,
} from './metric-results';
import type { Resource } from './metric-store';
import { METRICS_AUDIENCES } from './token-endpoint';

/** One element of the answer's `values`: the metrics of one resource. */
export interface ResourceMetrics {
  starttime: string;
  endtime: string;
  interval: string;
  namespace: string;
  resourceregion: string;
  resourceid: string;
  value: MetricResult[];
}

/** Answers the request when it is a metrics batch; undefined when the path is something else. */
export function handleMetricsBatchRequest(
  context: MetricsEndpointContext,
  request: EmulatorRequest,
  call: CallDetails,
): EmulatorResponse | undefined {
  const target = metricsBatchTarget(request.path);
  if (target === undefined || request.method !== 'POST') {
    return undefined;
  }
  recordRequest(call, target, request.query);

  const authentication = authenticateArmRequest(
    request.headers,
    context.issuer,
    context.directory,
    context.authorityHost(),
    context.now(),
    METRICS_AUDIENCES,
  );
  if (!authentication.authenticated) {
    return authentication.response;
  }
  const principal = authentication.principal;
  call.tenantId = principal.tenantId;
  call.clientId = principal.clientId;

  const plan = context.faults.nextRequest('metrics-batch');
  if (plan.response) {
    call.fault = plan.response.kind;
  } else if (plan.latencyMs > 0) {
    call.fault = 'latency';
  }
  const response =
    (plan.response &&
      replacingResponse(
        plan.response,
        principal,
        `/subscriptions/${target.subscriptionId}`,
        context.now(),
        { head: '{"values":[', tail: ']}' },
      )) ??
    batchResponse(context, principal, target, request, call, plan.response);
  return plan.latencyMs > 0 ? { ...response, delayMs: plan.latencyMs } : response;
}

function batchResponse(
  context: MetricsEndpointContext,
  principal: RegisteredPrincipal,
  target: BatchTarget,
  request: EmulatorRequest,
  call: CallDetails,
  fault: ResponseFault | undefined,
): EmulatorResponse {
  const parsed = parseMetricsBatchQuery(target, request.query, request.body, context.now());
  if (!parsed.ok) {
    return parsed.code === 'BadRequest'
      ? metricsBadRequest(parsed.message)
      : armError(400, parsed.code, parsed.message);
  }
  const query = parsed.query;
  call.resourceIds = query.resourceIds;
  const values: ResourceMetrics[] = [];
  for (const resourceId of query.resourceIds) {
    if (!context.directory.mayRead(principal, resourceId)) {
      return authorizationFailed(principal.clientId, principal.objectId, resourceId);
    }
    const resource = context.store.resource(resourceId);
    if (!resource) {
      return resourceNotFound(resourceId);
    }
    if (target.region !== undefined && resource.location.toLowerCase() !== target.region) {
      return metricsBadRequest(
        `Resource ${resourceId} is in region ${resource.location}, not in ${target.region}: a batch is answered by the endpoint of its resources' region.`,
      );
    }
    const answer = resourceMetrics(resource, query);
    if (typeof answer === 'string') {
      return metricsBadRequest(answer);
    }
    spoilMetrics(fault, answer.value, query.end);
    values.push(answer);
  }
  if (context.shuffleResponses()) {
    shuffle(values);
    values.forEach((entry) => shuffleMetrics(entry.value));
  }
  if (fault?.kind === 'empty-values') {
    values.length = 0;
  } else if (fault?.kind === 'missing-resource') {
    values.shift();
  }
  return json(200, { values });
}

function resourceMetrics(resource: Resource, query: MetricsBatchQuery): ResourceMetrics | string {
  const selected = selectMetrics(resource, query);
  if ('unknown' in selected) {
    return unknownMetricMessage(resource, selected.unknown, selected.candidates);
  }
  return {
    starttime: query.startTime,
    endtime: query.endTime,
    interval: query.interval,
    namespace: query.metricNamespace,
    resourceregion: resource.location,
    resourceid: resource.id,
    value: selected.series.map((series) => metricResult(resource, series, query)),
  };
}

function recordRequest(call: CallDetails, target: BatchTarget, params: URLSearchParams): void {
  call.operation = 'metrics-batch';
  call.region = target.region;
  call.apiVersion = params.get('api-version') ?? undefined;
  const names = params.get('metricnames');
  if (names !== null) {
    call.metricNames = names.split(',').map((n) => n.trim());
  }
  call.startTime = params.get('starttime') ?? undefined;
  call.endTime = params.get('endtime') ?? undefined;
  call.interval = params.get('interval') ?? undefined;
  call.aggregation = params.get('aggregation') ?? undefined;
  call.metricNamespace = params.get('metricnamespace') ?? undefined;
}
