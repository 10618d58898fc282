import { InvalidArgument } from './errors';
import { arrayOf, asObject, join, oneOf, onlyKnownFields, requiredString, uniqueBy } from './input';
import { parseDecimal } from './decimal';

/**
 * What to read from a provider's monitoring service and how one period's
 * reading becomes a verdict. The spec names credentials, never holds them.
 */

export const MISSING_DATA_RULES = ['unavailable', 'available', 'excluded'] as const;
export type MissingDataRule = (typeof MISSING_DATA_RULES)[number];

export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** `present`: any datapoint means available; otherwise the value is compared with `threshold`. */
export type AvailableWhen =
  { comparison: 'present' } | { comparison: Comparison; threshold: string };

export const CLOUDWATCH_STATISTICS = [
  'Maximum',
  'Minimum',
  'Average',
  'Sum',
  'SampleCount',
] as const;
export const AZURE_AGGREGATIONS = ['Average', 'Minimum', 'Maximum', 'Total', 'Count'] as const;

interface MonitorCommon {
  credentialsRef: string;
  metricName: string;
  availableWhen: AvailableWhen;
  missingData: MissingDataRule;
}

export interface CloudWatchMonitor extends MonitorCommon {
  kind: 'cloudwatch';
  region: string;
  namespace: string;
  dimensions: Array<{ name: string; value: string }>;
  statistic: (typeof CLOUDWATCH_STATISTICS)[number];
}

export interface AzureMonitor extends MonitorCommon {
  kind: 'azure-monitor';
  /** The Azure region of the resource (e.g. "westeurope"): metrics are read in batches per region. */
  region: string;
  resourceId: string;
  /** The resource type's metric namespace, e.g. "Microsoft.Compute/virtualMachines". */
  metricNamespace: string;
  aggregation: (typeof AZURE_AGGREGATIONS)[number];
}

export type MonitorSpec = CloudWatchMonitor | AzureMonitor;

/** The time grains (seconds) Azure Monitor serves; an SLA period read from Azure must be one of them. */
export const AZURE_INTERVAL_SECONDS = [60, 300, 900, 1800, 3600, 21600, 43200, 86400] as const;

export const CONFLICT_RULES = ['all-must-agree-available', 'any-available', 'majority'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

const CREDENTIALS_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
const AZURE_RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+$/i;

const COMMON_FIELDS = ['kind', 'credentialsRef', 'metricName', 'availableWhen', 'missingData'];
const CLOUDWATCH_FIELDS = [...COMMON_FIELDS, 'region', 'namespace', 'dimensions', 'statistic'];
const AZURE_FIELDS = [...COMMON_FIELDS, 'region', 'resourceId', 'metricNamespace', 'aggregation'];
const AZURE_REGION = /^[a-z][a-z0-9]{2,39}$/;

export function parseMonitor(field: string, value: unknown): MonitorSpec {
  const spec = asObject(field, value);
  const kind = oneOf(join(field, 'kind'), spec.kind, ['cloudwatch', 'azure-monitor'] as const);
  const common: MonitorCommon = {
    credentialsRef: credentialsRef(join(field, 'credentialsRef'), spec.credentialsRef),
    metricName: requiredString(join(field, 'metricName'), spec.metricName, 255),
    availableWhen: parseAvailableWhen(join(field, 'availableWhen'), spec.availableWhen),
    missingData:
      spec.missingData === undefined
        ? 'unavailable'
        : oneOf(join(field, 'missingData'), spec.missingData, MISSING_DATA_RULES),
  };
  if (kind === 'cloudwatch') {
    onlyKnownFields(field, spec, CLOUDWATCH_FIELDS);
    const dimensions = arrayOf(join(field, 'dimensions'), spec.dimensions ?? [], parseDimension, {
      min: 0,
      max: 30,
    });
    uniqueBy(join(field, 'dimensions'), dimensions, (dimension) => dimension.name);
    return {
      kind,
      ...common,
      region: matching(
        join(field, 'region'),
        spec.region,
        REGION,
        'an AWS region such as "eu-west-1"',
      ),
      namespace: requiredString(join(field, 'namespace'), spec.namespace, 255),
      dimensions,
      statistic: oneOf(join(field, 'statistic'), spec.statistic, CLOUDWATCH_STATISTICS),
    };
  }
  onlyKnownFields(field, spec, AZURE_FIELDS);
  return {
    kind,
    ...common,
    region: matching(
      join(field, 'region'),
      spec.region,
      AZURE_REGION,
      'an Azure region name such as "westeurope"',
    ),
    resourceId: matching(
      join(field, 'resourceId'),
      spec.resourceId,
      AZURE_RESOURCE_ID,
      'an Azure resource id such as "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>"',
    ),
    metricNamespace: requiredString(join(field, 'metricNamespace'), spec.metricNamespace, 255),
    aggregation: oneOf(join(field, 'aggregation'), spec.aggregation, AZURE_AGGREGATIONS),
  };
}

function credentialsRef(field: string, value: unknown): string {
  if (typeof value !== 'string' || !CREDENTIALS_REF.test(value)) {
    throw new InvalidArgument(
      field,
      'must name an entry of your organisation\'s credentials store: 1 to 64 letters, digits, ".", "_" or "-"',
    );
  }
  return value;
}

function parseAvailableWhen(field: string, value: unknown): AvailableWhen {
  const condition = asObject(field, value);
  const comparison = oneOf(join(field, 'comparison'), condition.comparison, [
    'present',
    ...COMPARISONS,
  ] as const);
  if (comparison === 'present') {
    onlyKnownFields(field, condition, ['comparison']);
    return { comparison };
  }
  onlyKnownFields(field, condition, ['comparison', 'threshold']);
  const threshold = requiredString(join(field, 'threshold'), condition.threshold, 64);
  if (parseDecimal(threshold) === undefined) {
    throw new InvalidArgument(
      join(field, 'threshold'),
      'must be a decimal number written as a string, e.g. "0" or "99.5"',
    );
  }
  return { comparison, threshold };
}

function parseDimension(field: string, value: unknown): { name: string; value: string } {
  const dimension = asObject(field, value);
  onlyKnownFields(field, dimension, ['name', 'value']);
  return {
    name: requiredString(join(field, 'name'), dimension.name, 255),
    value: requiredString(join(field, 'value'), dimension.value, 1024),
  };
}

function matching(field: string, value: unknown, pattern: RegExp, expected: string): string {
  const text = requiredString(field, value, 1024);
  if (!pattern.test(text)) {
    throw new InvalidArgument(field, `must be ${expected}`);
  }
  return text;
}

export function monitorLabel(monitor: MonitorSpec): string {
  return monitor.kind === 'cloudwatch'
    ? `cloudwatch ${monitor.region} ${monitor.namespace}/${monitor.metricName}`
    : `azure-monitor ${monitor.resourceId} ${monitor.metricName}`;
}

export function checkConflictRule(
  field: string,
  value: unknown,
  monitorCount: number,
): ConflictRule {
  if (value === undefined) {
    if (monitorCount > 1) {
      throw new InvalidArgument(
        field,
        `is required with several monitors (one of ${CONFLICT_RULES.join(', ')})`,
      );
    }
    return 'all-must-agree-available';
  }
  return oneOf(field, value, CONFLICT_RULES);
}
