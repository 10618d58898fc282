import { accountOf, heights, startGateway, type Gateway } from '../support/gateway';

let gateway: Gateway;
let alice: string;
let bob: string;
beforeAll(async () => {
  gateway = await startGateway();
  alice = await accountOf(gateway, 'consumer-alice', 'channel-aws');
  bob = await accountOf(gateway, 'consumer-bob', 'channel-aws');
});
afterAll(() => gateway.close());

const accounts = '/api/channels/channel-aws/accounts';
const path = (account: string, ...rest: string[]) =>
  [accounts, encodeURIComponent(account), ...rest].join('/');

it("GET /accounts/mine answers the caller's account id and balance", async () => {
  const response = await gateway.request('GET', `${accounts}/mine`, { as: 'alice-viewer' });
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({
    accountId: alice,
    mspId: 'ConsumerOrgMSP',
    balance: '0',
    issuer: false,
  });
});

it('mints into an account (an issuer only), which collects what arrived and transfers it', async () => {
  const minted = await gateway.request('POST', path(alice, 'mints'), {
    as: 'consumer-treasury',
    body: { amount: '1500' },
  });
  expect(minted.status).toBe(201);
  expect(minted.body).toEqual({ accountId: alice, minted: '1500' });

  const balance = await gateway.request('GET', path(alice), { as: 'consumer-alice' });
  expect(balance.status).toBe(200);
  expect(balance.body).toEqual({
    accountId: alice,
    balance: '1500',
    spendable: '0',
    arriving: '1500',
  });

  const early = await gateway.request('POST', `${accounts}/mine/transfers`, {
    as: 'consumer-alice',
    body: { to: bob, amount: '100' },
  });
  expect(early.status).toBe(409);
  expect(early.body.type).toBe('urn:sla-ledger:problem:failed-precondition');

  const collected = await gateway.request('POST', `${accounts}/mine/collections`, {
    as: 'consumer-alice',
  });
  expect(collected.status).toBe(201);
  expect(collected.body).toMatchObject({ collected: '1500', more: false, spendable: '1500' });

  const sent = await gateway.request('POST', `${accounts}/mine/transfers`, {
    as: 'consumer-alice',
    body: { to: bob, amount: '100' },
  });
  expect(sent.status).toBe(201);
  expect(sent.body).toEqual({ from: alice, to: bob, amount: '100' });
  const bobs = await gateway.request('GET', path(bob), { as: 'consumer-bob' });
  expect(bobs.body).toMatchObject({ arriving: '100' });
});

it('answers 403 when an identity that is not an issuer mints, and to a balance of another organisation', async () => {
  const before = await heights(gateway);
  const minted = await gateway.request('POST', path(alice, 'mints'), {
    as: 'consumer-alice',
    body: { amount: '5' },
  });
  expect(minted.status).toBe(403);
  expect(minted.body.type).toBe('urn:sla-ledger:problem:forbidden');
  expect(await heights(gateway)).toEqual(before);
  const other = await gateway.request('GET', path(alice), { as: 'aws-ops' });
  expect(other.status).toBe(403);
});

it.each([
  [{ amount: '-5' }, 'amount'],
  [{ amount: 5 }, 'amount'],
  [{ amount: '0' }, 'amount'],
  [{ amount: '01' }, 'amount'],
  [{}, 'amount'],
  [{ amount: '5', extra: true }, 'extra'],
])('answers 400 to a mint of %j, naming %s', async (body, field) => {
  const before = await heights(gateway);
  const response = await gateway.request('POST', path(alice, 'mints'), {
    as: 'consumer-treasury',
    body,
  });
  expect(response.status).toBe(400);
  expect(response.body.field).toBe(field);
  expect(await heights(gateway)).toEqual(before);
});

it.each([
  ['an account id without its MSP', () => ({ to: 'nobody', amount: '1' }), 'to'],
  ['a fractional amount', () => ({ to: bob, amount: '1.5' }), 'amount'],
  ['no recipient', () => ({ amount: '1' }), 'to'],
])('answers 400 to a transfer to %s, naming the field', async (_case, body, field) => {
  const response = await gateway.request('POST', `${accounts}/mine/transfers`, {
    as: 'consumer-alice',
    body: body(),
  });
  expect(response.status).toBe(400);
  expect(response.body.field).toBe(field);
});
