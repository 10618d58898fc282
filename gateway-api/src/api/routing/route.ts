import type { Logger } from 'pino';
import type { z } from 'zod';
import { closedObject } from '@sla-ledger/chaincode/schemas';
import type { LedgerPort } from '../../ledger/ledger-port';
import type { SlaClient } from '../../ledger/sla-client';
import type { Caller } from '../auth/token-registry';
import type { CredentialsVaults } from '../credentials/credentials-vault';
import {
  newCredentialsRef,
  parseHandedCredentials,
  withCredentialsRef,
  type Handed,
} from '../credentials/handed-credentials';
import { invalidArgument } from '../problems';
import { refuseSecrets, strictJson, validated } from './validation';

/**
 * One API operation, declared once: how it is reached, who may call it,
 * what it reads (shared zod schemas for path, query and body), what it
 * answers, and what it does. The app mounts these declarations and the
 * OpenAPI document is generated from the same list, so neither can miss a
 * route the other has.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** `read`: any token (viewer or member); `write`: member tokens only. */
export type Access = 'read' | 'write';

/** Where the channel comes from: the `:channel` path parameter, a fixed one (the legacy routes), or none. */
export type ChannelSource = 'path' | { fixed: string } | 'none';

export interface RouteContext {
  caller: Caller;
  /** The request's channel ('' for routes without one). */
  channel: string;
  /** The typed chaincode client for the caller's identity on the request's channel. */
  client: SlaClient;
  ledger: LedgerPort;
  credentials: CredentialsVaults;
  /** The gateway's clock, in whole seconds since the epoch. */
  now(): number;
  log: Logger;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface BodySpec<B extends z.ZodType> {
  schema: B;
  /** The path the body's fields start at in errors (`service` → `service.sla.periodSeconds`); '' for none. */
  root: string;
  /** What the OpenAPI document shows when `schema` cannot be exported (it starts with a refinement). */
  doc?: z.ZodType;
  /**
   * The body is a service that may carry cloud `credentials` beside its
   * fields: they are taken out and read first, and a generated
   * `credentialsRef` is filled in on the monitors they are for, before the
   * service is scanned for secrets and validated.
   */
  acceptsCredentials?: boolean;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  /** The body as the schema read it. */
  body: B;
  /** The body as sent (credentials taken out): what is submitted, for the chaincode reads it again. */
  bodyJson: unknown;
  /** Credentials handed in a body that accepts them, and the reference the service's monitors now name. */
  handed?: Handed & { ref: string };
}

export interface RouteDoc {
  operationId: string;
  method: HttpMethod;
  /** Express path, e.g. `/api/channels/:channel/services/:serviceKey`. */
  path: string;
  tag: string;
  summary: string;
  /** Who may call it, as the chaincode decides (documentation). */
  who: string;
  access: Access;
  channel: ChannelSource;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: BodySpec<z.ZodType>;
  success: { status: number; description: string };
  /** Statuses besides the ones every route may answer (400, 401, 403, 404 for the channel, 503). */
  errors: readonly number[];
  deprecated?: boolean;
}

export interface RawRequest {
  params: Record<string, string>;
  query: unknown;
  /** The body's text when it was sent as JSON. */
  bodyText: string | undefined;
}

export interface Route {
  readonly doc: RouteDoc;
  run(request: RawRequest, context: RouteContext): Promise<Reply>;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDefinition<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
> extends Omit<RouteDoc, 'params' | 'query' | 'body' | 'errors'> {
  params?: P;
  query?: Q;
  body?: B extends z.ZodType ? BodySpec<B> : undefined;
  errors?: readonly number[];
  handle(input: RouteInput<Output<P>, Output<Q>, Output<B>>, context: RouteContext): Promise<Reply>;
}

export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: RouteDefinition<P, Q, B>): Route {
  const { handle, ...doc } = definition;
  const body = definition.body as BodySpec<z.ZodType> | undefined;
  return {
    doc: { ...doc, errors: definition.errors ?? [] } as RouteDoc,
    async run(request, context) {
      const pathParams = { ...request.params };
      delete pathParams.channel;
      const params = definition.params ? validated(definition.params, pathParams, '') : undefined;
      const query = validated(definition.query ?? noQuery, request.query ?? {}, '');
      let bodyJson: unknown;
      let handed: (Handed & { ref: string }) | undefined;
      let parsedBody: unknown;
      if (body !== undefined) {
        if (request.bodyText === undefined || request.bodyText.trim() === '') {
          throw invalidArgument(body.root || 'body', 'is required: a JSON object');
        }
        bodyJson = strictJson(request.bodyText, body.root);
        if (
          body.acceptsCredentials &&
          isObject(bodyJson) &&
          Object.hasOwn(bodyJson, 'credentials')
        ) {
          const { credentials, ...service } = bodyJson;
          const read = parseHandedCredentials(credentials);
          const ref = newCredentialsRef(typeof service.key === 'string' ? service.key : 'service');
          handed = { ...read, ref };
          bodyJson = withCredentialsRef(service, read.monitorKind, ref);
        }
        refuseSecrets(bodyJson, body.root);
        parsedBody = validated(body.schema, bodyJson, body.root);
      }
      return handle(
        {
          params: params as Output<P>,
          query: (definition.query ? query : undefined) as Output<Q>,
          body: parsedBody as Output<B>,
          bodyJson,
          ...(handed === undefined ? {} : { handed }),
        },
        context,
      );
    },
  };
}

const noQuery = closedObject({});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
