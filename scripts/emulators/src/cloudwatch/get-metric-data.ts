/**
 * GetMetricData for MetricStat queries: validation, aggregation into periods
 * counted from the rounded StartTime, scan order and NextToken pagination.
 */
import {
  member,
  readBoolean,
  readInteger,
  readList,
  readObject,
  readString,
  readTimestamp,
  required,
  type JsonObject,
  type JsonValue,
} from './json-input';
import { checkMetricName, checkNamespace, checkUnit, readDimensions } from './metric-names';
import { metricIdentity, type MetricIdentity, type MetricStore } from './metric-store';
import {
  decodeNextToken,
  encodeNextToken,
  requestFingerprint,
  type PageCursor,
} from './pagination-token';
import { serviceErrors } from './service-errors';
import { aggregate, isStatistic, STATISTICS, type Statistic } from './statistics';

export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;
const QUERY_ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
const SUB_MINUTE_PERIODS = [1, 5, 10, 20, 30];

export type ScanBy = 'TimestampAscending' | 'TimestampDescending';

export interface MetricQuery {
  readonly id: string;
  readonly label: string | undefined;
  readonly returnData: boolean;
  readonly metric: MetricIdentity;
  readonly period: number;
  readonly statistic: Statistic;
  readonly unit: string | undefined;
}

export interface GetMetricDataRequest {
  readonly queries: readonly MetricQuery[];
  /** Epoch seconds as sent; each query rounds it down to its own granularity. */
  readonly startTime: number;
  readonly endTime: number;
  readonly scanBy: ScanBy;
  /** Whether the caller asked for an order; without one the emulator may shuffle datapoints. */
  readonly scanByGiven: boolean;
  readonly maxDatapoints: number;
  readonly nextToken: string | undefined;
}

export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: number[];
  Values: number[];
  StatusCode: 'Complete' | 'PartialData';
  Messages: [];
}

export interface GetMetricDataOutput {
  MetricDataResults: MetricDataResult[];
  NextToken?: string;
  Messages: [];
}

interface Datapoint {
  readonly queryIndex: number;
  readonly timestamp: number;
  readonly value: number;
}

function invalidValue(value: unknown, path: string) {
  return serviceErrors.invalidParameterValue(
    `The value ${value} for parameter ${path} is invalid.`,
  );
}

function isValidPeriod(period: number): boolean {
  return period >= 1 && (SUB_MINUTE_PERIODS.includes(period) || period % 60 === 0);
}

function readQuery(entry: JsonValue, path: string): MetricQuery {
  const query = readObject(entry, path) ?? {};
  const id = required(readString(member(query, 'Id'), `${path}.Id`), () =>
    serviceErrors.validation(`The parameter ${path}.Id is required.`),
  );
  if (id.length > 255 || !QUERY_ID_PATTERN.test(id)) {
    throw serviceErrors.invalidParameterValue(
      `The value ${id} for parameter ${path}.Id is invalid: an Id starts with a lowercase ` +
        'letter and contains only letters, numbers and underscores.',
    );
  }
  if (member(query, 'Expression') !== undefined) {
    throw serviceErrors.invalidParameterValue(
      `${path}.Expression: metric math and Metrics Insights queries are not supported by this emulator.`,
    );
  }
  const stat = required(readObject(member(query, 'MetricStat'), `${path}.MetricStat`), () =>
    serviceErrors.validation(`The parameter ${path}.MetricStat is required.\n`),
  );
  const metricPath = `${path}.MetricStat.Metric`;
  const metric = required(readObject(member(stat, 'Metric'), metricPath), () =>
    serviceErrors.validation(`The parameter ${metricPath} is required.`),
  );
  const namespace = required(
    readString(member(metric, 'Namespace'), `${metricPath}.Namespace`),
    () => serviceErrors.validation(`The parameter ${metricPath}.Namespace is required.`),
  );
  const metricName = required(
    readString(member(metric, 'MetricName'), `${metricPath}.MetricName`),
    () => serviceErrors.validation(`The parameter ${metricPath}.MetricName is required.`),
  );
  checkNamespace(namespace, `${metricPath}.Namespace`);
  checkMetricName(metricName, `${metricPath}.MetricName`);
  const dimensions = readDimensions(member(metric, 'Dimensions'), `${metricPath}.Dimensions`);

  const periodPath = `${path}.MetricStat.Period`;
  const period = required(readInteger(member(stat, 'Period'), periodPath), () =>
    serviceErrors.validation(`The parameter ${periodPath} is required.`),
  );
  if (!isValidPeriod(period)) {
    throw serviceErrors.invalidParameterValue(
      `The value ${period} for parameter ${periodPath} is invalid: a period is 1, 5, 10, 20, 30 or a multiple of 60.`,
    );
  }
  const statPath = `${path}.MetricStat.Stat`;
  const statistic = required(readString(member(stat, 'Stat'), statPath), () =>
    serviceErrors.validation(`The parameter ${statPath} is required.`),
  );
  if (!isStatistic(statistic)) {
    throw serviceErrors.invalidParameterValue(
      `The value ${statistic} for parameter ${statPath} is invalid: this emulator supports ${STATISTICS.join(', ')}.`,
    );
  }
  const unitPath = `${path}.MetricStat.Unit`;
  return {
    id,
    label: readString(member(query, 'Label'), `${path}.Label`),
    returnData: readBoolean(member(query, 'ReturnData'), `${path}.ReturnData`) ?? true,
    metric: metricIdentity(namespace, metricName, dimensions),
    period,
    statistic,
    unit: checkUnit(readString(member(stat, 'Unit'), unitPath), unitPath),
  };
}

export function readGetMetricData(body: JsonObject): GetMetricDataRequest {
  const entries = required(readList(member(body, 'MetricDataQueries'), 'MetricDataQueries'), () =>
    serviceErrors.validation('The parameter MetricDataQueries is required.'),
  );
  if (entries.length === 0) {
    throw serviceErrors.validation('The parameter MetricDataQueries must not be empty.');
  }
  if (entries.length > MAX_QUERIES_PER_CALL) {
    throw serviceErrors.invalidParameterValue(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES_PER_CALL}.`,
    );
  }
  const queries = entries.map((entry, index) =>
    readQuery(entry, `MetricDataQueries.member.${index + 1}`),
  );
  queries.forEach((query, index) => {
    if (queries.findIndex((other) => other.id === query.id) !== index) {
      throw serviceErrors.invalidParameterValue(
        `The value ${query.id} for parameter MetricDataQueries.member.${index + 1}.Id is not unique.`,
      );
    }
  });

  const startTime = required(readTimestamp(member(body, 'StartTime'), 'StartTime'), () =>
    serviceErrors.validation('The parameter StartTime is required.'),
  );
  const endTime = required(readTimestamp(member(body, 'EndTime'), 'EndTime'), () =>
    serviceErrors.validation('The parameter EndTime is required.'),
  );
  if (startTime > endTime) {
    throw serviceErrors.validation('The parameter EndTime must be greater than StartTime.');
  }
  if (startTime === endTime) {
    throw serviceErrors.validation('The parameter StartTime must not equal parameter EndTime.');
  }

  const scanBy = readString(member(body, 'ScanBy'), 'ScanBy');
  if (scanBy !== undefined && scanBy !== 'TimestampAscending' && scanBy !== 'TimestampDescending') {
    throw invalidValue(scanBy, 'ScanBy');
  }
  const maxDatapoints = readInteger(member(body, 'MaxDatapoints'), 'MaxDatapoints');
  if (maxDatapoints !== undefined && maxDatapoints < 1) {
    throw invalidValue(maxDatapoints, 'MaxDatapoints');
  }
  return {
    queries,
    startTime,
    endTime,
    scanBy: scanBy ?? 'TimestampDescending',
    scanByGiven: scanBy !== undefined,
    maxDatapoints: Math.min(maxDatapoints ?? MAX_DATAPOINTS_PER_CALL, MAX_DATAPOINTS_PER_CALL),
    nextToken: readString(member(body, 'NextToken'), 'NextToken'),
  };
}

/**
 * The query's datapoints, oldest first. Periods are counted from StartTime
 * rounded down to the whole minute (to the period itself below a minute), so
 * a StartTime aligned to the period gives timestamps aligned to the period.
 * A period without any stored datapoint is absent.
 */
function queryDatapoints(
  store: MetricStore,
  query: MetricQuery,
  queryIndex: number,
  startTime: number,
  endTime: number,
): Datapoint[] {
  const granularity = Math.min(query.period, 60);
  const start = Math.floor(startTime / granularity) * granularity;
  const samples = store
    .samplesBetween(query.metric, start, endTime)
    .filter((sample) => query.unit === undefined || sample.unit === query.unit);
  const datapoints: Datapoint[] = [];
  let periodStart = Number.NaN;
  let inPeriod: typeof samples = [];
  const close = () => {
    if (inPeriod.length > 0) {
      datapoints.push({
        queryIndex,
        timestamp: periodStart,
        value: aggregate(inPeriod, query.statistic),
      });
    }
  };
  for (const sample of samples) {
    const sampleStart =
      start + Math.floor((sample.timestamp - start) / query.period) * query.period;
    if (sampleStart !== periodStart) {
      close();
      periodStart = sampleStart;
      inPeriod = [];
    }
    inPeriod.push(sample);
  }
  close();
  return datapoints;
}

function scanOrder(scanBy: ScanBy): (a: PageCursor, b: PageCursor) => number {
  return scanBy === 'TimestampAscending'
    ? (a, b) => a.timestamp - b.timestamp || a.queryIndex - b.queryIndex
    : (a, b) => b.timestamp - a.timestamp || a.queryIndex - b.queryIndex;
}

/** What the request's NextTokens are bound to. */
function fingerprintOf(request: GetMetricDataRequest): string {
  return requestFingerprint([request.queries, request.startTime, request.endTime, request.scanBy]);
}

/** A NextToken this request accepts, whose page is empty: its cursor lies past every datapoint. */
export function tokenPastTheEnd(request: GetMetricDataRequest): string {
  const edge = request.scanBy === 'TimestampAscending' ? 1 : -1;
  return encodeNextToken(
    { timestamp: edge * Number.MAX_SAFE_INTEGER, queryIndex: 0 },
    fingerprintOf(request),
  );
}

export function getMetricData(
  store: MetricStore,
  request: GetMetricDataRequest,
): GetMetricDataOutput {
  const fingerprint = fingerprintOf(request);
  const order = scanOrder(request.scanBy);
  const returned = request.queries
    .map((query, queryIndex) => ({ query, queryIndex }))
    .filter(({ query }) => query.returnData);
  const all = returned
    .flatMap(({ query, queryIndex }) =>
      queryDatapoints(store, query, queryIndex, request.startTime, request.endTime),
    )
    .sort(order);

  let first = 0;
  if (request.nextToken !== undefined) {
    const cursor = decodeNextToken(request.nextToken, fingerprint);
    while (first < all.length && order(all[first], cursor) <= 0) first += 1;
  }
  const page = all.slice(first, first + request.maxDatapoints);
  const later = all.slice(first + request.maxDatapoints);
  const last = page[page.length - 1];
  const pageByQuery = new Map<number, Datapoint[]>(
    returned.map(({ queryIndex }) => [queryIndex, []]),
  );
  for (const datapoint of page) pageByQuery.get(datapoint.queryIndex)?.push(datapoint);
  const unfinished = new Set(later.map((datapoint) => datapoint.queryIndex));

  const output: GetMetricDataOutput = {
    MetricDataResults: returned.map(({ query, queryIndex }) => {
      const own = pageByQuery.get(queryIndex) ?? [];
      return {
        Id: query.id,
        Label: query.label ?? query.metric.metricName,
        Timestamps: own.map((datapoint) => datapoint.timestamp),
        Values: own.map((datapoint) => datapoint.value),
        StatusCode: unfinished.has(queryIndex) ? 'PartialData' : 'Complete',
        Messages: [],
      };
    }),
    Messages: [],
  };
  if (later.length > 0 && last !== undefined) {
    output.NextToken = encodeNextToken(last, fingerprint);
  }
  return output;
}
