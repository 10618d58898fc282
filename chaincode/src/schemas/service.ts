import { z } from 'zod';
import { findSecret } from './credentials';
import { AZURE_INTERVAL_SECONDS, CONFLICT_RULES, Monitor } from './monitor';
import { Identifier, MspId, oneOf } from './scalars';
import { Sla } from './sla';
import { closedObject, listOf } from './structure';
import { freeText } from './text';

/** A monitored service between one provider organisation and one consumer organisation. */

export const MAX_MONITORS = 5;

export const ServiceFields = closedObject({
  key: Identifier,
  description: freeText(1024).optional(),
  providerOrg: MspId,
  consumerOrg: MspId,
  /** One monitor, or `monitors` with a `conflictRule` that decides each period. */
  monitor: Monitor.optional(),
  monitors: listOf(Monitor, 1, MAX_MONITORS).optional(),
  conflictRule: oneOf(CONFLICT_RULES).optional(),
  sla: Sla,
});

/** Refuses anything that holds or names a credential, wherever it is, before the fields are read. */
const WithoutSecrets = z.unknown().superRefine((value, ctx) => {
  const finding = findSecret(value);
  if (finding) ctx.addIssue({ code: 'custom', path: finding.path, message: finding.reason });
});

export const ServiceDefinition = WithoutSecrets.pipe(
  ServiceFields.transform((service, ctx) => {
    const monitors = monitorsOf(service, ctx);
    if (monitors === undefined) return z.NEVER;
    if (service.consumerOrg === service.providerOrg) {
      ctx.addIssue({
        code: 'custom',
        path: ['consumerOrg'],
        message: 'must differ from service.providerOrg',
      });
      return z.NEVER;
    }
    const grains: readonly number[] = AZURE_INTERVAL_SECONDS;
    const periodSeconds = service.sla.periodSeconds;
    if (
      monitors.some((monitor) => monitor.kind === 'azure-monitor') &&
      !grains.includes(periodSeconds)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['sla', 'periodSeconds'],
        message: `must be an Azure Monitor time grain (${grains.join(', ')} s) for an azure-monitor monitor, got ${periodSeconds}`,
      });
      return z.NEVER;
    }
    if (service.conflictRule === undefined && monitors.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['conflictRule'],
        message: `is required with several monitors (one of ${CONFLICT_RULES.join(', ')})`,
      });
      return z.NEVER;
    }
    return {
      key: service.key,
      ...(service.description === undefined ? {} : { description: service.description }),
      providerOrg: service.providerOrg,
      consumerOrg: service.consumerOrg,
      monitors,
      conflictRule: service.conflictRule ?? 'all-must-agree-available',
      sla: service.sla,
    };
  }),
);

type Fields = z.output<typeof ServiceFields>;

function monitorsOf(service: Fields, ctx: z.RefinementCtx): Fields['monitors'] | undefined {
  if (service.monitor !== undefined && service.monitors !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['monitors'],
      message: 'cannot be given together with service.monitor',
    });
    return undefined;
  }
  if (service.monitor !== undefined) return [service.monitor];
  if (service.monitors !== undefined) return service.monitors;
  ctx.addIssue({
    code: 'custom',
    path: ['monitor'],
    message: 'is required: what to read from CloudWatch or Azure Monitor',
  });
  return undefined;
}
