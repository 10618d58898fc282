import { AWS, AZURE } from '../support/consortium';
import { heights, startGateway, type Gateway } from '../support/gateway';

let gateway: Gateway;
const market = '/api/channels/channel-market';
beforeAll(async () => {
  gateway = await startGateway();
  const created = await gateway.request('POST', `${market}/offers`, {
    as: 'aws-ops',
    body: {
      offerId: 'gov-1',
      model: 'fixed',
      price: '1000',
      maxPeriodSeconds: 3600,
      providers: [
        { mspId: AWS, shareBp: 6000 },
        { mspId: AZURE, shareBp: 4000 },
      ],
    },
  });
  expect(created.status).toBe(201);
});
afterAll(() => gateway.close());

const evenShares = {
  type: 'change-shares',
  shares: [
    { mspId: AWS, shareBp: 5000 },
    { mspId: AZURE, shareBp: 5000 },
  ],
};

it("proposes a change, takes each provider's vote and applies it when decided", async () => {
  const proposed = await gateway.request('POST', `${market}/proposals`, {
    as: 'aws-ops',
    body: { proposalId: 'even', offerId: 'gov-1', change: evenShares, threshold: 'unanimity' },
  });
  expect(proposed.status).toBe(201);
  expect(proposed.headers.get('location')).toBe('/api/channels/channel-market/proposals/even');
  expect(proposed.body).toMatchObject({ proposalId: 'even', status: 'open', voters: [AWS, AZURE] });

  for (const voter of ['aws-ops', 'azure-ops']) {
    const vote = await gateway.request('POST', `${market}/proposals/even/votes`, {
      as: voter,
      body: { approve: true },
    });
    expect(vote.status).toBe(201);
  }
  const again = await gateway.request('POST', `${market}/proposals/even/votes`, {
    as: 'azure-ops',
    body: { approve: false },
  });
  expect(again.status).toBe(409);

  const read = await gateway.request('GET', `${market}/proposals/even`, { as: 'azure-ops' });
  expect(read.status).toBe(200);
  expect(read.body.ballots.map((ballot: { approve: boolean }) => ballot.approve)).toEqual([
    true,
    true,
  ]);

  const decided = await gateway.request('POST', `${market}/proposals/even/decision`, {
    as: 'azure-ops',
  });
  expect(decided.status).toBe(200);
  expect(decided.body.status).toBe('passed');
  const offer = await gateway.request('GET', `${market}/offers/gov-1`, { as: 'aws-ops' });
  expect(offer.body.providers.map((provider: { shareBp: number }) => provider.shareBp)).toEqual([
    5000, 5000,
  ]);
});

it('answers 403 to a proposal by an organisation that does not provide the offer', async () => {
  const before = await heights(gateway);
  const response = await gateway.request('POST', `${market}/proposals`, {
    as: 'consumer-alice',
    body: { proposalId: 'outsider', offerId: 'gov-1', change: { type: 'withdraw' } },
  });
  expect(response.status).toBe(403);
  expect(await heights(gateway)).toEqual(before);
});

it.each([
  [{ proposalId: 'p', offerId: 'gov-1', change: { type: 'merge' } }, 'proposal.change.type'],
  [
    { proposalId: 'p', offerId: 'gov-1', change: evenShares, threshold: 'most' },
    'proposal.threshold',
  ],
  [
    { proposalId: 'p', offerId: 'gov-1', change: evenShares, deadline: 'tomorrow' },
    'proposal.deadline',
  ],
  [
    {
      proposalId: 'p',
      offerId: 'gov-1',
      change: { ...evenShares, shares: [{ mspId: AWS, shareBp: 9000 }] },
    },
    'proposal.change.shares',
  ],
])('answers 400 to %j naming %s', async (body, field) => {
  const response = await gateway.request('POST', `${market}/proposals`, { as: 'aws-ops', body });
  expect(response.status).toBe(400);
  expect(response.body.field).toBe(field);
});

it('answers 400 to a vote that is not a boolean and 404 to one on no proposal', async () => {
  const bad = await gateway.request('POST', `${market}/proposals/even/votes`, {
    as: 'aws-ops',
    body: { approve: 'yes' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.field).toBe('approve');
  const missing = await gateway.request('POST', `${market}/proposals/nothing/votes`, {
    as: 'aws-ops',
    body: { approve: true },
  });
  expect(missing.status).toBe(404);
  const decideMissing = await gateway.request('POST', `${market}/proposals/nothing/decision`, {
    as: 'aws-ops',
  });
  expect(decideMissing.status).toBe(404);
});
