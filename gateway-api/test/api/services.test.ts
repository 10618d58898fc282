import { AWS, CONSUMER } from '../support/consortium';
import { START, awsService, heights, startGateway, type Gateway } from '../support/gateway';

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

const services = '/api/channels/channel-aws/services';

async function register(key: string, as = 'aws-ops', changes: Record<string, unknown> = {}) {
  const response = await gateway.request('POST', services, { as, body: awsService(key, changes) });
  expect(response.status).toBe(201);
  return response;
}

describe('POST /api/channels/{channel}/services', () => {
  it('registers a service and answers 201 with its location, meter and credit so far', async () => {
    const response = await register('reg-1');
    expect(response.headers.get('location')).toBe('/api/channels/channel-aws/services/reg-1');
    expect(response.body).toMatchObject({
      key: 'reg-1',
      providerOrg: AWS,
      consumerOrg: CONSUMER,
      status: 'active',
      meter: { measuredUntil: START, windows: 0 },
      soFar: { promisedAvailabilityBp: 9999, creditBp: 0, fullRefund: false },
    });
    expect(response.body.soFar.availabilityBp).toBeUndefined();
  });

  it('answers 409 to a key that exists, and changes nothing', async () => {
    await register('reg-twice');
    const before = await heights(gateway);
    const again = await gateway.request('POST', services, {
      as: 'consumer-alice',
      body: awsService('reg-twice'),
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'urn:sla-ledger:problem:already-exists',
      title: 'Already exists',
    });
    expect(again.body.detail).toContain('reg-twice');
    expect(await heights(gateway)).toEqual(before);
  });

  it('answers 403 when the caller organisation is neither the provider nor the consumer', async () => {
    const response = await gateway.request('POST', '/api/channels/channel-market/services', {
      as: 'azure-ops',
      body: awsService('reg-not-mine'),
    });
    expect(response.status).toBe(403);
    expect(response.body.type).toBe('urn:sla-ledger:problem:forbidden');
  });

  it.each([
    [
      { sla: { ...(awsService('x').sla as object), periodSeconds: 90 } },
      'service.sla.periodSeconds',
    ],
    [
      { sla: { ...(awsService('x').sla as object), measuredFrom: START + 30 } },
      'service.sla.measuredFrom',
    ],
    [{ key: 'has space' }, 'service.key'],
    [{ providerOrg: CONSUMER }, 'service.consumerOrg'],
    [{ description: 'tab\there' }, 'service.description'],
    [{ monitor: undefined }, 'service.monitor'],
  ])('answers 400 naming the field for %j and submits nothing', async (changes, field) => {
    const before = await heights(gateway);
    const response = await gateway.request('POST', services, {
      as: 'aws-ops',
      body: awsService('reg-bad', changes),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body.field).toBe(field);
    expect(response.body.detail).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')} `));
    expect(await heights(gateway)).toEqual(before);
  });

  it('refuses a monitor that names a secret, never echoing it', async () => {
    const monitor = {
      ...(awsService('x').monitor as object),
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    };
    const response = await gateway.request('POST', services, {
      as: 'aws-ops',
      body: awsService('reg-secret', { monitor }),
    });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('service.monitor.secretAccessKey');
    expect(response.text).not.toContain('wJalrXUtnFEMI');
  });
});

describe('GET /api/channels/{channel}/services', () => {
  it("lists the caller organisation's services a page at a time", async () => {
    for (const key of ['page-a', 'page-b', 'page-c']) await register(key);
    const seen: string[] = [];
    let bookmark = '';
    for (let pages = 0; pages < 20; pages += 1) {
      const response = await gateway.request(
        'GET',
        `${services}?pageSize=2${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
        { as: 'consumer-alice' },
      );
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.items.map((item: { key: string }) => item.key));
      bookmark = response.body.bookmark;
      if (bookmark === '' || response.body.items.length === 0) break;
    }
    expect(seen).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists nothing of channel-aws to an organisation that is not on it', async () => {
    const response = await gateway.request('GET', '/api/channels/channel-azure/services', {
      as: 'aws-ops',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], bookmark: '' });
  });
});

describe('GET and PUT /api/channels/{channel}/services/{serviceKey}', () => {
  it('measures the next closed window up to now minus the settle lag, then reports availability and credit so far', async () => {
    await register('measured-1');
    const outageFrom = START + 600;
    gateway.readings.set('measured-1', (t) => (t >= outageFrom && t < outageFrom + 300 ? 1 : 0));
    const early = await gateway.request('PUT', `${services}/measured-1`, { as: 'aws-ops' });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ measurement: null, upToDate: true });

    gateway.advance(3600);
    const measured = await gateway.request('PUT', `${services}/measured-1`, {
      as: 'consumer-alice',
    });
    expect(measured.status).toBe(200);
    // now = START + 3600, settle lag 600 s: periods [START, START + 3000) are closed, 50 of them.
    expect(measured.body.measurement).toMatchObject({
      serviceKey: 'measured-1',
      start: START,
      end: START + 3000,
      available: 45,
      unavailable: 5,
    });
    expect(measured.body.upToDate).toBe(true);
    // 45 / 50 = 9000 bp: below 9500, the 100 % tier; 9000 is above the 7500 full-refund threshold.
    expect(measured.body.service.soFar).toEqual({
      availabilityBp: 9000,
      promisedAvailabilityBp: 9999,
      creditBp: 10000,
      fullRefund: false,
    });

    const again = await gateway.request('PUT', `${services}/measured-1`, { as: 'aws-ops' });
    expect(again.body.measurement).toBeNull();

    const read = await gateway.request('GET', `${services}/measured-1`, { as: 'alice-viewer' });
    expect(read.status).toBe(200);
    expect(read.body.meter).toMatchObject({
      measuredUntil: START + 3000,
      available: 45,
      unavailable: 5,
      availabilityBp: 9000,
    });
    expect(read.body.soFar.creditBp).toBe(10000);
    gateway.advance(-3600);
  });

  it('catches up one window of at most 200 periods per call and says whether it is up to date', async () => {
    await register('catch-up');
    gateway.advance(6 * 3600);
    const first = await gateway.request('PUT', `${services}/catch-up`, { as: 'aws-ops' });
    expect(first.body.measurement).toMatchObject({ start: START, end: START + 200 * 60 });
    expect(first.body.upToDate).toBe(false);
    gateway.advance(-6 * 3600);
  });

  it('answers 404 for a service that does not exist and 403 to a non-party', async () => {
    const missing = await gateway.request('GET', `${services}/no-such-service`, {
      as: 'consumer-alice',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:sla-ledger:problem:not-found');
    await gateway.request('POST', '/api/channels/channel-market/services', {
      as: 'aws-ops',
      body: awsService('market-svc'),
    });
    const other = await gateway.request('GET', '/api/channels/channel-market/services/market-svc', {
      as: 'azure-ops',
    });
    expect(other.status).toBe(403);
    const measure = await gateway.request(
      'PUT',
      '/api/channels/channel-market/services/market-svc',
      {
        as: 'azure-ops',
      },
    );
    expect(measure.status).toBe(403);
  });
});

describe('GET /api/channels/{channel}/services/{serviceKey}/measurements', () => {
  it('pages through measured windows, oldest first', async () => {
    await register('history-1');
    for (let hour = 1; hour <= 3; hour += 1) {
      gateway.advance(3600);
      const measured = await gateway.request('PUT', `${services}/history-1`, { as: 'aws-ops' });
      expect(measured.status).toBe(200);
    }
    gateway.advance(-3 * 3600);
    const records: Array<{ start: number; verdicts: string }> = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await gateway.request(
        'GET',
        `${services}/history-1/measurements?pageSize=2${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
        { as: 'consumer-bob' },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      records.push(...page.body.items);
      bookmark = page.body.items.length === 0 ? '' : page.body.bookmark;
      pages += 1;
    } while (bookmark !== '' && pages < 10);
    expect(pages).toBeGreaterThan(1);
    const starts = records.map((record) => record.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[0]).toBe(START);
    // Three windows of 50, 60 and 60 periods (records are cut at 200-period block boundaries).
    expect(records.reduce((sum, record) => sum + record.verdicts.length, 0)).toBe(170);
  });
});
