import { InvalidArgument } from './errors';
import { arrayOf, asObject, identifier, mspId, onlyKnownFields, optionalString } from './input';
import {
  AZURE_INTERVAL_SECONDS,
  checkConflictRule,
  parseMonitor,
  type ConflictRule,
  type MonitorSpec,
} from './monitor';
import { rejectSecrets } from './secrets';
import { parseSla, type SlaTerms } from './sla';

/** A monitored service between one provider organisation and one consumer organisation. */
export interface ServiceDefinition {
  key: string;
  description?: string;
  providerOrg: string;
  consumerOrg: string;
  /** One or more monitors; with several, `conflictRule` decides each period. */
  monitors: MonitorSpec[];
  conflictRule: ConflictRule;
  sla: SlaTerms;
}

const SERVICE_FIELDS = [
  'key',
  'description',
  'providerOrg',
  'consumerOrg',
  'monitor',
  'monitors',
  'conflictRule',
  'sla',
];

export const MAX_MONITORS = 5;

export function parseServiceDefinition(value: unknown): ServiceDefinition {
  rejectSecrets('service', value);
  const service = asObject('service', value);
  onlyKnownFields('service', service, SERVICE_FIELDS);
  const monitors = parseMonitors(service);
  const providerOrg = mspId('service.providerOrg', service.providerOrg);
  const consumerOrg = mspId('service.consumerOrg', service.consumerOrg);
  if (providerOrg === consumerOrg) {
    throw new InvalidArgument('service.consumerOrg', 'must differ from service.providerOrg');
  }
  const description = optionalString('service.description', service.description, 1024);
  const sla = parseSla('service.sla', service.sla);
  if (
    monitors.some((monitor) => monitor.kind === 'azure-monitor') &&
    !(AZURE_INTERVAL_SECONDS as readonly number[]).includes(sla.periodSeconds)
  ) {
    throw new InvalidArgument(
      'service.sla.periodSeconds',
      `must be an Azure Monitor time grain (${AZURE_INTERVAL_SECONDS.join(', ')} s) for an azure-monitor monitor, got ${sla.periodSeconds}`,
    );
  }
  return {
    key: identifier('service.key', service.key),
    ...(description === undefined ? {} : { description }),
    providerOrg,
    consumerOrg,
    monitors,
    conflictRule: checkConflictRule('service.conflictRule', service.conflictRule, monitors.length),
    sla,
  };
}

function parseMonitors(service: Record<string, unknown>): MonitorSpec[] {
  if (service.monitor !== undefined && service.monitors !== undefined) {
    throw new InvalidArgument('service.monitors', 'cannot be given together with service.monitor');
  }
  if (service.monitor !== undefined) {
    return [parseMonitor('service.monitor', service.monitor)];
  }
  if (service.monitors === undefined) {
    throw new InvalidArgument(
      'service.monitor',
      'is required: what to read from CloudWatch or Azure Monitor',
    );
  }
  return arrayOf('service.monitors', service.monitors, parseMonitor, { min: 1, max: MAX_MONITORS });
}

export function serviceParties(
  service: Pick<ServiceDefinition, 'providerOrg' | 'consumerOrg'>,
): string[] {
  return [service.providerOrg, service.consumerOrg];
}
