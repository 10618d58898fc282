/**
 * The metrics batch request of Azure Monitor's data plane:
 * `POST https://{region}.metrics.monitor.azure.com/subscriptions/{subscriptionId}/metrics:getBatch`
 * with `api-version`, `starttime`, `endtime`, `interval`, `metricnamespace`, `metricnames`,
 * `aggregation` and a body `{"resourceids": [...]}`, parsed and checked. The emulator has one
 * host, so the region, when given, is the path's first segment instead of the host name.
 */
import { floorToMinute, formatInstant, parseInstant } from './iso8601';
import type { SeriesQuery } from './metric-results';
import type { Aggregation } from './metric-store';
import { readAggregations, readTimeGrain, splitList } from './metrics-query';

export const BATCH_API_VERSIONS = ['2023-05-01-preview', '2023-10-01', '2024-02-01'];
/** Resources one batch may name. */
export const MAX_BATCH_RESOURCES = 50;
const DEFAULT_SPAN_MS = 3_600_000;

const BATCH_PATH = /^(?:\/([a-z0-9]+))?\/subscriptions\/([^/]+)\/metrics:getBatch$/i;

export interface BatchTarget {
  /** The endpoint's region (the first path segment), when the request names one. */
  region: string | undefined;
  subscriptionId: string;
}

/** The region and subscription of a metrics batch path, or undefined for any other path. */
export function metricsBatchTarget(path: string): BatchTarget | undefined {
  const match = BATCH_PATH.exec(path);
  return match
    ? { region: match[1]?.toLowerCase(), subscriptionId: decodeURIComponent(match[2] as string) }
    : undefined;
}

export interface MetricsBatchQuery extends SeriesQuery {
  apiVersion: string;
  resourceIds: string[];
  metricNames: string[];
  metricNamespace: string;
  aggregations: Aggregation[] | undefined;
  /** The requested range as Azure echoes it: `starttime` and `endtime` of every result. */
  startTime: string;
  endTime: string;
  interval: string;
}

export type MetricsBatchParse =
  | { ok: true; query: MetricsBatchQuery }
  | {
      ok: false;
      code: 'MissingApiVersionParameter' | 'InvalidApiVersionParameter' | 'BadRequest';
      message: string;
    };

export function parseMetricsBatchQuery(
  target: BatchTarget,
  params: URLSearchParams,
  body: string,
  now: number,
): MetricsBatchParse {
  const apiVersion = params.get('api-version');
  if (!apiVersion) {
    return {
      ok: false,
      code: 'MissingApiVersionParameter',
      message: 'The api-version query parameter (?api-version=) is required for all requests.',
    };
  }
  if (!BATCH_API_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      code: 'InvalidApiVersionParameter',
      message: `The api-version '${apiVersion}' is invalid. The supported versions are '${BATCH_API_VERSIONS.join(',')}'.`,
    };
  }
  const metricNamespace = params.get('metricnamespace');
  if (!metricNamespace) {
    return badRequest('The metricnamespace query parameter is required.');
  }
  const metricNamesText = params.get('metricnames');
  if (!metricNamesText) {
    return badRequest('The metricnames query parameter is required.');
  }
  const range = timeRange(params.get('starttime'), params.get('endtime'), now);
  if (typeof range === 'string') {
    return badRequest(range);
  }
  const grain = readTimeGrain(params.get('interval') ?? 'PT1M');
  if (typeof grain === 'string') {
    return badRequest(grain);
  }
  const aggregations = readAggregations(params.get('aggregation'));
  if (typeof aggregations === 'string') {
    return badRequest(aggregations);
  }
  const resourceIds = readResourceIds(body, target.subscriptionId);
  if (typeof resourceIds === 'string') {
    return badRequest(resourceIds);
  }
  return {
    ok: true,
    query: {
      apiVersion,
      resourceIds,
      metricNames: splitList(metricNamesText),
      metricNamespace,
      aggregations,
      startTime: formatInstant(range.start),
      endTime: formatInstant(range.end),
      start: floorToMinute(range.start),
      end: floorToMinute(range.end),
      interval: grain.interval,
      intervalMs: grain.intervalMs,
    },
  };
}

function timeRange(
  startText: string | null,
  endText: string | null,
  now: number,
): { start: number; end: number } | string {
  const end = endText === null ? now : parseInstant(endText);
  if (end === undefined) {
    return `Invalid endtime: ${endText}, expected an ISO 8601 date-time`;
  }
  const start = startText === null ? end - DEFAULT_SPAN_MS : parseInstant(startText);
  if (start === undefined) {
    return `Invalid starttime: ${startText}, expected an ISO 8601 date-time`;
  }
  if (start >= end) {
    return `Invalid time range: starttime ${startText} must be earlier than endtime ${endText}`;
  }
  return { start, end };
}

function readResourceIds(body: string, subscriptionId: string): string[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'The request body must be JSON: {"resourceids": [...]}';
  }
  const ids = (parsed as { resourceids?: unknown } | null)?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    return 'The request body must name at least one resource: {"resourceids": ["/subscriptions/…"]}';
  }
  if (ids.length > MAX_BATCH_RESOURCES) {
    return `A batch may name at most ${MAX_BATCH_RESOURCES} resources; this one names ${ids.length}.`;
  }
  const prefix = `/subscriptions/${subscriptionId}/`.toLowerCase();
  const foreign = (ids as string[]).find((id) => !id.toLowerCase().startsWith(prefix));
  if (foreign !== undefined) {
    return `Resource ${foreign} is not in subscription ${subscriptionId}; a batch holds the resources of one subscription.`;
  }
  return ids as string[];
}

function badRequest(message: string): MetricsBatchParse {
  return { ok: false, code: 'BadRequest', message };
}
