/**
 * Raw metric samples per resource and metric, and the per-interval aggregation Azure Monitor
 * applies when it answers a query. Resource ids and metric names match case-insensitively.
 */
import { formatInstant } from './iso8601';

export const AGGREGATIONS = ['Average', 'Minimum', 'Maximum', 'Total', 'Count'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface MetricDefinition {
  /** The metric's REST name, e.g. `Percentage CPU`. */
  name: string;
  /** Azure's unit name: `Percent`, `Bytes`, `Count`, `BytesPerSecond`, `MilliSeconds`, … */
  unit: string;
  /** Metric namespace; defaults to the resource type, e.g. `Microsoft.Compute/virtualMachines`. */
  namespace: string;
  /** The aggregation returned when a query names none. */
  primaryAggregation: Aggregation;
  displayDescription: string;
}

export interface Sample {
  /** Milliseconds since the epoch. */
  time: number;
  value: number;
}

export interface MetricSeries {
  definition: MetricDefinition;
  /** Sorted by time. */
  samples: Sample[];
}

export interface Resource {
  id: string;
  location: string;
  metrics: Map<string, MetricSeries>;
}

/** One data point of a time series as Azure Monitor writes it; absent fields mean no data. */
export interface MetricValue {
  timeStamp: string;
  average?: number;
  minimum?: number;
  maximum?: number;
  total?: number;
  count?: number;
}

/** Defaults for metrics a virtual machine emits, so a test can name just the metric. */
const WELL_KNOWN: Record<
  string,
  { unit: string; primaryAggregation: Aggregation; description: string }
> = {
  'percentage cpu': {
    unit: 'Percent',
    primaryAggregation: 'Average',
    description:
      'The percentage of allocated compute units that are currently in use by the Virtual Machine(s)',
  },
  'available memory bytes': {
    unit: 'Bytes',
    primaryAggregation: 'Average',
    description:
      'Amount of physical memory, in bytes, immediately available for allocation to a process or for system use in the Virtual Machine',
  },
  'network in total': {
    unit: 'Bytes',
    primaryAggregation: 'Total',
    description:
      'The number of bytes received on all network interfaces by the Virtual Machine(s) (Incoming Traffic)',
  },
  vmavailabilitymetric: {
    unit: 'Count',
    primaryAggregation: 'Average',
    description: 'Measure of Availability of Virtual machines over time.',
  },
};

export class MetricStore {
  readonly #resources = new Map<string, Resource>();

  clear(): void {
    this.#resources.clear();
  }

  resource(resourceUri: string): Resource | undefined {
    return this.#resources.get(resourceKey(resourceUri));
  }

  /** Registers a resource (idempotent); the location is what responses report as its region. */
  defineResource(resourceUri: string, location = 'westeurope'): Resource {
    const key = resourceKey(resourceUri);
    const existing = this.#resources.get(key);
    if (existing) {
      existing.location = location;
      return existing;
    }
    assertResourceId(resourceUri);
    const resource: Resource = {
      id: resourceUri.replace(/\/+$/, ''),
      location,
      metrics: new Map(),
    };
    this.#resources.set(key, resource);
    return resource;
  }

  /** Registers a metric on a resource, filling what the definition leaves out. */
  defineMetric(
    resourceUri: string,
    definition: Partial<MetricDefinition> & { name: string },
  ): MetricSeries {
    const resource = this.resource(resourceUri) ?? this.defineResource(resourceUri);
    const key = definition.name.toLowerCase();
    const known = WELL_KNOWN[key];
    const existing = resource.metrics.get(key);
    const complete: MetricDefinition = {
      name: definition.name,
      unit: definition.unit ?? existing?.definition.unit ?? known?.unit ?? 'Count',
      namespace:
        definition.namespace ?? existing?.definition.namespace ?? resourceType(resource.id),
      primaryAggregation:
        definition.primaryAggregation ??
        existing?.definition.primaryAggregation ??
        known?.primaryAggregation ??
        'Average',
      displayDescription:
        definition.displayDescription ??
        existing?.definition.displayDescription ??
        known?.description ??
        '',
    };
    const series: MetricSeries = { definition: complete, samples: existing?.samples ?? [] };
    resource.metrics.set(key, series);
    return series;
  }

  addSamples(resourceUri: string, metricName: string, samples: readonly Sample[]): void {
    for (const sample of samples) {
      if (!Number.isFinite(sample.time) || !Number.isFinite(sample.value)) {
        throw new Error(
          `sample of '${metricName}' needs a finite time and value, got ${JSON.stringify(sample)}`,
        );
      }
    }
    const resource = this.resource(resourceUri);
    const series =
      resource?.metrics.get(metricName.toLowerCase()) ??
      this.defineMetric(resourceUri, { name: metricName });
    series.samples.push(...samples);
    series.samples.sort((a, b) => a.time - b.time);
  }
}

/**
 * Data points for [start, end) at `intervalMs`, each carrying the requested aggregations of the
 * samples inside it; an interval without samples is a point with its `timeStamp` only.
 * The caller chooses the grid (see metrics-query.ts); `start` is the first point. `samples`
 * must be sorted by time, as MetricStore keeps them.
 */
export function aggregate(
  samples: readonly Sample[],
  start: number,
  end: number,
  intervalMs: number,
  aggregations: readonly Aggregation[],
): MetricValue[] {
  const points: MetricValue[] = [];
  let next = samples.findIndex((s) => s.time >= start);
  next = next < 0 ? samples.length : next;
  for (let from = start; from < end; from += intervalMs) {
    const to = Math.min(from + intervalMs, end);
    const values: number[] = [];
    for (; next < samples.length && samples[next].time < to; next += 1) {
      values.push(samples[next].value);
    }
    const point: MetricValue = { timeStamp: formatInstant(from) };
    if (values.length > 0) {
      const total = values.reduce((sum, value) => sum + value, 0);
      for (const aggregation of aggregations) {
        switch (aggregation) {
          case 'Average':
            point.average = total / values.length;
            break;
          case 'Minimum':
            point.minimum = Math.min(...values);
            break;
          case 'Maximum':
            point.maximum = Math.max(...values);
            break;
          case 'Total':
            point.total = total;
            break;
          case 'Count':
            point.count = values.length;
            break;
        }
      }
    }
    points.push(point);
  }
  return points;
}

const RESOURCE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i;

export function assertResourceId(resourceUri: string): void {
  if (!RESOURCE_ID.test(resourceUri)) {
    throw new Error(
      `not an ARM resource id: '${resourceUri}' (expected /subscriptions/{s}/resourceGroups/{g}/providers/{namespace}/{type}/{name})`,
    );
  }
}

/** `Microsoft.Compute/virtualMachines` for a VM id; nested types keep every type segment. */
export function resourceType(resourceUri: string): string {
  const afterProviders = resourceUri.split(/\/providers\//i).pop() ?? '';
  const [namespace, ...rest] = afterProviders.split('/');
  const types = rest.filter((_, index) => index % 2 === 0);
  return [namespace, ...types].join('/');
}

function resourceKey(resourceUri: string): string {
  return resourceUri.toLowerCase().replace(/\/+$/, '');
}
