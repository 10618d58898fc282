/**
 * Scenario files: datapoints to seed, including AWS/ namespaces that
 * PutMetricData refuses. The format is documented in README.md.
 */
import { readFileSync } from 'node:fs';
import { isJsonObject } from './json-input';
import { STANDARD_UNITS } from './metric-names';
import { metricIdentity, type MetricIdentity, type StatisticSample } from './metric-store';
import { isStorageResolution, storedTimestamp, type StorageResolution } from './storage-resolution';

/** ISO-8601 text ("2026-11-25T10:05:00Z") or seconds since the epoch. */
export type ScenarioTime = string | number;

export interface ScenarioSpan {
  from: ScenarioTime;
  to: ScenarioTime;
}

export interface ScenarioSeries {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  unit?: string;
  storageResolution?: StorageResolution;
  /** A generated series: one datapoint every `everySeconds` in [from, to). */
  from?: ScenarioTime;
  to?: ScenarioTime;
  everySeconds?: number;
  value?: number;
  /** Spans [from, to) whose datapoints take another value; the last matching span wins. */
  overrides?: Array<ScenarioSpan & { value: number }>;
  /** Spans [from, to) with no datapoint at all. */
  gaps?: ScenarioSpan[];
  /** Or explicit datapoints, instead of or besides a generated series. */
  datapoints?: Array<{ timestamp: ScenarioTime; value: number }>;
}

export interface Scenario {
  description?: string;
  metrics: ScenarioSeries[];
}

export interface SeededDatapoint {
  readonly metric: MetricIdentity;
  readonly sample: StatisticSample;
}

class ScenarioError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

const ZONED_ISO_TIME = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function epochSeconds(time: unknown, path: string): number {
  if (typeof time === 'number' && Number.isFinite(time)) return time;
  if (typeof time === 'string') {
    const parsed = Date.parse(time);
    if (!Number.isNaN(parsed) && ZONED_ISO_TIME.test(time)) return parsed / 1000;
  }
  throw new ScenarioError(path, 'must be an ISO-8601 time with a time zone, or epoch seconds');
}

function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScenarioError(path, 'must be a finite number');
  }
  return value;
}

function nonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ScenarioError(path, 'must be a non-empty string');
  }
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ScenarioError(path, 'must be a list');
  return value;
}

interface Span {
  readonly from: number;
  readonly to: number;
}

function span(value: unknown, path: string): Span {
  if (!isJsonObject(value)) throw new ScenarioError(path, 'must be an object with from and to');
  const from = epochSeconds(value.from, `${path}.from`);
  const to = epochSeconds(value.to, `${path}.to`);
  if (to <= from) throw new ScenarioError(path, 'to must be later than from');
  return { from, to };
}

const contains = (s: Span, time: number): boolean => s.from <= time && time < s.to;

function seriesDatapoints(raw: unknown, path: string): SeededDatapoint[] {
  if (!isJsonObject(raw)) throw new ScenarioError(path, 'must be an object');
  const namespace = nonEmptyString(raw.namespace, `${path}.namespace`);
  const metricName = nonEmptyString(raw.metricName, `${path}.metricName`);
  const dimensions: Record<string, string> = {};
  if (raw.dimensions !== undefined) {
    if (!isJsonObject(raw.dimensions)) {
      throw new ScenarioError(`${path}.dimensions`, 'must be an object of names to values');
    }
    for (const [name, value] of Object.entries(raw.dimensions)) {
      dimensions[name] = nonEmptyString(value, `${path}.dimensions.${name}`);
    }
  }
  const unit = raw.unit === undefined ? 'None' : nonEmptyString(raw.unit, `${path}.unit`);
  if (!(STANDARD_UNITS as readonly string[]).includes(unit)) {
    throw new ScenarioError(`${path}.unit`, `must be one of ${STANDARD_UNITS.join(', ')}`);
  }
  const resolution =
    raw.storageResolution === undefined
      ? 60
      : finiteNumber(raw.storageResolution, `${path}.storageResolution`);
  if (!isStorageResolution(resolution)) {
    throw new ScenarioError(`${path}.storageResolution`, 'must be 1 or 60');
  }

  const metric = metricIdentity(namespace, metricName, dimensions);
  const seeded: SeededDatapoint[] = [];
  const seed = (timestamp: number, value: number) =>
    seeded.push({
      metric,
      sample: {
        timestamp: storedTimestamp(timestamp, resolution),
        sampleCount: 1,
        sum: value,
        minimum: value,
        maximum: value,
        unit,
      },
    });

  const generated = raw.from !== undefined || raw.to !== undefined || raw.value !== undefined;
  if (generated) {
    const range = span({ from: raw.from, to: raw.to }, path);
    const every =
      raw.everySeconds === undefined ? 60 : finiteNumber(raw.everySeconds, `${path}.everySeconds`);
    if (every <= 0) throw new ScenarioError(`${path}.everySeconds`, 'must be positive');
    const base = finiteNumber(raw.value, `${path}.value`);
    const overrides = list(raw.overrides, `${path}.overrides`).map((entry, index) => {
      const entryPath = `${path}.overrides[${index}]`;
      return {
        ...span(entry, entryPath),
        value: finiteNumber(isJsonObject(entry) ? entry.value : undefined, `${entryPath}.value`),
      };
    });
    const gaps = list(raw.gaps, `${path}.gaps`).map((entry, index) =>
      span(entry, `${path}.gaps[${index}]`),
    );
    for (let time = range.from; time < range.to; time += every) {
      if (gaps.some((gap) => contains(gap, time))) continue;
      const override = overrides.filter((o) => contains(o, time)).pop();
      seed(time, override?.value ?? base);
    }
  }
  const datapoints = list(raw.datapoints, `${path}.datapoints`);
  datapoints.forEach((entry, index) => {
    const entryPath = `${path}.datapoints[${index}]`;
    if (!isJsonObject(entry)) throw new ScenarioError(entryPath, 'must be { timestamp, value }');
    seed(
      epochSeconds(entry.timestamp, `${entryPath}.timestamp`),
      finiteNumber(entry.value, `${entryPath}.value`),
    );
  });
  if (!generated && datapoints.length === 0) {
    throw new ScenarioError(path, 'needs from, to and value, or datapoints');
  }
  return seeded;
}

/** Checks a parsed scenario and returns it typed; `source` names it in errors. */
export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  scenarioDatapoints(json, source);
  return json as Scenario;
}

/** Every datapoint a scenario seeds, or a ScenarioError naming the first problem. */
export function scenarioDatapoints(json: unknown, source = 'scenario'): SeededDatapoint[] {
  if (!isJsonObject(json) || !Array.isArray(json.metrics)) {
    throw new ScenarioError(source, 'must be an object with a "metrics" list');
  }
  return json.metrics.flatMap((series, index) =>
    seriesDatapoints(series, `${source}.metrics[${index}]`),
  );
}

export function readScenarioFile(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(path, error instanceof Error ? error.message : String(error));
  }
  return parseScenario(json, path);
}
