import type { ErrorRequestHandler, RequestHandler } from 'express';
import { problemOf } from './problem-of-error';
import { HttpProblem, PROBLEM_CONTENT_TYPE, notFound } from './problems';
import { localsOf } from './request-context';

/** Every error becomes a problem document; an unexpected one is logged with its stack and answered with none. */
export function problemResponder(): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const locals = localsOf(res);
    let problem = problemOf(error);
    if (problem === undefined) {
      const failure = error instanceof Error ? error : new Error(String(error));
      locals.log.error(
        { error: { name: failure.name, message: failure.message, stack: failure.stack } },
        'unexpected error',
      );
      problem = new HttpProblem(
        500,
        'internal',
        `an unexpected error occurred; the gateway's log has it under request id ${locals.requestId}`,
      );
    } else if (problem.status >= 500) {
      locals.log.warn({ problem: problem.type, detail: problem.detail }, 'request failed');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(problem.options.headers ?? {})) {
      res.setHeader(name, value);
    }
    res
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem.toDetails(locals.requestId)));
  };
}

export function noSuchRoute(): RequestHandler {
  return (_req, _res, next) => {
    next(notFound('no such resource: see /api/openapi.json for the routes'));
  };
}
