import { z } from 'zod';
import { parseDecimal } from '../domain/decimal';
import { oneOf } from './scalars';
import { closedObject, listOf, uniqueBy, variantIssue } from './structure';
import { boundedString, freeText } from './text';

/**
 * What to read from a provider's monitoring service and how one period's
 * reading becomes a verdict. The spec names credentials, never holds them.
 */

export const MISSING_DATA_RULES = ['unavailable', 'available', 'excluded'] as const;
export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export const CLOUDWATCH_STATISTICS = [
  'Maximum',
  'Minimum',
  'Average',
  'Sum',
  'SampleCount',
] as const;
export const AZURE_AGGREGATIONS = ['Average', 'Minimum', 'Maximum', 'Total', 'Count'] as const;
export const MONITOR_KINDS = ['cloudwatch', 'azure-monitor'] as const;
export const CONFLICT_RULES = ['all-must-agree-available', 'any-available', 'majority'] as const;
/** The time grains (seconds) Azure Monitor serves; an SLA period read from Azure must be one of them. */
export const AZURE_INTERVAL_SECONDS = [60, 300, 900, 1800, 3600, 21600, 43200, 86400] as const;
export const MAX_DIMENSIONS = 30;

const CREDENTIALS_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
const AZURE_REGION = /^[a-z][a-z0-9]{2,39}$/;
const AZURE_RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/.+$/i;

const CREDENTIALS_REF_EXPECTED =
  'must name an entry of your organisation\'s credentials store: 1 to 64 letters, digits, ".", "_" or "-"';

export const CredentialsRef = z
  .string({ error: CREDENTIALS_REF_EXPECTED })
  .regex(CREDENTIALS_REF, { error: CREDENTIALS_REF_EXPECTED });

const Threshold = boundedString(64).refine((text) => parseDecimal(text) !== undefined, {
  error: 'must be a decimal number written as a string, e.g. "0" or "99.5"',
});

/** `present`: any datapoint means available; otherwise the value is compared with `threshold`. */
export const AvailableWhen = z.discriminatedUnion(
  'comparison',
  [
    closedObject({ comparison: z.literal('present') }),
    closedObject({ comparison: z.enum(COMPARISONS), threshold: Threshold }),
  ],
  { error: variantIssue('comparison', ['present', ...COMPARISONS]) },
);

export const Dimension = closedObject({ name: freeText(255), value: freeText(1024) });

const Dimensions = listOf(Dimension, 0, MAX_DIMENSIONS).superRefine(
  uniqueBy((dimension) => dimension.name, 'by-position'),
);

const MissingData = oneOf(MISSING_DATA_RULES).optional();

export const CloudWatchMonitor = closedObject({
  kind: z.literal('cloudwatch'),
  credentialsRef: CredentialsRef,
  metricName: freeText(255),
  availableWhen: AvailableWhen,
  missingData: MissingData,
  region: boundedString(64).regex(AWS_REGION, {
    error: 'must be an AWS region such as "eu-west-1"',
  }),
  namespace: freeText(255),
  dimensions: Dimensions.optional(),
  statistic: oneOf(CLOUDWATCH_STATISTICS),
}).transform((spec) => ({
  kind: spec.kind,
  credentialsRef: spec.credentialsRef,
  metricName: spec.metricName,
  availableWhen: spec.availableWhen,
  missingData: spec.missingData ?? 'unavailable',
  region: spec.region,
  namespace: spec.namespace,
  dimensions: spec.dimensions ?? [],
  statistic: spec.statistic,
}));

export const AzureMonitor = closedObject({
  kind: z.literal('azure-monitor'),
  credentialsRef: CredentialsRef,
  metricName: freeText(255),
  availableWhen: AvailableWhen,
  missingData: MissingData,
  region: boundedString(64).regex(AZURE_REGION, {
    error: 'must be an Azure region name such as "westeurope"',
  }),
  resourceId: freeText(1024).regex(AZURE_RESOURCE_ID, {
    error:
      'must be an Azure resource id such as "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>"',
  }),
  metricNamespace: freeText(255),
  aggregation: oneOf(AZURE_AGGREGATIONS),
}).transform((spec) => ({
  kind: spec.kind,
  credentialsRef: spec.credentialsRef,
  metricName: spec.metricName,
  availableWhen: spec.availableWhen,
  missingData: spec.missingData ?? 'unavailable',
  region: spec.region,
  resourceId: spec.resourceId,
  metricNamespace: spec.metricNamespace,
  aggregation: spec.aggregation,
}));

export const Monitor = z.discriminatedUnion('kind', [CloudWatchMonitor, AzureMonitor], {
  error: variantIssue('kind', MONITOR_KINDS),
});
