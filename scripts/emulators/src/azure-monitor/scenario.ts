/**
 * Scenarios: a JSON description of the emulated world — service principals, resources, their
 * metrics with explicit samples or a generated series, and outages during which a resource
 * emits nothing. `parseScenario` checks a parsed JSON value and names the first field at fault.
 */
import type { Directory, Principal } from './directory';
import { parseDuration, parseInstant } from './iso8601';
import {
  AGGREGATIONS,
  assertResourceId,
  type Aggregation,
  type MetricStore,
  type Sample,
} from './metric-store';

export interface Scenario {
  principals?: Principal[];
  resources: ScenarioResource[];
}

export interface ScenarioResource {
  /** ARM resource id, e.g. `/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm1`. */
  id: string;
  /** Reported as `resourceregion`; default `westeurope`. */
  location?: string;
  /** Half-open windows [from, to) in which no metric of the resource has a sample. */
  outages?: TimeWindow[];
  metrics: ScenarioMetric[];
}

export interface TimeWindow {
  from: string;
  to: string;
}

export interface ScenarioMetric {
  name: string;
  unit?: string;
  namespace?: string;
  primaryAggregation?: Aggregation;
  displayDescription?: string;
  samples?: Array<{ timeStamp: string; value: number }>;
  /** One sample every `every` in [from, to), cycling through `values`. */
  series?: TimeWindow & { every: string; values: number[] };
}

/** Replaces the store's resources and samples with the scenario's; adds its principals. */
export function applyScenario(scenario: Scenario, store: MetricStore, directory: Directory): void {
  const checked = parseScenario(scenario);
  store.clear();
  for (const principal of checked.principals ?? []) {
    directory.add(principal);
  }
  for (const resource of checked.resources) {
    store.defineResource(resource.id, resource.location);
    const outages = (resource.outages ?? []).map(toRange);
    const available = (sample: Sample): boolean =>
      !outages.some((outage) => sample.time >= outage.from && sample.time < outage.to);
    for (const metric of resource.metrics) {
      store.defineMetric(resource.id, {
        name: metric.name,
        unit: metric.unit,
        namespace: metric.namespace,
        primaryAggregation: metric.primaryAggregation,
        displayDescription: metric.displayDescription,
      });
      const samples = [...explicitSamples(metric), ...generatedSamples(metric)].filter(available);
      store.addSamples(resource.id, metric.name, samples);
    }
  }
}

export function parseScenario(value: unknown): Scenario {
  const root = object(value, 'scenario');
  const principals =
    root.principals === undefined
      ? undefined
      : array(root.principals, 'principals').map((p, i) => principal(p, `principals[${i}]`));
  const resources = array(root.resources, 'resources').map((r, i) =>
    resource(r, `resources[${i}]`),
  );
  return principals === undefined ? { resources } : { principals, resources };
}

function principal(value: unknown, path: string): Principal {
  const record = object(value, path);
  const result: Principal = {
    tenantId: text(record.tenantId, `${path}.tenantId`),
    clientId: text(record.clientId, `${path}.clientId`),
    clientSecret: text(record.clientSecret, `${path}.clientSecret`),
  };
  if (record.resources !== undefined) {
    result.resources = array(record.resources, `${path}.resources`).map((r, i) =>
      text(r, `${path}.resources[${i}]`),
    );
  }
  if (record.objectId !== undefined) {
    result.objectId = text(record.objectId, `${path}.objectId`);
  }
  return result;
}

function resource(value: unknown, path: string): ScenarioResource {
  const record = object(value, path);
  const id = text(record.id, `${path}.id`);
  try {
    assertResourceId(id);
  } catch (error) {
    throw new Error(`${path}.id: ${(error as Error).message}`, { cause: error });
  }
  return {
    id,
    location: record.location === undefined ? undefined : text(record.location, `${path}.location`),
    outages:
      record.outages === undefined
        ? undefined
        : array(record.outages, `${path}.outages`).map((o, i) =>
            window(o, `${path}.outages[${i}]`),
          ),
    metrics: array(record.metrics, `${path}.metrics`).map((m, i) =>
      metric(m, `${path}.metrics[${i}]`),
    ),
  };
}

function metric(value: unknown, path: string): ScenarioMetric {
  const record = object(value, path);
  const optionalText = (field: string): string | undefined =>
    record[field] === undefined ? undefined : text(record[field], `${path}.${field}`);
  const primary = optionalText('primaryAggregation');
  if (primary !== undefined && !AGGREGATIONS.some((a) => a === primary)) {
    throw new Error(
      `${path}.primaryAggregation must be one of ${AGGREGATIONS.join(', ')}, got '${primary}'`,
    );
  }
  return {
    name: text(record.name, `${path}.name`),
    unit: optionalText('unit'),
    namespace: optionalText('namespace'),
    primaryAggregation: AGGREGATIONS.find((a) => a === primary),
    displayDescription: optionalText('displayDescription'),
    samples:
      record.samples === undefined
        ? undefined
        : array(record.samples, `${path}.samples`).map((s, i) => {
            const sample = object(s, `${path}.samples[${i}]`);
            return {
              timeStamp: instant(sample.timeStamp, `${path}.samples[${i}].timeStamp`),
              value: finite(sample.value, `${path}.samples[${i}].value`),
            };
          }),
    series: record.series === undefined ? undefined : series(record.series, `${path}.series`),
  };
}

function series(value: unknown, path: string): NonNullable<ScenarioMetric['series']> {
  const record = object(value, path);
  const every = text(record.every, `${path}.every`);
  const step = parseDuration(every);
  if (step === undefined || step <= 0) {
    throw new Error(`${path}.every must be an ISO 8601 duration such as PT1M, got '${every}'`);
  }
  const values = array(record.values, `${path}.values`).map((v, i) =>
    finite(v, `${path}.values[${i}]`),
  );
  if (values.length === 0) {
    throw new Error(`${path}.values must hold at least one number`);
  }
  return { ...window(record, path), every, values };
}

function window(value: unknown, path: string): TimeWindow {
  const record = object(value, path);
  const from = instant(record.from, `${path}.from`);
  const to = instant(record.to, `${path}.to`);
  if (Date.parse(from) >= Date.parse(to)) {
    throw new Error(`${path}: 'from' (${from}) must be before 'to' (${to})`);
  }
  return { from, to };
}

function explicitSamples(metric: ScenarioMetric): Sample[] {
  return (metric.samples ?? []).map((s) => ({ time: Date.parse(s.timeStamp), value: s.value }));
}

function generatedSamples(metric: ScenarioMetric): Sample[] {
  if (!metric.series) {
    return [];
  }
  const { from, to } = toRange(metric.series);
  const step = parseDuration(metric.series.every) ?? 0;
  const values = metric.series.values;
  const samples: Sample[] = [];
  for (let time = from, i = 0; time < to; time += step, i += 1) {
    samples.push({ time, value: values[i % values.length] });
  }
  return samples;
}

function toRange(window: TimeWindow): { from: number; to: number } {
  return { from: Date.parse(window.from), to: Date.parse(window.to) };
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} must be an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`${path} must be an array, got ${JSON.stringify(value)}`);
  }
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${path} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${path} must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An ISO 8601 date-time, returned normalised to `…Z` so later parsing is plain Date.parse. */
function instant(value: unknown, path: string): string {
  const raw = text(value, path);
  const millis = parseInstant(raw);
  if (millis === undefined) {
    throw new Error(
      `${path} must be an ISO 8601 date-time such as 2026-11-25T10:00:00Z, got '${raw}'`,
    );
  }
  return new Date(millis).toISOString();
}
