/**
 * PutMetricData: validates the whole request first, then stores every
 * datapoint (CloudWatch refuses a request with any invalid datum as a whole).
 */
import {
  member,
  readDouble,
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
import {
  metricIdentity,
  type MetricIdentity,
  type MetricStore,
  type StatisticSample,
} from './metric-store';
import { serviceErrors } from './service-errors';
import { isStorageResolution, storedTimestamp } from './storage-resolution';

export const MAX_METRIC_DATA_PER_CALL = 1000;
export const MAX_VALUES_PER_DATUM = 150;
const LARGEST_MAGNITUDE = 2 ** 360;
const SMALLEST_MAGNITUDE = 2 ** -360;
const TWO_WEEKS_SECONDS = 14 * 24 * 3600;
const TWO_HOURS_SECONDS = 2 * 3600;

export interface StoredDatapoint {
  readonly metric: MetricIdentity;
  readonly sample: StatisticSample;
}

interface DatumSource {
  readonly datum: JsonValue;
  readonly path: string;
}

function isAcceptedValue(value: number): boolean {
  const magnitude = Math.abs(value);
  return (
    Number.isFinite(value) &&
    magnitude <= LARGEST_MAGNITUDE &&
    (magnitude === 0 || magnitude >= SMALLEST_MAGNITUDE)
  );
}

function acceptedValue(value: number, path: string): number {
  if (!isAcceptedValue(value)) {
    throw serviceErrors.invalidParameterValue(
      `The value ${value} for parameter ${path} is invalid.`,
    );
  }
  return value;
}

function mutuallyExclusive(path: string, first: string, second: string): string {
  return (
    `The parameters ${path}.${first} and ${path}.${second} are mutually exclusive ` +
    'and you have specified both.'
  );
}

/** The data of a request: MetricData plus the MetricData inside each EntityMetricData entry. */
function datumSources(body: JsonObject): DatumSource[] {
  const sources: DatumSource[] = (readList(member(body, 'MetricData'), 'MetricData') ?? []).map(
    (datum, index) => ({ datum, path: `MetricData.member.${index + 1}` }),
  );
  const entities = readList(member(body, 'EntityMetricData'), 'EntityMetricData') ?? [];
  entities.forEach((entity, entityIndex) => {
    const entityPath = `EntityMetricData.member.${entityIndex + 1}`;
    const entityObject = readObject(entity, entityPath) ?? {};
    const data = readList(member(entityObject, 'MetricData'), `${entityPath}.MetricData`) ?? [];
    data.forEach((datum, index) =>
      sources.push({ datum, path: `${entityPath}.MetricData.member.${index + 1}` }),
    );
  });
  return sources;
}

function statisticSet(
  datum: JsonObject,
  path: string,
): Omit<StatisticSample, 'timestamp' | 'unit'> {
  const set = readObject(member(datum, 'StatisticValues'), `${path}.StatisticValues`) ?? {};
  const read = (name: string): number => {
    const memberPath = `${path}.StatisticValues.${name}`;
    const value = required(readDouble(member(set, name), memberPath), () =>
      serviceErrors.missingParameter(`The parameter ${memberPath} is required.`),
    );
    return acceptedValue(value, memberPath);
  };
  const sampleCount = read('SampleCount');
  const sum = read('Sum');
  const minimum = read('Minimum');
  const maximum = read('Maximum');
  if (sampleCount <= 0) {
    throw serviceErrors.invalidParameterValue(
      `The value ${sampleCount} for parameter ${path}.StatisticValues.SampleCount is invalid.`,
    );
  }
  if (minimum > maximum) {
    throw serviceErrors.invalidParameterValue(
      `The parameter ${path}.StatisticValues.Minimum must not be greater than ${path}.StatisticValues.Maximum.`,
    );
  }
  return { sampleCount, sum, minimum, maximum };
}

function valuesWithCounts(
  datum: JsonObject,
  path: string,
): Array<Omit<StatisticSample, 'timestamp' | 'unit'>> {
  const values = readList(member(datum, 'Values'), `${path}.Values`) ?? [];
  const counts = readList(member(datum, 'Counts'), `${path}.Counts`);
  if (values.length > MAX_VALUES_PER_DATUM) {
    throw serviceErrors.invalidParameterValue(
      `The collection ${path}.Values must not have a size greater than ${MAX_VALUES_PER_DATUM}.`,
    );
  }
  if (counts !== undefined && counts.length !== values.length) {
    throw serviceErrors.invalidParameterValue(
      `The parameters ${path}.Values and ${path}.Counts must be of the same size.`,
    );
  }
  const samples: Array<Omit<StatisticSample, 'timestamp' | 'unit'>> = [];
  values.forEach((entry, index) => {
    const valuePath = `${path}.Values.member.${index + 1}`;
    const countPath = `${path}.Counts.member.${index + 1}`;
    const value = acceptedValue(readDouble(entry, valuePath) ?? Number.NaN, valuePath);
    const count = counts === undefined ? 1 : (readDouble(counts[index], countPath) ?? Number.NaN);
    if (!Number.isFinite(count) || count < 0) {
      throw serviceErrors.invalidParameterValue(
        `The value ${count} for parameter ${countPath} is invalid.`,
      );
    }
    if (count > 0) {
      samples.push({ sampleCount: count, sum: value * count, minimum: value, maximum: value });
    }
  });
  return samples;
}

function datumSamples(
  datum: JsonObject,
  path: string,
): Array<Omit<StatisticSample, 'timestamp' | 'unit'>> {
  const hasValue = member(datum, 'Value') !== undefined;
  const hasValues = (readList(member(datum, 'Values'), `${path}.Values`) ?? []).length > 0;
  const hasStatistics = member(datum, 'StatisticValues') !== undefined;
  if (hasValue && hasValues) {
    throw serviceErrors.invalidParameterValue(mutuallyExclusive(path, 'Value', 'Values'));
  }
  if (hasValue && hasStatistics) {
    throw serviceErrors.invalidParameterCombination(
      mutuallyExclusive(path, 'Value', 'StatisticValues'),
    );
  }
  if (hasValues && hasStatistics) {
    throw serviceErrors.invalidParameterCombination(
      mutuallyExclusive(path, 'Values', 'StatisticValues'),
    );
  }
  if (hasStatistics) return [statisticSet(datum, path)];
  if (hasValues) return valuesWithCounts(datum, path);
  if (!hasValue) {
    throw serviceErrors.invalidParameterCombination(
      `One of the parameters ${path}.Value, ${path}.Values or ${path}.StatisticValues must be specified.`,
    );
  }
  const value = acceptedValue(
    readDouble(member(datum, 'Value'), `${path}.Value`) ?? Number.NaN,
    `${path}.Value`,
  );
  return [{ sampleCount: 1, sum: value, minimum: value, maximum: value }];
}

function timestampProblem(timestamp: number, nowSeconds: number, path: string): string | undefined {
  if (timestamp < nowSeconds - TWO_WEEKS_SECONDS) {
    return `The parameter ${path}.Timestamp must specify a time within the past two weeks.`;
  }
  if (timestamp > nowSeconds + TWO_HOURS_SECONDS) {
    return `The parameter ${path}.Timestamp must specify a time no more than two hours in the future.`;
  }
  return undefined;
}

/** The datapoints a PutMetricData request stores, or the error CloudWatch answers it with. */
export function readPutMetricData(body: JsonObject, nowSeconds: number): StoredDatapoint[] {
  const namespace = required(readString(member(body, 'Namespace'), 'Namespace'), () =>
    serviceErrors.missingParameter('The parameter Namespace is required.'),
  );
  checkNamespace(namespace, 'Namespace');
  if (namespace.startsWith('AWS/')) {
    throw serviceErrors.invalidParameterValue(
      `The value ${namespace} for parameter Namespace is invalid.`,
    );
  }
  const sources = datumSources(body);
  if (sources.length === 0) {
    throw serviceErrors.missingParameter('The parameter MetricData is required.');
  }
  if (sources.length > MAX_METRIC_DATA_PER_CALL) {
    throw serviceErrors.invalidParameterValue(
      `The collection MetricData must not have a size greater than ${MAX_METRIC_DATA_PER_CALL}.`,
    );
  }

  const stored: StoredDatapoint[] = [];
  const timestampProblems: string[] = [];
  for (const { datum, path } of sources) {
    const object = readObject(datum, path) ?? {};
    const metricName = required(
      readString(member(object, 'MetricName'), `${path}.MetricName`),
      () => serviceErrors.missingParameter(`The parameter ${path}.MetricName is required.`),
    );
    checkMetricName(metricName, `${path}.MetricName`);
    const dimensions = readDimensions(member(object, 'Dimensions'), `${path}.Dimensions`);
    const unit = checkUnit(readString(member(object, 'Unit'), `${path}.Unit`), `${path}.Unit`);
    const resolution =
      readInteger(member(object, 'StorageResolution'), `${path}.StorageResolution`) ?? 60;
    if (!isStorageResolution(resolution)) {
      throw serviceErrors.invalidParameterValue(
        `The value ${resolution} for parameter ${path}.StorageResolution is invalid.`,
      );
    }
    const timestamp = readTimestamp(member(object, 'Timestamp'), `${path}.Timestamp`) ?? nowSeconds;
    const problem = timestampProblem(timestamp, nowSeconds, path);
    if (problem !== undefined) timestampProblems.push(problem);

    const metric = metricIdentity(namespace, metricName, dimensions);
    for (const statistics of datumSamples(object, path)) {
      stored.push({
        metric,
        sample: {
          ...statistics,
          timestamp: storedTimestamp(timestamp, resolution),
          unit: unit ?? 'None',
        },
      });
    }
  }
  if (timestampProblems.length > 0) {
    throw serviceErrors.invalidParameterValue(timestampProblems.join('\n'));
  }
  return stored;
}

export function putMetricData(store: MetricStore, body: JsonObject, nowSeconds: number): void {
  for (const { metric, sample } of readPutMetricData(body, nowSeconds)) {
    store.add(metric, sample);
  }
}
