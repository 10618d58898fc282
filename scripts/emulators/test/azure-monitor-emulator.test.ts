/**
 * The Azure Monitor emulator, driven through the real clients: @azure/identity's
 * ClientSecretCredential (MSAL underneath) and @azure/arm-monitor's MonitorClient. Both trust
 * the emulator's self-signed certificate in-process through `tlsOptions: { ca }`.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MonitorClient, type MetricsListOptionalParams, type Response } from '@azure/arm-monitor';
import { ClientSecretCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import {
  createAzureMonitorEmulator,
  parseScenario,
  type AzureMonitorEmulator,
  type Principal,
  type StartedEmulator,
} from '../src/azure-monitor';

const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const RESOURCE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/sla-rg`;
/** Loaded from the example scenario: Percentage CPU every 15 s, outage 10:05–10:17. */
const VM1 = `${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/vm1`;
/** Seeded by the tests with a few known samples. */
const SEEDED_VM = `${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/vm-seeded`;
const ELSEWHERE_VM = `/subscriptions/${SUBSCRIPTION}/resourceGroups/other-rg/providers/Microsoft.Compute/virtualMachines/vm9`;

const scenario = parseScenario(
  JSON.parse(readFileSync(join(__dirname, '../scenarios/vm1-outage.json'), 'utf8')),
);
/** The scenario's principal: may read everything in sla-rg. */
const [ORACLE] = scenario.principals ?? [];
/** Another app in the same tenant, allowed one VM elsewhere only. */
const OUTSIDER: Principal = {
  tenantId: ORACLE.tenantId,
  clientId: '33333333-3333-4333-8333-333333333333',
  clientSecret: 'emulator-only-secret-for-outsider',
  resources: [ELSEWHERE_VM],
};

const CPU_QUERY: MetricsListOptionalParams = {
  timespan: '2026-11-25T10:00:00Z/2026-11-25T10:05:00Z',
  interval: 'PT1M',
  metricnames: 'Percentage CPU',
};

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;
/** Emulator time: real time unless a test moves it (token expiry). */
let clockOffsetMs = 0;

beforeAll(async () => {
  emulator = createAzureMonitorEmulator({
    principals: [OUTSIDER],
    scenario,
    now: () => Date.now() + clockOffsetMs,
  });
  // Minute 10:00: 10 and 30; 10:01: 50; 10:02: none; 10:03: 5 and 15; 10:04: 40.
  emulator.addSamples(SEEDED_VM, 'Percentage CPU', [
    { timeStamp: '2026-11-25T10:00:00Z', value: 10 },
    { timeStamp: '2026-11-25T10:00:30Z', value: 30 },
    { timeStamp: '2026-11-25T10:01:00Z', value: 50 },
    { timeStamp: '2026-11-25T10:03:15Z', value: 5 },
    { timeStamp: '2026-11-25T10:03:45Z', value: 15 },
    { timeStamp: '2026-11-25T10:04:00Z', value: 40 },
  ]);
  started = await emulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.shuffleResponses = false;
  emulator.clearCalls();
  clockOffsetMs = 0;
});

function credentialFor(
  principal: Principal,
  secret = principal.clientSecret,
): ClientSecretCredential {
  return new ClientSecretCredential(principal.tenantId, principal.clientId, secret, {
    authorityHost: started.authorityHost,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: started.caCertificate },
  });
}

function monitorClient(credential: TokenCredential, maxRetries = 0): MonitorClient {
  return new MonitorClient(credential, SUBSCRIPTION, {
    endpoint: started.endpoint,
    tlsOptions: { ca: started.caCertificate },
    retryOptions: { maxRetries, retryDelayInMs: 10 },
  });
}

function oracleClient(maxRetries = 0): MonitorClient {
  return monitorClient(credentialFor(ORACLE), maxRetries);
}

/** The data points of the first metric's series, with ISO timestamps for readable diffs. */
function rows(response: Response): Array<Record<string, number | string>> {
  return (response.value[0].timeseries?.[0]?.data ?? []).map((point) => {
    const { timeStamp, ...values } = point;
    return { timeStamp: timeStamp.toISOString(), ...values };
  });
}

/** The Retry-After header of the response a RestError carries. */
function retryAfterOf(error: unknown): string | undefined {
  const { response } = error as {
    response?: { headers: { get(name: string): string | undefined } };
  };
  return response?.headers.get('retry-after');
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTPS request, trusting the emulator's certificate, for what the SDKs never send. */
function raw(method: string, path: string, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${started.endpoint}${path}`,
      {
        method,
        ca: started.caCertificate,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the token flow of ClientSecretCredential', () => {
  it('discovers the tenant, then gets a JWT for Azure Resource Manager with the client secret', async () => {
    const token = await credentialFor(ORACLE).getToken('https://management.azure.com/.default');

    expect(token.token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      aud: 'https://management.azure.com',
      appid: ORACLE.clientId,
      tid: ORACLE.tenantId,
      idtyp: 'app',
    });
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500 * 1000);
    expect(emulator.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['GET', `/${ORACLE.tenantId}/v2.0/.well-known/openid-configuration`, 200],
      ['POST', `/${ORACLE.tenantId}/oauth2/v2.0/token`, 200],
    ]);
    expect(emulator.calls[1]).toMatchObject({
      tenantId: ORACLE.tenantId,
      clientId: ORACLE.clientId,
    });
  });

  it('rejects a wrong secret with AADSTS7000215, which the credential raises as AuthenticationRequiredError', async () => {
    const attempt = credentialFor(ORACLE, 'not-the-secret').getToken(
      'https://management.azure.com/.default',
    );

    await expect(attempt).rejects.toMatchObject({
      name: 'AuthenticationRequiredError',
      message: expect.stringContaining('AADSTS7000215: Invalid client secret provided.'),
    });
    expect(emulator.calls.at(-1)).toMatchObject({
      operation: 'token',
      status: 401,
      clientId: ORACLE.clientId,
    });
  });

  it('surfaces the same credential error from metrics.list, before any metrics request', async () => {
    const client = monitorClient(credentialFor(ORACLE, 'not-the-secret'));

    await expect(client.metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      name: 'AuthenticationRequiredError',
    });
    expect(emulator.calls.filter((c) => c.operation === 'metrics')).toEqual([]);
  });

  it('rejects an unknown application with AADSTS700016', async () => {
    const stranger = { ...ORACLE, clientId: '44444444-4444-4444-8444-444444444444' };

    await expect(
      credentialFor(stranger).getToken('https://management.azure.com/.default'),
    ).rejects.toMatchObject({
      name: 'AuthenticationRequiredError',
      message: expect.stringContaining('AADSTS700016'),
    });
  });

  it('answers discovery for an unknown tenant with AADSTS90002, which the credential raises as CredentialUnavailableError', async () => {
    const lost = { ...ORACLE, tenantId: '55555555-5555-4555-8555-555555555555' };

    await expect(
      credentialFor(lost).getToken('https://management.azure.com/.default'),
    ).rejects.toMatchObject({
      name: 'CredentialUnavailableError',
      message: expect.stringContaining('endpoints_resolution_error'),
    });
    expect(emulator.calls[0]).toMatchObject({ operation: 'openid-configuration', status: 400 });
  });
});

describe('metrics.list', () => {
  it('sends GET //subscriptions/…/providers/Microsoft.Insights/metrics with api-version 2024-02-01', async () => {
    await oracleClient().metrics.list(SEEDED_VM, { ...CPU_QUERY, aggregation: 'Average' });

    const call = emulator.calls.find((c) => c.operation === 'metrics');
    expect(call).toMatchObject({
      method: 'GET',
      path: `/${SEEDED_VM}/providers/Microsoft.Insights/metrics`,
      apiVersion: '2024-02-01',
      resourceUri: SEEDED_VM,
      metricNames: ['Percentage CPU'],
      interval: 'PT1M',
      aggregation: 'Average',
      tenantId: ORACLE.tenantId,
      clientId: ORACLE.clientId,
      status: 200,
    });
    expect(call?.path.startsWith('//subscriptions/')).toBe(true);
  });

  it('returns the response envelope Azure Monitor returns', async () => {
    const response = await oracleClient().metrics.list(SEEDED_VM, {
      ...CPU_QUERY,
      aggregation: 'Average',
    });

    expect(response).toMatchObject({
      cost: 0,
      timespan: '2026-11-25T10:00:00Z/2026-11-25T10:05:00Z',
      interval: 'PT1M',
      namespace: 'Microsoft.Compute/virtualMachines',
      resourceregion: 'westeurope',
    });
    expect(response.value).toHaveLength(1);
    expect(response.value[0]).toMatchObject({
      id: `${SEEDED_VM}/providers/Microsoft.Insights/metrics/Percentage CPU`,
      type: 'Microsoft.Insights/metrics',
      name: { value: 'Percentage CPU', localizedValue: 'Percentage CPU' },
      unit: 'Percent',
      timeseries: [{ metadatavalues: [] }],
    });
  });

  it.each([
    ['Average', 'average', [20, 50, undefined, 10, 40]],
    ['Minimum', 'minimum', [10, 50, undefined, 5, 40]],
    ['Maximum', 'maximum', [30, 50, undefined, 15, 40]],
    ['Total', 'total', [40, 50, undefined, 20, 40]],
    ['Count', 'count', [2, 1, undefined, 2, 1]],
  ])('computes %s per PT1M interval from the raw samples', async (aggregation, field, expected) => {
    const response = await oracleClient().metrics.list(SEEDED_VM, { ...CPU_QUERY, aggregation });

    const minutes = ['10:00', '10:01', '10:02', '10:03', '10:04'];
    expect(rows(response)).toEqual(
      minutes.map((minute, i) => ({
        timeStamp: `2026-11-25T${minute}:00.000Z`,
        ...(expected[i] === undefined ? {} : { [field]: expected[i] }),
      })),
    );
  });

  it('computes every aggregation at once per PT5M interval', async () => {
    const response = await oracleClient().metrics.list(SEEDED_VM, {
      timespan: '2026-11-25T10:00:00Z/2026-11-25T10:10:00Z',
      interval: 'PT5M',
      metricnames: 'Percentage CPU',
      aggregation: 'Average,Minimum,Maximum,Total,Count',
    });

    expect(response.interval).toBe('PT5M');
    expect(rows(response)).toEqual([
      {
        timeStamp: '2026-11-25T10:00:00.000Z',
        average: 25,
        minimum: 5,
        maximum: 50,
        total: 150,
        count: 6,
      },
      { timeStamp: '2026-11-25T10:05:00.000Z' },
    ]);
  });

  it('uses the primary aggregation (Average for Percentage CPU) when the query names none', async () => {
    const response = await oracleClient().metrics.list(SEEDED_VM, CPU_QUERY);

    expect(rows(response)[0]).toEqual({ timeStamp: '2026-11-25T10:00:00.000Z', average: 20 });
  });

  it('shows the scenario outage 10:05–10:17 as data points with a timestamp only', async () => {
    const response = await oracleClient().metrics.list(VM1, {
      timespan: '2026-11-25T10:00:00Z/2026-11-25T10:20:00Z',
      interval: 'PT1M',
      metricnames: 'Percentage CPU',
      aggregation: 'Average',
    });

    const points = rows(response);
    expect(points).toHaveLength(20);
    const empty = points
      .filter((p) => p.average === undefined)
      .map((p) => String(p.timeStamp).slice(11, 16));
    expect(empty).toEqual([
      '10:05',
      '10:06',
      '10:07',
      '10:08',
      '10:09',
      '10:10',
      '10:11',
      '10:12',
      '10:13',
      '10:14',
      '10:15',
      '10:16',
    ]);
    // Each served minute holds four 15-second samples of 12, 18, 24, 30.
    expect(points[0]).toEqual({ timeStamp: '2026-11-25T10:00:00.000Z', average: 21 });
  });

  it('shows the outage at PT5M as empty intervals, and as fewer samples where it covers part of one', async () => {
    const response = await oracleClient().metrics.list(VM1, {
      timespan: '2026-11-25T10:00:00Z/2026-11-25T10:20:00Z',
      interval: 'PT5M',
      metricnames: 'Percentage CPU',
      aggregation: 'Count',
    });

    expect(rows(response)).toEqual([
      { timeStamp: '2026-11-25T10:00:00.000Z', count: 20 },
      { timeStamp: '2026-11-25T10:05:00.000Z' },
      { timeStamp: '2026-11-25T10:10:00.000Z' },
      { timeStamp: '2026-11-25T10:15:00.000Z', count: 12 },
    ]);
  });

  it('returns several metrics in one response, in the order asked', async () => {
    const response = await oracleClient().metrics.list(VM1, {
      ...CPU_QUERY,
      metricnames: 'VmAvailabilityMetric,Percentage CPU',
      aggregation: 'Minimum',
    });

    expect(response.value.map((m) => m.name.value)).toEqual([
      'VmAvailabilityMetric',
      'Percentage CPU',
    ]);
  });

  it('rejects an unknown metric with 400 BadRequest naming the valid ones', async () => {
    const attempt = oracleClient().metrics.list(VM1, {
      ...CPU_QUERY,
      metricnames: 'Percentage GPU',
    });

    await expect(attempt).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 400,
      code: 'BadRequest',
      message:
        'Failed to find metric configuration for provider: Microsoft.Compute, resource Type: virtualMachines, metric: Percentage GPU, Valid metrics: Percentage CPU,VmAvailabilityMetric',
    });
  });

  it('rejects a time grain Azure does not support with 400 BadRequest', async () => {
    const attempt = oracleClient().metrics.list(VM1, { ...CPU_QUERY, interval: 'PT2M' });

    await expect(attempt).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining('Invalid time grain duration: PT2M'),
    });
  });

  it('answers 404 ResourceNotFound for a resource it does not know', async () => {
    const ghost = `${RESOURCE_GROUP}/providers/Microsoft.Compute/virtualMachines/ghost`;

    await expect(oracleClient().metrics.list(ghost, CPU_QUERY)).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });
});

describe('access to metrics', () => {
  it('answers 403 AuthorizationFailed to a principal without access to the resource', async () => {
    const attempt = monitorClient(credentialFor(OUTSIDER)).metrics.list(VM1, CPU_QUERY);

    await expect(attempt).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 403,
      code: 'AuthorizationFailed',
      message: expect.stringMatching(
        new RegExp(
          `^The client '${OUTSIDER.clientId}' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope '${VM1}/providers/Microsoft.Insights'`,
        ),
      ),
    });
    expect(emulator.calls.at(-1)).toMatchObject({
      clientId: OUTSIDER.clientId,
      resourceUri: VM1,
      status: 403,
    });
  });

  it('answers 401 InvalidAuthenticationToken to a token it did not issue', async () => {
    const forged: TokenCredential = {
      getToken: async (): Promise<AccessToken> => ({
        token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2lnbmF0dXJl',
        expiresOnTimestamp: Date.now() + 3_600_000,
      }),
    };

    await expect(monitorClient(forged).metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
    });
  });

  it('answers 401 ExpiredAuthenticationToken once its clock passes the token expiry', async () => {
    const client = oracleClient();
    await client.metrics.list(VM1, CPU_QUERY);
    clockOffsetMs = 2 * 3_600_000;

    await expect(client.metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      statusCode: 401,
      code: 'ExpiredAuthenticationToken',
    });
  });

  it('answers 401 AuthenticationFailed with a Bearer challenge when the Authorization header is missing', async () => {
    const response = await raw(
      'GET',
      `/${VM1}/providers/Microsoft.Insights/metrics?api-version=2018-01-01`,
    );

    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      error: {
        code: 'AuthenticationFailed',
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    expect(response.headers['www-authenticate']).toMatch(
      /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/common"/,
    );
  });
});

describe('faults', () => {
  it('throttles with 429 SubscriptionRequestsThrottled and Retry-After', async () => {
    emulator.faults.inject({ kind: 'throttle', retryAfterSeconds: 7 });

    const error = await oracleClient()
      .metrics.list(VM1, CPU_QUERY)
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      name: 'RestError',
      statusCode: 429,
      code: 'SubscriptionRequestsThrottled',
    });
    expect(retryAfterOf(error)).toBe('7');
  });

  it('lets the SDK retry after a throttle when retries are on, honouring Retry-After', async () => {
    emulator.faults.inject({ kind: 'throttle', retryAfterSeconds: 1, times: 1 });
    const began = Date.now();

    const response = await oracleClient(3).metrics.list(VM1, CPU_QUERY);

    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect(rows(response)).toHaveLength(5);
    expect(emulator.calls.filter((c) => c.operation === 'metrics').map((c) => c.status)).toEqual([
      429, 200,
    ]);
  });

  it.each([
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
  ] as const)('answers %i %s as a RestError', async (status, code) => {
    emulator.faults.inject({ kind: 'server-error', status });

    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      name: 'RestError',
      statusCode: status,
      code,
    });
  });

  it('sends a 200 whose body is not JSON, which the SDK raises as RestError PARSE_ERROR', async () => {
    emulator.faults.inject({ kind: 'garbage' });

    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 200,
      code: 'PARSE_ERROR',
    });
  });

  it('denies access with 403 AuthorizationFailed even to a principal that has it', async () => {
    emulator.faults.inject({ kind: 'access-denied', times: 1 });

    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed',
    });
    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).resolves.toBeDefined();
  });

  it('holds responses back, so an abort signal ends the call with AbortError', async () => {
    emulator.faults.inject({ kind: 'latency', milliseconds: 5000 });
    const began = Date.now();

    const attempt = oracleClient().metrics.list(VM1, {
      ...CPU_QUERY,
      abortSignal: AbortSignal.timeout(300),
    });

    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - began).toBeLessThan(4000);
    expect(emulator.calls.at(-1)).toMatchObject({ operation: 'metrics', fault: 'latency' });
  });

  it('holds responses back, so a request timeout ends the call with AbortError', async () => {
    emulator.faults.inject({ kind: 'latency', milliseconds: 5000, times: 1 });

    const attempt = oracleClient().metrics.list(VM1, {
      ...CPU_QUERY,
      requestOptions: { timeout: 300 },
    });

    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('delays but still answers when the latency is shorter than the caller waits', async () => {
    emulator.faults.inject({ kind: 'latency', milliseconds: 400 });
    const began = Date.now();

    const response = await oracleClient().metrics.list(VM1, CPU_QUERY);

    expect(Date.now() - began).toBeGreaterThanOrEqual(400);
    expect(rows(response)).toHaveLength(5);
  });
});

describe('shuffled responses', () => {
  it('hold the same data points in another order', async () => {
    const query = {
      timespan: '2026-11-25T10:00:00Z/2026-11-25T11:00:00Z',
      interval: 'PT1M',
      metricnames: 'Percentage CPU',
      aggregation: 'Average,Count',
    };
    const ordered = rows(await oracleClient().metrics.list(VM1, query));
    emulator.shuffleResponses = true;

    const shuffled = rows(await oracleClient().metrics.list(VM1, query));

    expect(shuffled).not.toEqual(ordered);
    const byTime = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
      String(a.timeStamp).localeCompare(String(b.timeStamp));
    expect([...shuffled].sort(byTime)).toEqual(ordered);
  });
});

describe('scenarios', () => {
  it('names the field at fault in a scenario it cannot read', () => {
    const broken = {
      resources: [
        {
          id: VM1,
          metrics: [
            {
              name: 'Percentage CPU',
              series: {
                from: '2026-11-25T10:00:00Z',
                to: '2026-11-25T11:00:00Z',
                every: 'one minute',
                values: [1],
              },
            },
          ],
        },
      ],
    };

    expect(() => emulator.loadScenario(broken)).toThrow(
      "resources[0].metrics[0].series.every must be an ISO 8601 duration such as PT1M, got 'one minute'",
    );
  });
});

describe('the control endpoint and the certificate', () => {
  it('injects and clears faults over HTTP', async () => {
    const injected = await raw(
      'POST',
      '/__sim/faults',
      JSON.stringify({ kind: 'server-error', status: 503 }),
    );
    expect(injected.status).toBe(200);

    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      statusCode: 503,
    });

    expect((await raw('DELETE', '/__sim/faults')).status).toBe(200);
    await expect(oracleClient().metrics.list(VM1, CPU_QUERY)).resolves.toBeDefined();
  });

  it('refuses a malformed fault over HTTP and changes nothing', async () => {
    const response = await raw(
      'POST',
      '/__sim/faults',
      JSON.stringify({ kind: 'server-error', status: 418 }),
    );

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toContain('server-error.status must be 500 or 503');
    expect(emulator.faults.active).toEqual([]);
  });

  it('switches shuffling over HTTP', async () => {
    const response = await raw(
      'PUT',
      '/__sim/shuffle-responses',
      JSON.stringify({ enabled: true }),
    );

    expect(response.status).toBe(200);
    expect(emulator.shuffleResponses).toBe(true);
  });

  it('listens on 127.0.0.1 with a certificate for that address', () => {
    expect(started.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(started.authorityHost).toBe(started.endpoint);
    const certificate = new X509Certificate(started.caCertificate);
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
  });

  it('is refused by a credential that does not trust its certificate', async () => {
    const untrusting = new ClientSecretCredential(
      ORACLE.tenantId,
      ORACLE.clientId,
      ORACLE.clientSecret,
      {
        authorityHost: started.authorityHost,
        disableInstanceDiscovery: true,
      },
    );

    await expect(
      untrusting.getToken('https://management.azure.com/.default'),
    ).rejects.toMatchObject({
      name: 'CredentialUnavailableError',
    });
  });

  it('is refused by a MonitorClient that does not trust its certificate', async () => {
    const client = new MonitorClient(credentialFor(ORACLE), SUBSCRIPTION, {
      endpoint: started.endpoint,
      retryOptions: { maxRetries: 0 },
    });

    await expect(client.metrics.list(VM1, CPU_QUERY)).rejects.toMatchObject({
      name: 'RestError',
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it('writes its certificate for NODE_EXTRA_CA_CERTS, which another process then trusts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'azure-monitor-emulator-'));
    try {
      const caFile = join(folder, 'ca.pem');
      emulator.writeCaCertificate(caFile);
      expect(readFileSync(caFile, 'utf8')).toBe(started.caCertificate);

      const probe = `require('node:https').get(process.argv[1], (r) => { console.log(r.statusCode); process.exit(0); }).on('error', (e) => console.log(e.code))`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-e', probe, `${started.endpoint}/__sim/faults`],
        {
          env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
        },
      );
      expect(stdout.trim()).toBe('200');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
