import { Counter } from 'prom-client';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
  apiRoutes,
  createApp,
  createMetrics,
  createLogger,
} from '../../src';
import { openApiPath } from '../../src/api/docs/openapi';
import { awsService, heights, startGateway, TOKEN_HOLDERS, type Gateway } from '../support/gateway';
import { Failures } from '../support/failing-ledger';
import { validateOpenApi } from '../support/openapi-validator';
import { Writable } from 'node:stream';

const UI = 'http://127.0.0.1:5173';
const failures = new Failures();
let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({
    uiOrigin: UI,
    bodyLimitBytes: 4096,
    wrapLedger: (ledger) => failures.wrap(ledger),
  });
});
afterEach(() => failures.clear());
afterAll(() => gateway.close());

describe('probes and metrics', () => {
  it('/healthz answers without a token', async () => {
    const response = await gateway.request('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 while the ledger answers, 503 when it does not', async () => {
    expect((await gateway.request('GET', '/readyz')).status).toBe(200);
    failures.next(new LedgerUnavailable('peer unreachable'), { kind: 'evaluate' });
    const down = await gateway.request('GET', '/readyz');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(down.text).not.toContain('peer unreachable');
    failures.next(new ChaincodeRejection('FORBIDDEN', 'no'), { kind: 'evaluate' });
    expect((await gateway.request('GET', '/readyz')).status).toBe(200);
  });

  it('/metrics shows request latency by route, ledger calls by function and outcome, and metrics others register', async () => {
    await gateway.request('POST', '/api/channels/channel-aws/services', {
      as: 'aws-ops',
      body: awsService('metered'),
    });
    await gateway.request('POST', '/api/channels/channel-aws/services', {
      as: 'aws-ops',
      body: awsService('metered'),
    });
    const jobs = new Counter({
      name: 'sla_jobs_runs_total',
      help: 'job runs',
      labelNames: ['job', 'outcome'],
      registers: [gateway.metrics.registry],
    });
    jobs.inc({ job: 'update-services', outcome: 'ok' });
    const response = await gateway.request('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.text).toMatch(
      /sla_gateway_http_request_duration_seconds_count\{route="\/api\/channels\/:channel\/services",method="POST",status="201"\} 1/,
    );
    expect(response.text).toMatch(
      /sla_gateway_ledger_call_duration_seconds_count\{fn="services:Register",kind="submit",outcome="ok"\} 1/,
    );
    expect(response.text).toMatch(
      /sla_gateway_ledger_call_duration_seconds_count\{fn="services:Register",kind="submit",outcome="ALREADY_EXISTS"\} 1/,
    );
    expect(response.text).toContain('sla_jobs_runs_total{job="update-services",outcome="ok"} 1');
  });
});

describe('errors from the ledger', () => {
  const post = (key: string) =>
    gateway.request('POST', '/api/channels/channel-aws/services', {
      as: 'aws-ops',
      body: awsService(key),
    });

  it('retries a lost race, then answers 409 with Retry-After once the retries are spent', async () => {
    failures.next(new TransactionConflict('MVCC_READ_CONFLICT', 'lost'), {
      fn: 'services:Register',
    });
    expect((await post('race-won')).status).toBe(201);
    failures.next(new TransactionConflict('MVCC_READ_CONFLICT', 'lost'), {
      fn: 'services:Register',
      times: 10,
    });
    const lost = await post('race-lost');
    expect(lost.status).toBe(409);
    expect(lost.body.type).toBe('urn:sla-ledger:problem:transaction-conflict');
    expect(lost.headers.get('retry-after')).toBe('1');
  });

  it.each([
    [new TransactionConflict('ENDORSEMENT_MISMATCH', 'peers differ'), 503, 'endorsement-mismatch'],
    [
      new TransactionInvalid('ENDORSEMENT_POLICY_FAILURE', 'bad', 'tx-1'),
      502,
      'transaction-invalid',
    ],
    [new LedgerUnavailable('dial tcp 10.0.0.1: refused', 'tx-2'), 503, 'ledger-unavailable'],
    [
      new ChaincodeRejection('ORACLE_UNAVAILABLE', 'CloudWatch timed out'),
      503,
      'oracle-unavailable',
    ],
  ])('maps %p to %i', async (error, status, type) => {
    failures.next(error, { times: 10 });
    const response = await post(`mapped-${status}-${type}`);
    expect(response.status).toBe(status);
    expect(response.body.type).toBe(`urn:sla-ledger:problem:${type}`);
    expect(response.text).not.toContain('10.0.0.1');
  });

  it('answers an unexpected error with 500, a request id and no stack or message', async () => {
    failures.next(new Error('boom in /srv/secret/place'));
    const response = await gateway.request('GET', '/api/channels/channel-aws/services', {
      as: 'consumer-alice',
      headers: { 'x-request-id': 'trace-me-1' },
    });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({
      type: 'urn:sla-ledger:problem:internal',
      instance: 'trace-me-1',
    });
    expect(response.text).not.toContain('boom');
    expect(response.text).not.toContain('/srv');
    expect(response.headers.get('x-request-id')).toBe('trace-me-1');
    expect(gateway.logs()).toContain('boom in /srv/secret/place');
  });
});

describe('HTTP hygiene', () => {
  it('sets helmet headers and no X-Powered-By', async () => {
    const response = await gateway.request('GET', '/healthz');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it("lets only the UI's origin in (CORS)", async () => {
    const preflight = await gateway.request('OPTIONS', '/api/channels/channel-aws/services', {
      headers: {
        origin: UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const read = await gateway.request('GET', '/api/channels', {
      as: 'consumer-alice',
      headers: { origin: UI },
    });
    expect(read.headers.get('access-control-allow-origin')).toBe(UI);
    expect(read.headers.get('access-control-expose-headers')).toContain('Location');
    for (const origin of ['http://evil.example', 'http://127.0.0.1:5174']) {
      const other = await gateway.request('OPTIONS', '/api/channels', {
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const get = await gateway.request('GET', '/api/channels', {
        as: 'consumer-alice',
        headers: { origin },
      });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers 413 to a body over the limit, and changes nothing', async () => {
    const before = await heights(gateway);
    const response = await gateway.request('POST', '/api/channels/channel-aws/services', {
      as: 'aws-ops',
      body: awsService('too-big', { description: 'x'.repeat(5000) }),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      type: 'urn:sla-ledger:problem:payload-too-large',
      status: 413,
    });
    expect(await heights(gateway)).toEqual(before);
    const anonymous = await gateway.request('POST', '/api/channels/channel-aws/services', {
      body: awsService('too-big', { description: 'x'.repeat(5000) }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('answers 404 problems to unknown routes and echoes or makes up request ids', async () => {
    const unknown = await gateway.request('GET', '/api/nothing', { as: 'consumer-alice' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await gateway.request('GET', '/healthz', {
      headers: { 'x-request-id': 'has spaces' },
    });
    expect(odd.headers.get('x-request-id')).not.toBe('has spaces');
  });

  it('answers 400, not 500, to a path that is not valid percent-encoding and to a body in an unknown charset', async () => {
    const path = await gateway.request('GET', '/api/channels/channel-aws/services/%E0%A4%A', {
      as: 'consumer-alice',
    });
    expect(path.status).toBe(400);
    expect(path.body.field).toBe('path');
    const charset = await gateway.request(
      'POST',
      '/api/channels/channel-aws/accounts/mine/transfers',
      {
        as: 'consumer-alice',
        rawBody: '{}',
        headers: { 'content-type': 'application/json; charset=klingon' },
      },
    );
    expect(charset.status).toBe(415);
  });

  it('GET /api/channels lists the channels', async () => {
    const response = await gateway.request('GET', '/api/channels', { as: 'alice-viewer' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.items.map((channel: { name: string }) => channel.name).sort()).toEqual([
      'channel-aws',
      'channel-azure',
      'channel-market',
    ]);
  });
});

describe('logs', () => {
  it('hold request id, route, status and duration, and never a token, an Authorization header or a credential', async () => {
    await gateway.request('GET', '/api/channels', {
      as: 'consumer-alice',
      headers: { 'x-request-id': 'log-line-1' },
    });
    const line = gateway
      .logs()
      .split('\n')
      .filter((text) => text.includes('"log-line-1"'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.msg === 'request');
    expect(line).toMatchObject({
      reqId: 'log-line-1',
      method: 'GET',
      route: '/api/channels',
      status: 200,
      identity: 'consumer-alice',
    });
    expect(typeof line?.durationMs).toBe('number');
    const logs = gateway.logs();
    for (const holder of TOKEN_HOLDERS) expect(logs).not.toContain(gateway.tokens[holder.name]);
    expect(logs.toLowerCase()).not.toContain('bearer');
    expect(logs.toLowerCase()).not.toContain('authorization');
  });

  it('redact headers, tokens and credentials that reach the logger by mistake', () => {
    let written = '';
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          written += chunk.toString();
          done();
        },
      }),
    });
    logger.info({
      req: { headers: { authorization: 'Bearer slt_abc' } },
      headers: { authorization: 'Bearer slt_def' },
      token: 'slt_ghi',
      credentials: { secretAccessKey: 'wJalr' },
      service: { clientSecret: 'azure-secret' },
      body: '{"password":"x"}',
    });
    for (const secret of ['slt_abc', 'slt_def', 'slt_ghi', 'wJalr', 'azure-secret', 'password']) {
      expect(written).not.toContain(secret);
    }
    expect(written).toContain('[redacted]');
  });
});

describe('the OpenAPI document and docs', () => {
  it('is valid OpenAPI, lists every route with its statuses, and the bearer scheme', async () => {
    const response = await gateway.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(validateOpenApi(document)).toEqual({ valid: true, errors: null });
    for (const { doc } of apiRoutes()) {
      const operation = document.paths[openApiPath(doc.path)]?.[doc.method];
      expect(operation).toBeDefined();
      expect(Object.keys(operation.responses)).toEqual(
        expect.arrayContaining([String(doc.success.status), '401', '403']),
      );
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/events', '/api/openapi.json']) {
      expect(document.paths[path]?.get).toBeDefined();
    }
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const register = document.paths['/api/channels/{channel}/services'].post;
    const body = register.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['key', 'monitor', 'sla', 'credentials']),
    );
    expect(body.properties.sla.properties.periodSeconds).toMatchObject({
      type: 'integer',
      minimum: 60,
    });
    const accept = document.paths['/api/channels/{channel}/agreements'].post;
    expect(accept.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['offerId', 'offerVersion', 'agreementId']),
    );
    expect(document.paths['/aws/services'].post.deprecated).toBe(true);
  });

  it('documents every route the app mounts', () => {
    const app = createApp({
      ledger: gateway.ledger,
      tokens: { authenticate: async () => ({ outcome: 'unknown' }) },
      organisation: 'ConsumerOrgMSP',
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics({ processMetrics: false }),
    });
    const mounted: string[] = [];
    const walk = (
      stack: Array<{
        route?: { path: string; methods: Record<string, boolean> };
        handle?: { stack?: unknown };
      }>,
    ) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods))
            mounted.push(`${method} ${openApiPath(layer.route.path)}`);
        } else if (Array.isArray(layer.handle?.stack)) {
          walk(layer.handle.stack as never);
        }
      }
    };
    walk((app as unknown as { router: { stack: never } }).router.stack);
    const documented = apiRoutes().map(({ doc }) => `${doc.method} ${openApiPath(doc.path)}`);
    const extras = [
      'get /healthz',
      'get /readyz',
      'get /metrics',
      'get /api/openapi.json',
      'get /api/events',
      'get /',
      'get /init.js',
    ];
    expect(mounted.length).toBeGreaterThan(documented.length);
    expect(
      mounted.filter((route) => !documented.includes(route) && !extras.includes(route)),
    ).toEqual([]);
  });

  it('serves Swagger UI from the gateway itself, without inline scripts', async () => {
    const redirect = await fetch(`${gateway.url}/api/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const page = await gateway.request('GET', '/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/<script>/);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js']) {
      const response = await gateway.request('GET', `/api/docs/${asset}`);
      expect(response.status).toBe(200);
    }
  });
});
