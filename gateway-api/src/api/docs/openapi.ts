import { z } from 'zod';
import { PROBLEM_TITLES } from '../problems';
import type { Route, RouteDoc } from '../routing/route';

/**
 * The OpenAPI 3.1 document, generated from the same route declarations the
 * app mounts: request bodies and parameters are the shared zod schemas
 * exported as JSON Schema (their input side), every route lists its
 * statuses, and the bearer scheme guards all but the probes.
 */

export interface ExtraOperation {
  method: 'get';
  path: string;
  tag: string;
  summary: string;
  access: 'public' | 'read';
  success: { status: number; description: string; contentType: string };
  errors?: readonly number[];
  parameters?: object[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'invalid input: the problem names the field',
  401: 'no bearer token, or one that is unknown or revoked',
  403: 'the identity (or a viewer token) may not do this',
  404: 'no such channel or record',
  409: 'refused by the state of the ledger (exists already, precondition, lost race)',
  413: 'the body is larger than the limit',
  415: 'the body is not JSON',
  502: 'the transaction was invalidated at commit',
  503: 'the ledger, a monitor or the credentials store is unavailable; retry after Retry-After',
};

export function openApiDocument(
  routes: readonly Route[],
  extras: readonly ExtraOperation[],
  info: { version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { doc } of routes) {
    (paths[openApiPath(doc.path)] ??= {})[doc.method] = operationOf(doc);
  }
  for (const extra of extras) {
    (paths[extra.path] ??= {})[extra.method] = extraOperationOf(extra);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'sla-ledger gateway API',
      version: info.version,
      description:
        'Service-level agreements, escrow and penalty credits on a Fabric ledger. Money is a decimal string of minor units; fractions are basis points; times in answers are seconds since the Unix epoch. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    tags: [
      ...new Set([...routes.map((route) => route.doc.tag), ...extras.map((extra) => extra.tag)]),
    ].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token from the gateway operator (npm run tokens -w gateway-api -- add <identity>)',
        },
      },
      schemas: { Problem: problemSchema() },
    },
  };
}

/** `/api/channels/:channel/services/:serviceKey` → `/api/channels/{channel}/services/{serviceKey}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function operationOf(doc: RouteDoc): Record<string, unknown> {
  const parameters: object[] = [];
  if (doc.channel === 'path') {
    parameters.push({
      name: 'channel',
      in: 'path',
      required: true,
      description: "one of the gateway's channels (GET /api/channels)",
      schema: { type: 'string' },
    });
  }
  for (const [name, schema] of Object.entries(doc.params?.shape ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: jsonSchema(schema as z.ZodType) });
  }
  for (const [name, schema] of Object.entries(doc.query?.shape ?? {})) {
    parameters.push({
      name,
      in: 'query',
      required: !(schema as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(schema as z.ZodType),
    });
  }
  const errors = errorStatusesOf(doc);
  return {
    operationId: doc.operationId,
    tags: [doc.tag],
    summary: doc.summary,
    description: `Who may: ${doc.who}. Token role: ${doc.access === 'write' ? 'member' : 'viewer or member'}.`,
    ...(doc.deprecated ? { deprecated: true } : {}),
    security: [{ bearer: [] }],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(doc.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchema(doc.body.doc ?? doc.body.schema) },
            },
          },
        }),
    responses: {
      [String(doc.success.status)]: {
        description: doc.success.description,
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...problemResponses(errors),
    },
  };
}

/** Every status a route may answer besides its success: what its inputs, access and channel make possible. */
export function errorStatusesOf(doc: RouteDoc): number[] {
  // Every route reads its query strictly (an unknown parameter is a 400).
  const errors = new Set<number>([400, 401, 403, 503, ...doc.errors]);
  if (doc.channel !== 'none' || doc.params !== undefined) errors.add(404);
  if (doc.body !== undefined) {
    errors.add(413);
    errors.add(415);
  }
  if (doc.access === 'write') errors.add(502);
  return [...errors].sort((a, b) => a - b);
}

function extraOperationOf(extra: ExtraOperation): Record<string, unknown> {
  return {
    operationId: extra.path.replace(/\W+/g, '_').replace(/^_|_$/g, ''),
    tags: [extra.tag],
    summary: extra.summary,
    ...(extra.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
    ...(extra.parameters === undefined ? {} : { parameters: extra.parameters }),
    responses: {
      [String(extra.success.status)]: {
        description: extra.success.description,
        content: { [extra.success.contentType]: { schema: { type: 'string' } } },
      },
      ...problemResponses([
        ...(extra.access === 'public' ? [] : [401, 403]),
        ...(extra.errors ?? []),
      ]),
    },
  };
}

function problemResponses(statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(
    statuses
      .sort((a, b) => a - b)
      .map((status) => [
        String(status),
        {
          description: STATUS_TEXT[status] ?? 'see the problem document',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      ]),
  );
}

/** A zod schema as JSON Schema of what a client sends; refinements and transforms have no JSON Schema and are left out. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const exported = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  delete exported.$schema;
  return exported;
}

function problemSchema(): Record<string, unknown> {
  return {
    type: 'object',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', description: 'urn:sla-ledger:problem:<kind>' },
      title: { type: 'string', enum: [...new Set(Object.values(PROBLEM_TITLES))] },
      status: { type: 'integer' },
      detail: { type: 'string' },
      field: { type: 'string', description: 'the offending field, e.g. service.sla.periodSeconds' },
      instance: { type: 'string', description: 'the request id' },
    },
  };
}
