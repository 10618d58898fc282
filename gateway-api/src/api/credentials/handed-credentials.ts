import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { MonitoringCredentials } from '@sla-ledger/chaincode/credentials';
import {
  boundedString,
  closedObject,
  describe,
  printableProblem,
} from '@sla-ledger/chaincode/schemas';
import { invalidArgument } from '../problems';

/**
 * Cloud credentials a user hands the gateway beside a service (as the
 * predecessor's API took them): AWS `{accessKeyId, secretAccessKey}` or
 * Azure `{tenantId, clientId, clientSecret}`. They go to the organisation's
 * sealed store only; the service's monitors name them by a generated
 * `credentialsRef`. Errors never repeat a value.
 */

const Printable = (maxLength: number) =>
  boundedString(maxLength).superRefine((text, ctx) => {
    const problem = printableProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

export const AwsHandedCredentials = closedObject({
  kind: z.literal('aws').optional(),
  accessKeyId: Printable(128),
  secretAccessKey: Printable(256),
  sessionToken: Printable(4096).optional(),
});

export const AzureHandedCredentials = closedObject({
  kind: z.literal('azure').optional(),
  tenantId: Printable(128),
  clientId: Printable(128),
  clientSecret: Printable(256),
});

/** For the OpenAPI document. */
export const HandedCredentials = z.union([AwsHandedCredentials, AzureHandedCredentials]);

const MONITOR_KIND = { aws: 'cloudwatch', azure: 'azure-monitor' } as const;

export interface Handed {
  credentials: MonitoringCredentials;
  monitorKind: (typeof MONITOR_KIND)[keyof typeof MONITOR_KIND];
}

/** Reads `credentials` of a request body; field paths start at `credentials`. */
export function parseHandedCredentials(value: unknown): Handed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidArgument('credentials', `must be a JSON object, got ${describe(value)}`);
  }
  const kind = 'accessKeyId' in value || 'secretAccessKey' in value ? 'aws' : 'azure';
  if (
    kind === 'azure' &&
    !('tenantId' in value || 'clientId' in value || 'clientSecret' in value)
  ) {
    throw invalidArgument(
      'credentials',
      'must hold accessKeyId and secretAccessKey (AWS) or tenantId, clientId and clientSecret (Azure)',
    );
  }
  const schema = kind === 'aws' ? AwsHandedCredentials : AzureHandedCredentials;
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : (issue?.path ?? []);
    const field = ['credentials', ...path.map(String)].join('.');
    throw invalidArgument(field, issue?.message ?? 'is not valid');
  }
  const fields: Record<string, unknown> = { ...result.data };
  delete fields.kind;
  return {
    credentials: { kind, ...fields } as MonitoringCredentials,
    monitorKind: MONITOR_KIND[kind],
  };
}

/** A new reference name: readable, unique, and nothing like a credential. */
export function newCredentialsRef(serviceKey: string): string {
  const stem = serviceKey.slice(0, 40).replace(/[^A-Za-z0-9._-]/g, '-');
  return `${stem}.${randomBytes(6).toString('hex')}`;
}

/**
 * The service with `ref` filled in on every monitor of the handed kind that
 * names no credentials of its own; refused when there is none.
 */
export function withCredentialsRef(
  service: Record<string, unknown>,
  monitorKind: Handed['monitorKind'],
  ref: string,
): Record<string, unknown> {
  let bound = 0;
  const bind = (monitor: unknown): unknown => {
    if (typeof monitor !== 'object' || monitor === null || Array.isArray(monitor)) return monitor;
    const fields = monitor as Record<string, unknown>;
    if (fields.kind !== monitorKind || fields.credentialsRef !== undefined) return monitor;
    bound += 1;
    return { ...fields, credentialsRef: ref };
  };
  const result: Record<string, unknown> = { ...service };
  if (service.monitor !== undefined) result.monitor = bind(service.monitor);
  if (Array.isArray(service.monitors)) result.monitors = service.monitors.map(bind);
  if (bound === 0) {
    throw invalidArgument(
      'credentials',
      `are for ${monitorKind} but the service has no ${monitorKind} monitor without a credentialsRef to use them`,
    );
  }
  return result;
}
