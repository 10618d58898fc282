import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Caller } from './auth/token-registry';
import type { GatewayMetrics } from './metrics';

/** What the middleware chain learns about a request, kept in `res.locals`. */
export interface RequestLocals {
  requestId: string;
  log: Logger;
  /** The route template, for logs and metrics (never the URL, which may hold ids and bookmarks). */
  route?: string;
  caller?: Caller;
}

export function localsOf(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (the client's `X-Request-Id` when it is a
 * plain token, else a new UUID), echoes it, and when the response is done
 * logs one line — id, method, route template, status, duration, identity —
 * and records the latency. Headers, URLs and bodies are never logged.
 */
export function requestContext(logger: Logger, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId =
      incoming !== undefined && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const locals = localsOf(res);
    locals.requestId = requestId;
    locals.log = logger.child({ reqId: requestId });
    res.setHeader('X-Request-Id', requestId);
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req, res);
      const status = res.headersSent ? res.statusCode : 499;
      metrics.httpRequestSeconds.observe(
        { route, method: req.method, status: String(status) },
        seconds,
      );
      locals.log.info(
        {
          method: req.method,
          route,
          status,
          durationMs: Math.round(seconds * 1e6) / 1e3,
          ...(locals.caller === undefined
            ? {}
            : { identity: locals.caller.identity, tokenId: locals.caller.tokenId }),
        },
        'request',
      );
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}

function routeOf(req: Request, res: Response): string {
  const explicit = localsOf(res).route;
  if (explicit !== undefined) return explicit;
  const matched = (req.route as { path?: unknown } | undefined)?.path;
  return typeof matched === 'string' ? matched : 'unmatched';
}
