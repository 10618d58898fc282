import { parseWith } from './input';
import type { ConflictRule, MonitorSpec } from './monitor';
import type { SlaTerms } from './sla';
import { ServiceDefinition as ServiceDefinitionSchema } from '../schemas/service';

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

export { MAX_MONITORS } from '../schemas/service';

/** A registration: nothing in it may hold or name a credential (see `schemas/credentials`). */
export function parseServiceDefinition(value: unknown): ServiceDefinition {
  return parseWith(ServiceDefinitionSchema, 'service', value);
}

export function serviceParties(
  service: Pick<ServiceDefinition, 'providerOrg' | 'consumerOrg'>,
): string[] {
  return [service.providerOrg, service.consumerOrg];
}
