/**
 * The Metrics - List request: `GET {resourceUri}/providers/Microsoft.Insights/metrics` with
 * `api-version`, `timespan`, `interval`, `metricnames`, `aggregation` and `metricnamespace`,
 * parsed and checked the way Azure Monitor does, with its error messages where they are known.
 */
import { AGGREGATIONS, type Aggregation } from './metric-store';
import {
  floorToMinute,
  formatInstant,
  formatTimeSpan,
  parseDuration,
  parseInstant,
} from './iso8601';

export const SUPPORTED_API_VERSIONS = [
  '2018-01-01',
  '2019-07-01',
  '2021-05-01',
  '2023-10-01',
  '2024-02-01',
];

/** The time grains Azure Monitor platform metrics support, canonical ISO 8601 form first. */
const TIME_GRAINS: ReadonlyArray<[string, number]> = [
  ['PT1M', 60_000],
  ['PT5M', 300_000],
  ['PT15M', 900_000],
  ['PT30M', 1_800_000],
  ['PT1H', 3_600_000],
  ['PT6H', 21_600_000],
  ['PT12H', 43_200_000],
  ['P1D', 86_400_000],
];

const DEFAULT_TIMESPAN_MS = 3_600_000;

export interface MetricsQuery {
  resourceUri: string;
  apiVersion: string;
  /** The requested timespan as `start/end` instants, echoed in the response. */
  timespan: string;
  /** First data point: the timespan's start truncated to the minute. */
  start: number;
  /** Exclusive end of the last interval: the timespan's end truncated to the minute. */
  end: number;
  /** Canonical ISO 8601 interval, e.g. `PT5M`. */
  interval: string;
  intervalMs: number;
  /** Undefined: the resource's first metric, as Azure returns its default metric. */
  metricNames: string[] | undefined;
  /** Undefined: each metric's primary aggregation. */
  aggregations: Aggregation[] | undefined;
  metricNamespace: string | undefined;
}

export type MetricsQueryParse =
  | { ok: true; query: MetricsQuery }
  | {
      ok: false;
      code: 'MissingApiVersionParameter' | 'InvalidApiVersionParameter' | 'BadRequest';
      message: string;
    };

const METRICS_PATH = /^\/+(subscriptions\/.+?)\/providers\/microsoft\.insights\/metrics\/?$/i;

/** The resource id of a metrics path (`//subscriptions/…/providers/Microsoft.Insights/metrics`). */
export function metricsResourceUri(path: string): string | undefined {
  const match = METRICS_PATH.exec(path);
  if (!match) {
    return undefined;
  }
  return `/${match[1]
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/')}`;
}

export function parseMetricsQuery(
  resourceUri: string,
  params: URLSearchParams,
  now: number,
): MetricsQueryParse {
  const apiVersion = params.get('api-version');
  if (!apiVersion) {
    return {
      ok: false,
      code: 'MissingApiVersionParameter',
      message: 'The api-version query parameter (?api-version=) is required for all requests.',
    };
  }
  if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
    return {
      ok: false,
      code: 'InvalidApiVersionParameter',
      message: `The api-version '${apiVersion}' is invalid. The supported versions are '${SUPPORTED_API_VERSIONS.join(',')}'.`,
    };
  }

  const timespanText = params.get('timespan') ?? undefined;
  const range = parseTimespan(timespanText, now);
  if (!range) {
    return badRequest(
      `Detected invalid time interval input: ${timespanText}, supported Iso 8601 time interval format: (Datetime/Datetime, Datetime/Duration, Duration/Datetime, Duration)`,
    );
  }
  if (range.start >= range.end) {
    return badRequest(
      `Detected invalid time interval input: ${timespanText}, the start time must be earlier than the end time`,
    );
  }

  const grain = readTimeGrain(params.get('interval') ?? 'PT1M');
  if (typeof grain === 'string') {
    return badRequest(grain);
  }
  const aggregations = readAggregations(params.get('aggregation'));
  if (typeof aggregations === 'string') {
    return badRequest(aggregations);
  }

  const metricNamesText = params.get('metricnames');
  return {
    ok: true,
    query: {
      resourceUri,
      apiVersion,
      timespan: `${formatInstant(range.start)}/${formatInstant(range.end)}`,
      start: floorToMinute(range.start),
      end: floorToMinute(range.end),
      interval: grain.interval,
      intervalMs: grain.intervalMs,
      metricNames: metricNamesText ? splitList(metricNamesText) : undefined,
      aggregations,
      metricNamespace: params.get('metricnamespace') ?? undefined,
    },
  };
}

/** `start/end`, `start/duration`, `duration/end` or `duration` (ending now); no timespan: the last hour. */
function parseTimespan(
  text: string | undefined,
  now: number,
): { start: number; end: number } | undefined {
  if (text === undefined) {
    return { start: now - DEFAULT_TIMESPAN_MS, end: now };
  }
  const parts = text.split('/');
  if (parts.length === 1) {
    const duration = parseDuration(parts[0]);
    return duration === undefined ? undefined : { start: now - duration, end: now };
  }
  if (parts.length !== 2) {
    return undefined;
  }
  const [first, second] = parts;
  const start = parseInstant(first);
  const end = parseInstant(second);
  if (start !== undefined && end !== undefined) {
    return { start, end };
  }
  const leading = parseDuration(first);
  if (end !== undefined && leading !== undefined) {
    return { start: end - leading, end };
  }
  const trailing = parseDuration(second);
  if (start !== undefined && trailing !== undefined) {
    return { start, end: start + trailing };
  }
  return undefined;
}

/** The canonical time grain of an ISO 8601 interval, or Azure's error message. */
export function readTimeGrain(text: string): { interval: string; intervalMs: number } | string {
  const intervalMs = parseDuration(text);
  const grain = TIME_GRAINS.find(([, ms]) => ms === intervalMs);
  if (!grain) {
    return `Invalid time grain duration: ${text}, supported ones are: ${TIME_GRAINS.map(([, ms]) => formatTimeSpan(ms)).join(',')}`;
  }
  return { interval: grain[0], intervalMs: grain[1] };
}

/** The aggregations of a comma-separated list (undefined: none named), or an error message. */
export function readAggregations(text: string | null): Aggregation[] | undefined | string {
  if (!text) {
    return undefined;
  }
  const aggregations: Aggregation[] = [];
  for (const name of splitList(text)) {
    const aggregation = AGGREGATIONS.find((a) => a.toLowerCase() === name.toLowerCase());
    if (!aggregation) {
      return `Invalid aggregation type: ${name}, supported ones are: ${AGGREGATIONS.join(',')}`;
    }
    if (!aggregations.includes(aggregation)) {
      aggregations.push(aggregation);
    }
  }
  return aggregations;
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function badRequest(message: string): MetricsQueryParse {
  return { ok: false, code: 'BadRequest', message };
}
