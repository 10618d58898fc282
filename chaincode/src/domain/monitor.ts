import { parseWith } from './input';
import {
  AZURE_AGGREGATIONS,
  CLOUDWATCH_STATISTICS,
  COMPARISONS,
  CONFLICT_RULES,
  MISSING_DATA_RULES,
  Monitor,
} from '../schemas/monitor';

/**
 * What to read from a provider's monitoring service and how one period's
 * reading becomes a verdict. The spec names credentials, never holds them.
 */

export {
  AZURE_AGGREGATIONS,
  AZURE_INTERVAL_SECONDS,
  CLOUDWATCH_STATISTICS,
  COMPARISONS,
  CONFLICT_RULES,
  MISSING_DATA_RULES,
} from '../schemas/monitor';

export type MissingDataRule = (typeof MISSING_DATA_RULES)[number];
export type Comparison = (typeof COMPARISONS)[number];
export type ConflictRule = (typeof CONFLICT_RULES)[number];

/** `present`: any datapoint means available; otherwise the value is compared with `threshold`. */
export type AvailableWhen =
  { comparison: 'present' } | { comparison: Comparison; threshold: string };

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

export function parseMonitor(field: string, value: unknown): MonitorSpec {
  return parseWith(Monitor, field, value);
}

export function monitorLabel(monitor: MonitorSpec): string {
  return monitor.kind === 'cloudwatch'
    ? `cloudwatch ${monitor.region} ${monitor.namespace}/${monitor.metricName}`
    : `azure-monitor ${monitor.resourceId} ${monitor.metricName}`;
}
