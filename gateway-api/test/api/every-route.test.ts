import { apiRoutes } from '../../src';
import { heights, startGateway, type Gateway } from '../support/gateway';
import { describeRoute, malformedParameter, samplePath } from '../support/route-samples';

/**
 * What holds for every declared route, checked route by route through HTTP:
 * authentication, the role a token needs, and validation of each input,
 * each failure a problem document that changes nothing on the ledger.
 */
const routes = apiRoutes();
const writes = routes.filter((route) => route.doc.access === 'write');
const withParams = routes.filter((route) => malformedParameter(route) !== undefined);
const withQuery = routes.filter((route) => route.doc.query !== undefined);
const withBody = routes.filter((route) => route.doc.body !== undefined);

let gateway: Gateway;
let before: Record<string, number>;
beforeAll(async () => {
  gateway = await startGateway();
  before = await heights(gateway);
});
afterAll(() => gateway.close());
afterEach(async () => {
  expect(await heights(gateway)).toEqual(before);
});

function expectProblem(
  response: { status: number; headers: Headers; body: Record<string, unknown> },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:sla-ledger:problem:/),
  });
  expect(typeof response.body.title).toBe('string');
}

describe.each(routes.map((route) => [describeRoute(route), route] as const))(
  '%s',
  (_name, route) => {
    const path = samplePath(route.doc.path);
    const method = route.doc.method.toUpperCase();
    const body = route.doc.body === undefined ? undefined : {};

    it('answers 401 with a Bearer challenge without a token', async () => {
      const response = await gateway.request(method, path, { ...(body ? { body } : {}) });
      expectProblem(response, 401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('answers 401 to an unknown token and to a malformed Authorization header', async () => {
      const unknown = await gateway.request(method, path, {
        as: 'raw:slt_not-a-token',
        ...(body ? { body } : {}),
      });
      expectProblem(unknown, 401);
      expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
      const malformed = await gateway.request(method, path, {
        headers: { authorization: 'Basic dXNlcjpwYXNz' },
      });
      expectProblem(malformed, 401);
    });
  },
);

describe.each(writes.map((route) => [describeRoute(route), route] as const))(
  '%s',
  (_name, route) => {
    it('answers 403 to a viewer token, which may only read', async () => {
      const response = await gateway.request(
        route.doc.method.toUpperCase(),
        samplePath(route.doc.path),
        {
          as: 'alice-viewer',
          ...(route.doc.body ? { body: {} } : {}),
        },
      );
      expectProblem(response, 403);
    });
  },
);

describe.each(withParams.map((route) => [describeRoute(route), route] as const))(
  '%s',
  (_name, route) => {
    it('answers 400 naming a malformed path parameter', async () => {
      const { path, field } = malformedParameter(route) as { path: string; field: string };
      const response = await gateway.request(route.doc.method.toUpperCase(), path, {
        as: 'consumer-admin',
        ...(route.doc.body ? { body: {} } : {}),
      });
      expectProblem(response, 400);
      expect(response.body.field).toBe(field);
      expect(response.body.detail).toMatch(new RegExp(`^${field} `));
    });

    it('answers 404 for a channel the gateway is not on', async () => {
      const response = await gateway.request(
        route.doc.method.toUpperCase(),
        samplePath(route.doc.path, { channel: 'channel-nowhere' }),
        { as: 'consumer-admin', ...(route.doc.body ? { body: {} } : {}) },
      );
      if (route.doc.channel === 'path') expectProblem(response, 404);
    });
  },
);

describe.each(withQuery.map((route) => [describeRoute(route), route] as const))(
  '%s',
  (_name, route) => {
    it.each([
      ['pageSize=0', 'pageSize'],
      ['pageSize=501', 'pageSize'],
      ['pageSize=ten', 'pageSize'],
      ['pageSize=1&pageSize=2', 'pageSize'],
      ['sortBy=key', 'sortBy'],
    ])('answers 400 to ?%s naming %s', async (query, field) => {
      const response = await gateway.request('GET', `${samplePath(route.doc.path)}?${query}`, {
        as: 'consumer-admin',
      });
      expectProblem(response, 400);
      expect(response.body.field).toBe(field);
    });
  },
);

describe.each(withBody.map((route) => [describeRoute(route), route] as const))(
  '%s',
  (_name, route) => {
    const path = samplePath(route.doc.path);
    const method = route.doc.method.toUpperCase();
    const root = route.doc.body?.root ?? '';
    const at = (name: string) => (root === '' ? name : `${root}.${name}`);

    it('answers 400 naming a field the body does not have', async () => {
      const response = await gateway.request(method, path, {
        as: 'consumer-admin',
        rawBody: '{"surprise": 1}',
      });
      expectProblem(response, 400);
      expect(typeof response.body.field).toBe('string');
    });

    it('answers 400 to a body that is missing, not JSON, or repeats a key', async () => {
      const missing = await gateway.request(method, path, { as: 'consumer-admin' });
      expectProblem(missing, 400);
      const broken = await gateway.request(method, path, {
        as: 'consumer-admin',
        rawBody: '{"a": ',
      });
      expectProblem(broken, 400);
      expect(broken.body.field).toBe('body');
      const repeated = await gateway.request(method, path, {
        as: 'consumer-admin',
        rawBody: '{"x": 1, "x": 2}',
      });
      expectProblem(repeated, 400);
      expect(repeated.body.field).toBe(at('x'));
      expect(repeated.body.detail).toBe(`${at('x')} appears twice`);
    });

    it('answers 400 naming a field that holds or names a secret, without repeating it', async () => {
      const secret = 'AKIAIOSFODNN7EXAMPLE';
      const response = await gateway.request(method, path, {
        as: 'consumer-admin',
        body: { nested: { password: 'hunter2' }, note: secret },
      });
      expectProblem(response, 400);
      expect(response.body.field).toBe(at('nested.password'));
      expect(response.text).not.toContain('hunter2');
      expect(response.text).not.toContain(secret);
    });

    it('answers 415 to a body that is not JSON', async () => {
      const response = await gateway.request(method, path, {
        as: 'consumer-admin',
        rawBody: 'amount=5',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(response, 415);
    });
  },
);
