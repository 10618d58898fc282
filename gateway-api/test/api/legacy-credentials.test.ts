import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { open as openSealed } from '@sla-ledger/chaincode/credentials';
import { AWS, AZURE, CONSUMER } from '../support/consortium';
import { awsService, azureService, heights, startGateway, type Gateway } from '../support/gateway';
import { placesHolding, transactionsScanned } from '../support/secret-scan';

/**
 * The predecessor's routes, and cloud credentials handed to the gateway:
 * they land in the caller organisation's sealed store only — never in
 * world state, history, events, blocks or logs — and the answer names the
 * organisations that must configure the same reference.
 */
let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

function awsKeys() {
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

function withoutRef(service: Record<string, unknown>): Record<string, unknown> {
  const monitor = { ...(service.monitor as Record<string, unknown>) };
  delete monitor.credentialsRef;
  return { ...service, monitor };
}

function storeOf(mspId: string): Record<string, Record<string, string>> {
  const { file, key } = gateway.storeOf(mspId);
  return openSealed(readFileSync(file, 'utf8'), key, file) as unknown as Record<
    string,
    Record<string, string>
  >;
}

async function expectNowhereButTheStore(...secrets: string[]) {
  expect(await transactionsScanned(gateway.ledger)).toBeGreaterThan(0);
  // The scan finds what is there: the refs and keys it looks through do appear.
  expect((await placesHolding(gateway.ledger, 'legacy-1')).length).toBeGreaterThan(0);
  for (const secret of secrets) {
    expect(await placesHolding(gateway.ledger, secret)).toEqual([]);
    expect(gateway.logs()).not.toContain(secret);
    for (const mspId of [CONSUMER, AWS, AZURE]) {
      expect(readFileSync(gateway.storeOf(mspId).file, 'utf8')).not.toContain(secret);
    }
  }
}

describe('the legacy AWS routes', () => {
  const keys = awsKeys();
  let ref: string;

  it("POST /aws/services stores the credentials in the caller organisation's sealed store only and names the others", async () => {
    const response = await gateway.request('POST', '/aws/services', {
      as: 'aws-ops',
      body: { ...withoutRef(awsService('legacy-1')), credentials: keys },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/aws/services/legacy-1');
    expect(response.body.credentialsStored).toEqual({
      credentialsRef: expect.stringMatching(/^legacy-1\.[0-9a-f]{12}$/),
      storedBy: AWS,
      alsoConfigure: [CONSUMER],
    });
    ref = response.body.credentialsStored.credentialsRef;
    expect(response.body.monitors[0].credentialsRef).toBe(ref);
    expect(response.text).not.toContain(keys.secretAccessKey);
    expect(response.text).not.toContain(keys.accessKeyId);

    expect(storeOf(AWS)[ref]).toEqual({ kind: 'aws', ...keys });
    expect(storeOf(CONSUMER)[ref]).toBeUndefined();
    expect(statSync(gateway.storeOf(AWS).file).mode & 0o777).toBe(0o600);
    await expectNowhereButTheStore(keys.secretAccessKey, keys.accessKeyId);
  });

  it('GET /aws/services and /aws/services/{key} read channel-aws', async () => {
    const list = await gateway.request('GET', '/aws/services', { as: 'consumer-alice' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((service: { key: string }) => service.key)).toContain('legacy-1');
    const one = await gateway.request('GET', '/aws/services/legacy-1', { as: 'consumer-alice' });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ key: 'legacy-1', soFar: { creditBp: 0 } });
    const direct = await gateway.request('GET', '/api/channels/channel-aws/services/legacy-1', {
      as: 'aws-ops',
    });
    expect(direct.body.key).toBe('legacy-1');
  });

  it('PUT /aws/services/{key} measures once every organisation named has configured the ref', async () => {
    gateway.advance(3600);
    const refused = await gateway.request('PUT', '/aws/services/legacy-1', { as: 'aws-ops' });
    expect(refused.status).toBe(503);
    expect(refused.body.type).toBe('urn:sla-ledger:problem:oracle-unavailable');
    expect(refused.body.detail).toContain(CONSUMER);
    expect(refused.body.detail).toContain(ref);
    expect(refused.headers.get('retry-after')).not.toBeNull();

    const consumersOwn = awsKeys();
    await gateway.vaults.get(CONSUMER)?.add(ref, { kind: 'aws', ...consumersOwn });
    const measured = await gateway.request('PUT', '/aws/services/legacy-1', { as: 'aws-ops' });
    expect(measured.status).toBe(200);
    expect(measured.body.measurement).toMatchObject({ serviceKey: 'legacy-1', available: 50 });
    gateway.advance(-3600);
    await expectNowhereButTheStore(keys.secretAccessKey, consumersOwn.secretAccessKey);
  });

  it('removes the credentials again when the chaincode refuses the registration', async () => {
    const refsBefore = Object.keys(storeOf(AWS)).sort();
    const before = await heights(gateway);
    const again = awsKeys();
    const response = await gateway.request('POST', '/aws/services', {
      as: 'aws-ops',
      body: { ...withoutRef(awsService('legacy-1')), credentials: again },
    });
    expect(response.status).toBe(409);
    expect(Object.keys(storeOf(AWS)).sort()).toEqual(refsBefore);
    expect(await heights(gateway)).toEqual(before);
    await expectNowhereButTheStore(again.secretAccessKey);
  });

  it.each([
    [
      'without secretAccessKey',
      { accessKeyId: 'AKIAABCDEFGHIJKLMNOP' },
      'credentials.secretAccessKey',
    ],
    ['with an unknown field', { ...awsKeys(), region: 'eu-west-1' }, 'credentials.region'],
    ['that are not an object', 'AKIAABCDEFGHIJKLMNOP', 'credentials'],
    [
      'with a control character',
      { accessKeyId: 'AKIA\u0007', secretAccessKey: 'x' },
      'credentials.accessKeyId',
    ],
  ])(
    'refuses credentials %s with 400, storing and submitting nothing',
    async (_case, credentials, field) => {
      const refsBefore = Object.keys(storeOf(AWS)).sort();
      const before = await heights(gateway);
      const response = await gateway.request('POST', '/aws/services', {
        as: 'aws-ops',
        body: { ...withoutRef(awsService('legacy-bad')), credentials },
      });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect(response.text).not.toContain('AKIA');
      expect(Object.keys(storeOf(AWS)).sort()).toEqual(refsBefore);
      expect(await heights(gateway)).toEqual(before);
    },
  );

  it('refuses a service that holds a secret elsewhere, before storing anything', async () => {
    const refsBefore = Object.keys(storeOf(AWS)).sort();
    const keysInDescription = awsKeys();
    const response = await gateway.request('POST', '/aws/services', {
      as: 'aws-ops',
      body: {
        ...withoutRef(
          awsService('legacy-leak', { description: `key ${keysInDescription.accessKeyId}` }),
        ),
        credentials: awsKeys(),
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('service.description');
    expect(Object.keys(storeOf(AWS)).sort()).toEqual(refsBefore);
    await expectNowhereButTheStore(keysInDescription.accessKeyId);
  });

  it('refuses credentials for no monitor of their kind, and from an organisation that is not a party', async () => {
    const azureKeys = {
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: randomBytes(24).toString('base64'),
    };
    const mismatch = await gateway.request('POST', '/aws/services', {
      as: 'aws-ops',
      body: { ...withoutRef(awsService('legacy-kind')), credentials: azureKeys },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.field).toBe('credentials');
    const refsBefore = Object.keys(storeOf(AZURE)).sort();
    const outsider = await gateway.request('POST', '/api/channels/channel-market/services', {
      as: 'azure-ops',
      body: { ...withoutRef(awsService('legacy-outsider')), credentials: awsKeys() },
    });
    expect(outsider.status).toBe(403);
    expect(Object.keys(storeOf(AZURE)).sort()).toEqual(refsBefore);
  });
});

describe('the legacy Azure routes', () => {
  it('POST /azure/services stores Azure credentials with AzureOrg and names ConsumerOrg', async () => {
    const clientSecret = `Ab1~${randomBytes(24).toString('base64url')}`;
    const response = await gateway.request('POST', '/azure/services', {
      as: 'azure-ops',
      body: {
        ...withoutRef(azureService('vm-legacy')),
        credentials: { tenantId: 'tenant-1', clientId: 'client-1', clientSecret },
      },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/azure/services/vm-legacy');
    const { credentialsRef, storedBy, alsoConfigure } = response.body.credentialsStored;
    expect([storedBy, alsoConfigure]).toEqual([AZURE, [CONSUMER]]);
    expect(storeOf(AZURE)[credentialsRef]).toEqual({
      kind: 'azure',
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret,
    });
    await expectNowhereButTheStore(clientSecret);
    const list = await gateway.request('GET', '/azure/services', { as: 'azure-ops' });
    expect(list.body.items.map((service: { key: string }) => service.key)).toEqual(['vm-legacy']);
    const one = await gateway.request('GET', '/azure/services/vm-legacy', { as: 'consumer-alice' });
    expect(one.status).toBe(200);
    const early = await gateway.request('PUT', '/azure/services/vm-legacy', { as: 'azure-ops' });
    expect(early.status).toBe(200);
    expect(early.body.measurement).toBeNull();
  });
});

describe('the channel route', () => {
  it('takes credentials beside a service the same way', async () => {
    const keys = awsKeys();
    const response = await gateway.request('POST', '/api/channels/channel-aws/services', {
      as: 'consumer-alice',
      body: { ...withoutRef(awsService('consumer-registered')), credentials: keys },
    });
    expect(response.status).toBe(201);
    expect(response.body.credentialsStored).toMatchObject({
      storedBy: CONSUMER,
      alsoConfigure: [AWS],
    });
    expect(storeOf(CONSUMER)[response.body.credentialsStored.credentialsRef]).toMatchObject(keys);
    await expectNowhereButTheStore(keys.secretAccessKey);
  });
});
