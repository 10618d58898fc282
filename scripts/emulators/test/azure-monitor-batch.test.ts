/**
 * The Azure Monitor emulator's metrics batch endpoint (metrics:getBatch on the data plane),
 * driven through the real clients: @azure/monitor-query-metrics' MetricsClient with
 * @azure/identity's ClientSecretCredential, both trusting the emulator's certificate.
 */
import { request as httpsRequest } from 'node:https';
import { ClientSecretCredential } from '@azure/identity';
import { MetricsClient, type MetricsQueryResourcesOptions } from '@azure/monitor-query-metrics';
import {
  createAzureMonitorEmulator,
  type AzureMonitorEmulator,
  type Principal,
  type Scenario,
  type StartedEmulator,
} from '../src/azure-monitor';

const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/sla-rg/providers/Microsoft.Compute/virtualMachines`;
const VM_A = `${GROUP}/vm-a`;
const VM_B = `${GROUP}/vm-b`;
const VM_NORTH = `${GROUP}/vm-north`;
const NAMESPACE = 'Microsoft.Compute/virtualMachines';
const METRICS_SCOPE = 'https://metrics.monitor.azure.com/.default';
const READER: Principal = {
  tenantId: 'tenant-batch',
  clientId: 'batch-reader',
  clientSecret: 'emulator-only-secret-for-batch-reader',
  resources: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/sla-rg`],
};
const NARROW: Principal = {
  tenantId: 'tenant-batch',
  clientId: 'narrow-reader',
  clientSecret: 'emulator-only-secret-for-narrow-reader',
  resources: [VM_A],
};

/** 10:00–10:05: vm-a reports 10, 20, 30, none, 50; vm-b reports 1 every minute. */
const scenario: Scenario = {
  resources: [
    {
      id: VM_A,
      metrics: [
        {
          name: 'Percentage CPU',
          samples: [
            { timeStamp: '2026-11-25T10:00:00Z', value: 10 },
            { timeStamp: '2026-11-25T10:01:00Z', value: 20 },
            { timeStamp: '2026-11-25T10:02:00Z', value: 30 },
            { timeStamp: '2026-11-25T10:04:00Z', value: 50 },
          ],
        },
      ],
    },
    {
      id: VM_B,
      metrics: [
        {
          name: 'Percentage CPU',
          series: {
            from: '2026-11-25T10:00:00Z',
            to: '2026-11-25T10:05:00Z',
            every: 'PT1M',
            values: [1],
          },
        },
      ],
    },
    {
      id: VM_NORTH,
      location: 'northeurope',
      metrics: [{ name: 'Percentage CPU', samples: [] }],
    },
  ],
};

const WINDOW: MetricsQueryResourcesOptions = {
  startTime: new Date('2026-11-25T10:00:00Z'),
  endTime: new Date('2026-11-25T10:05:00Z'),
  interval: 'PT1M',
  aggregation: 'Average',
};

let emulator: AzureMonitorEmulator;
let started: StartedEmulator;

beforeAll(async () => {
  emulator = createAzureMonitorEmulator({ principals: [READER, NARROW], scenario });
  started = await emulator.start();
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.faults.clear();
  emulator.shuffleResponses = false;
  emulator.clearCalls();
});

function credentialFor(principal: Principal): ClientSecretCredential {
  return new ClientSecretCredential(
    principal.tenantId,
    principal.clientId,
    principal.clientSecret,
    {
      authorityHost: started.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: started.caCertificate },
      retryOptions: { maxRetries: 0 },
    },
  );
}

function batchClient(
  options: { principal?: Principal; region?: string; scopes?: string[] } = {},
): MetricsClient {
  return new MetricsClient(
    started.metricsEndpoint.replace('{region}', options.region ?? 'westeurope'),
    credentialFor(options.principal ?? READER),
    {
      tlsOptions: { ca: started.caCertificate },
      retryOptions: { maxRetries: 0 },
      credentials: { scopes: options.scopes ?? [METRICS_SCOPE] },
    },
  );
}

const query = (
  resourceIds: string[],
  client = batchClient(),
): ReturnType<MetricsClient['queryResources']> =>
  client.queryResources(resourceIds, ['Percentage CPU'], NAMESPACE, WINDOW);

/** Each result's resource and averages, for readable comparisons. */
function averages(results: Awaited<ReturnType<MetricsClient['queryResources']>>) {
  return results.map((result) => ({
    resourceId: result.resourceId,
    averages: result.metrics[0]?.timeseries[0]?.data?.map((point) => point.average ?? null),
  }));
}

function rawPost(path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${started.endpoint}${path}`,
      {
        method: 'POST',
        ca: started.caCertificate,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('metrics:getBatch', () => {
  it('answers every resource of the batch, each with its own series, on the region in the path', async () => {
    const results = await query([VM_A, VM_B]);

    expect(averages(results)).toEqual([
      { resourceId: VM_A, averages: [10, 20, 30, null, 50] },
      { resourceId: VM_B, averages: [1, 1, 1, 1, 1] },
    ]);
    expect(results[0]).toMatchObject({
      granularity: 'PT1M',
      namespace: NAMESPACE,
      resourceRegion: 'westeurope',
      timespan: { startTime: WINDOW.startTime, endTime: WINDOW.endTime },
    });
    expect(results[0]?.metrics[0]).toMatchObject({ name: 'Percentage CPU', errorCode: 'Success' });
    const call = emulator.calls.find((c) => c.operation === 'metrics-batch');
    expect(call).toMatchObject({
      method: 'POST',
      path: `/westeurope/subscriptions/${SUBSCRIPTION}/metrics:getBatch`,
      status: 200,
      apiVersion: '2024-02-01',
      region: 'westeurope',
      resourceIds: [VM_A, VM_B],
      metricNames: ['Percentage CPU'],
      metricNamespace: NAMESPACE,
      interval: 'PT1M',
      aggregation: 'Average',
      startTime: '2026-11-25T10:00:00.000Z',
      endTime: '2026-11-25T10:05:00.000Z',
    });
  });

  it('takes a token for the metrics audience only: an ARM token is refused with 401', async () => {
    const armScoped = batchClient({ scopes: ['https://management.azure.com/.default'] });

    await expect(query([VM_A], armScoped)).rejects.toMatchObject({
      name: 'RestError',
      statusCode: 401,
      code: 'InvalidAuthenticationTokenAudience',
    });
  });

  it('answers 401 without a bearer token', async () => {
    const response = await rawPost(
      `/subscriptions/${SUBSCRIPTION}/metrics:getBatch?api-version=2024-02-01&metricnamespace=${NAMESPACE}&metricnames=Percentage%20CPU`,
      JSON.stringify({ resourceids: [VM_A] }),
    );

    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error.code).toBe('AuthenticationFailed');
  });

  it('refuses a resource of another region than the endpoint', async () => {
    await expect(query([VM_A, VM_NORTH])).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: expect.stringContaining(`Resource ${VM_NORTH} is in region northeurope`),
    });
    await expect(query([VM_NORTH], batchClient({ region: 'northeurope' }))).resolves.toHaveLength(
      1,
    );
  });

  it('refuses more than 50 resources', async () => {
    const many = Array.from({ length: 51 }, (_, index) => `${GROUP}/vm-${index}`);

    await expect(query(many)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('at most 50 resources'),
    });
  });

  it('answers 403 when the principal may not read one of the resources', async () => {
    await expect(query([VM_A, VM_B], batchClient({ principal: NARROW }))).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed',
    });
  });

  it('answers 404 for a resource it does not know', async () => {
    await expect(query([`${GROUP}/vm-unknown`])).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('shuffles resources and data points when asked, keeping the data', async () => {
    emulator.shuffleResponses = true;
    const results = averages(await query([VM_A, VM_B]));

    const byResource = new Map(results.map((result) => [result.resourceId, result.averages]));
    expect([...(byResource.get(VM_A) ?? [])].sort()).toEqual([10, 20, 30, 50, null].sort());
    expect(byResource.get(VM_B)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('metrics:getBatch faults', () => {
  it('empty-values: no result at all', async () => {
    emulator.faults.inject({ kind: 'empty-values', times: 1 });
    await expect(query([VM_A, VM_B])).resolves.toEqual([]);
  });

  it('missing-resource: the first resource left out', async () => {
    emulator.faults.inject({ kind: 'missing-resource', times: 1 });
    expect(averages(await query([VM_A, VM_B])).map((result) => result.resourceId)).toEqual([VM_B]);
  });

  it('empty-value: a resource without metrics', async () => {
    emulator.faults.inject({ kind: 'empty-value', times: 1 });
    const [result] = await query([VM_A]);
    expect(result?.metrics).toEqual([]);
  });

  it('empty-timeseries: a metric without time series', async () => {
    emulator.faults.inject({ kind: 'empty-timeseries', times: 1 });
    const [result] = await query([VM_A]);
    expect(result?.metrics[0]?.timeseries).toEqual([]);
  });

  it('metric-error: a metric carrying an error code and message', async () => {
    emulator.faults.inject({
      kind: 'metric-error',
      errorCode: 'ServiceUnavailable',
      errorMessage: 'try later',
      times: 1,
    });
    const [result] = await query([VM_A]);
    expect(result?.metrics[0]).toMatchObject({
      errorCode: 'ServiceUnavailable',
      errorMessage: 'try later',
    });
  });

  it('point-outside-window: one data point more, at the end of the range', async () => {
    emulator.faults.inject({ kind: 'point-outside-window', times: 1 });
    const [result] = await query([VM_A]);
    expect(result?.metrics[0]?.timeseries[0]?.data?.at(-1)).toMatchObject({
      timeStamp: new Date('2026-11-25T10:05:00Z'),
      average: 1,
    });
  });

  it('huge-body: a 200 of the size asked for, streamed, still valid JSON', async () => {
    emulator.faults.inject({ kind: 'huge-body', bytes: 3 * 1024 * 1024, times: 1 });
    await expect(query([VM_A])).resolves.toEqual([]);
    expect(emulator.calls.find((c) => c.operation === 'metrics-batch')).toMatchObject({
      fault: 'huge-body',
      bytesSent: 3 * 1024 * 1024,
    });
  });

  it('connection-reset: the connection ends with a TCP reset, no answer', async () => {
    emulator.faults.inject({ kind: 'connection-reset', times: 1 });
    await expect(query([VM_A])).rejects.toMatchObject({ name: 'RestError', code: 'ECONNRESET' });
  });

  it('token-hang: the token endpoint never answers, and the SDK waits past its abort signal', async () => {
    emulator.faults.inject({ kind: 'token-hang' });
    const client = batchClient({ principal: NARROW });
    const attempt = client.queryResources([VM_A], ['Percentage CPU'], NAMESPACE, {
      ...WINDOW,
      abortSignal: AbortSignal.timeout(500),
    } as MetricsQueryResourcesOptions);
    await expect(
      Promise.race([
        attempt.then(
          () => 'answered',
          () => 'failed',
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1500)),
      ]),
    ).resolves.toBe('still waiting');
    expect(emulator.calls.filter((c) => c.operation === 'token')).toEqual([
      expect.objectContaining({ fault: 'token-hang', status: 0 }),
    ]);
    expect(emulator.calls.filter((c) => c.operation === 'metrics-batch')).toEqual([]);
  });

  it('applies to the batch only where they make sense: Metrics - List answers normally', () => {
    emulator.faults.inject({ kind: 'missing-resource' });
    expect(emulator.faults.nextRequest('metrics-list')).toEqual({
      latencyMs: 0,
      response: undefined,
    });
    expect(emulator.faults.nextRequest('metrics-batch').response).toMatchObject({
      kind: 'missing-resource',
    });
  });
});
