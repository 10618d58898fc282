import express, { type Request, type RequestHandler, type Router } from 'express';
import type { LedgerPort } from '../../ledger/ledger-port';
import { SlaClient } from '../../ledger/sla-client';
import { authenticate } from '../auth/authenticate';
import type { Caller, TokenRegistry } from '../auth/token-registry';
import type { CredentialsVaults } from '../credentials/credentials-vault';
import { HttpProblem, notFound } from '../problems';
import { localsOf } from '../request-context';
import type { ChannelSource, Route } from './route';

export interface MountDependencies {
  ledger: LedgerPort;
  tokens: TokenRegistry;
  credentials: CredentialsVaults;
  clock: () => Date;
  /** Largest accepted JSON body, in bytes. */
  bodyLimitBytes: number;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Mounts each route: authenticate, read a JSON body (after authentication only), resolve the channel, run. */
export function mountRoutes(
  router: Router,
  routes: readonly Route[],
  deps: MountDependencies,
): void {
  const jsonText = express.text({ type: JSON_TYPES, limit: deps.bodyLimitBytes });
  for (const route of routes) {
    const { doc } = route;
    const handler: RequestHandler = async (req, res) => {
      const locals = localsOf(res);
      if (doc.body !== undefined && hasBody(req) && req.is(JSON_TYPES) === false) {
        throw new HttpProblem(
          415,
          'unsupported-media-type',
          'the body must be JSON (Content-Type: application/json)',
        );
      }
      const channel = channelOf(doc.channel, req.params, deps.ledger);
      const caller = locals.caller as Caller;
      const reply = await route.run(
        {
          params: req.params as Record<string, string>,
          query: req.query,
          bodyText: typeof req.body === 'string' ? req.body : undefined,
        },
        {
          caller,
          channel,
          client: new SlaClient(deps.ledger, channel, caller.identity),
          ledger: deps.ledger,
          credentials: deps.credentials,
          now: () => Math.floor(deps.clock().getTime() / 1000),
          log: locals.log,
        },
      );
      res.setHeader('Cache-Control', 'no-store');
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status).json(reply.body);
    };
    const named: RequestHandler = (_req, res, next) => {
      localsOf(res).route = doc.path;
      next();
    };
    router[doc.method](doc.path, named, authenticate(deps.tokens, doc.access), jsonText, handler);
  }
}

function channelOf(
  source: ChannelSource,
  params: Record<string, string | string[] | undefined>,
  ledger: LedgerPort,
): string {
  if (source === 'none') return '';
  const channel = source === 'path' ? params.channel : source.fixed;
  if (typeof channel !== 'string' || !ledger.channels.includes(channel)) {
    throw notFound("the channel is not one of this gateway's (GET /api/channels lists them)");
  }
  return channel;
}

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}
