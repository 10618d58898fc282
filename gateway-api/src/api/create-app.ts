import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { LedgerPort } from '../ledger/ledger-port';
import { DEFAULT_RETRY, retrying, type RetrySettings } from '../ledger/retrying-ledger';
import { authenticate } from './auth/authenticate';
import type { TokenRegistry } from './auth/token-registry';
import type { CredentialsVaults } from './credentials/credentials-vault';
import { docsPage } from './docs/docs-page';
import { openApiDocument, type ExtraOperation } from './docs/openapi';
import { noSuchRoute, problemResponder } from './error-handler';
import { eventStream } from './events/event-stream';
import type { LiveEventSource } from './events/live-events';
import { instrumentedLedger, type GatewayMetrics } from './metrics';
import { probes } from './probes';
import { localsOf, requestContext } from './request-context';
import { mountRoutes } from './routing/mount';
import type { Route } from './routing/route';
import { accountRoutes } from './routes/accounts';
import { agreementRoutes } from './routes/agreements';
import { channelRoutes } from './routes/channels';
import { legacyRoutes } from './routes/legacy';
import { offerRoutes } from './routes/offers';
import { proposalRoutes } from './routes/proposals';
import { serviceRoutes } from './routes/services';

export interface AppDependencies {
  /** The ledger; the app retries lost races on it (see `retry`) and times every call. */
  ledger: LedgerPort;
  /** Bearer tokens → identities (see tokensFromFile). */
  tokens: TokenRegistry;
  /** The sealed credentials stores the gateway may write, by MSP id; none: handed credentials are refused. */
  credentials?: CredentialsVaults;
  /** This gateway's organisation (MSP id). */
  organisation: string;
  /** The web UI's origin: the only one CORS lets in. */
  uiOrigin?: string;
  logger: Logger;
  metrics: GatewayMetrics;
  /** The gateway's clock (measure-now windows, phases); default the system clock. */
  clock?: () => Date;
  bodyLimitBytes?: number;
  /** Retries of lost races before a 409; `false` for none. */
  retry?: RetrySettings | false;
  /** Events beside the ledger's on /api/events: the sessions work adds its source here. */
  liveEvents?: readonly LiveEventSource[];
  eventsHeartbeatMs?: number;
  readinessTimeoutMs?: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 102_400;
export const API_VERSION = '1.0.0';

/** Every route the API declares, in mounting order. */
export function apiRoutes(): Route[] {
  return [
    ...channelRoutes(),
    ...serviceRoutes('/api/channels/:channel/services', 'path'),
    ...accountRoutes(),
    ...offerRoutes(),
    ...agreementRoutes(),
    ...proposalRoutes(),
    ...legacyRoutes(),
  ];
}

/** Routes that are not declarations (probes, documents, the event stream), for the OpenAPI document. */
export const EXTRA_OPERATIONS: readonly ExtraOperation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'operations',
    summary: 'The process is up',
    access: 'public',
    success: { status: 200, description: '{"status":"ok"}', contentType: 'application/json' },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'operations',
    summary: 'The ledger answers a cheap evaluate',
    access: 'public',
    success: { status: 200, description: '{"status":"ready"}', contentType: 'application/json' },
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'operations',
    summary:
      'Prometheus metrics: request latency, ledger call latency and outcome, job runs, process',
    access: 'public',
    success: { status: 200, description: 'text exposition format', contentType: 'text/plain' },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'operations',
    summary: 'This document',
    access: 'public',
    success: { status: 200, description: 'OpenAPI 3.1', contentType: 'application/json' },
  },
  {
    method: 'get',
    path: '/api/docs/',
    tag: 'operations',
    summary: 'Swagger UI for this document',
    access: 'public',
    success: { status: 200, description: 'HTML', contentType: 'text/html' },
  },
  {
    method: 'get',
    path: '/api/events',
    tag: 'events',
    summary:
      'Server-Sent Events: chaincode events of the channels named (`event: chaincode`, resumable with Last-Event-ID or `lastEventId`), then session events as they happen (`event: session`)',
    access: 'read',
    success: { status: 200, description: 'an event stream', contentType: 'text/event-stream' },
    errors: [400, 404],
    parameters: [
      {
        name: 'channel',
        in: 'query',
        required: false,
        description: 'channels to follow, repeated or comma-separated; default every channel',
        schema: { type: 'string' },
      },
      {
        name: 'lastEventId',
        in: 'query',
        required: false,
        description: 'resume after this event id (for clients that cannot send Last-Event-ID)',
        schema: { type: 'string' },
      },
      {
        name: 'Last-Event-ID',
        in: 'header',
        required: false,
        description: 'resume after this event id',
        schema: { type: 'string' },
      },
    ],
  },
];

/** The gateway's Express application; listening is the caller's business (see serve). */
export function createApp(deps: AppDependencies): Express {
  const clock = deps.clock ?? (() => new Date());
  const instrumented = instrumentedLedger(deps.ledger, deps.metrics);
  const ledger =
    deps.retry === false ? instrumented : retrying(instrumented, deps.retry ?? DEFAULT_RETRY);
  const routes = apiRoutes();
  const document = openApiDocument(routes, EXTRA_OPERATIONS, { version: API_VERSION });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(deps.logger, deps.metrics));
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  const uiOrigin = deps.uiOrigin;
  if (uiOrigin !== undefined) {
    app.use(
      cors({
        origin: (origin, allow) => allow(null, origin === uiOrigin),
        methods: ['GET', 'POST', 'PUT', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Request-Id'],
        exposedHeaders: ['Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }
  app.use(
    probes({
      ledger: deps.ledger,
      metrics: deps.metrics,
      organisation: deps.organisation,
      readinessTimeoutMs: deps.readinessTimeoutMs ?? 5000,
    }),
  );
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(
    '/api/docs',
    (_req, res, next) => {
      localsOf(res).route = '/api/docs';
      next();
    },
    docsPage(),
  );
  app.get(
    '/api/events',
    authenticate(deps.tokens, 'read'),
    eventStream({
      ledger,
      liveEvents: deps.liveEvents ?? [],
      heartbeatMs: deps.eventsHeartbeatMs ?? 15_000,
    }),
  );
  const router = express.Router();
  mountRoutes(router, routes, {
    ledger,
    tokens: deps.tokens,
    credentials: deps.credentials ?? new Map(),
    clock,
    bodyLimitBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  });
  app.use(router);
  app.use(noSuchRoute());
  app.use(problemResponder());
  return app;
}
