import { apiRoutes } from '../../src';
import { AWS, AZURE } from '../support/consortium';
import { accountOf, awsService, heights, startGateway, type Gateway } from '../support/gateway';
import { describeRoute } from '../support/route-samples';

/**
 * For every route the chaincode guards, an identity it refuses gets 403 —
 * a problem document — and nothing changes on the ledger. Records exist
 * on channel-market (three organisations, so there is always an outsider).
 */
const market = '/api/channels/channel-market';
let gateway: Gateway;
let alice: string;

beforeAll(async () => {
  gateway = await startGateway();
  const ok = async (method: string, path: string, as: string, body?: unknown) => {
    const response = await gateway.request(method, path, {
      as,
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBeLessThan(300);
  };
  alice = await accountOf(gateway, 'consumer-alice', 'channel-market');
  await gateway.client('consumer-treasury', 'channel-market').mint(alice, '10000');
  await gateway.client('consumer-alice', 'channel-market').collect();
  await ok('POST', `${market}/services`, 'aws-ops', awsService('g-svc'));
  await ok('POST', '/aws/services', 'aws-ops', awsService('g-aws-svc'));
  const offer = { model: 'fixed', price: '100', maxPeriodSeconds: 3600 };
  await ok('POST', `${market}/offers`, 'aws-ops', {
    offerId: 'g-offer',
    services: ['g-svc'],
    ...offer,
  });
  const shared = {
    offerId: 'g-shared',
    ...offer,
    providers: [
      { mspId: AWS, shareBp: 6000 },
      { mspId: AZURE, shareBp: 4000 },
    ],
  };
  await ok('POST', `${market}/offers`, 'aws-ops', shared);
  await ok('POST', `${market}/offers/g-shared/approvals`, 'azure-ops', { shareBp: 4000 });
  const version = (
    await gateway.request('GET', `${market}/offers/g-offer`, { as: 'consumer-alice' })
  ).body.version;
  await ok('POST', `${market}/agreements`, 'consumer-alice', {
    offerId: 'g-offer',
    offerVersion: version,
    agreementId: 'g-agr',
  });
  await ok('POST', `${market}/agreements/g-agr/sessions`, 'aws-ops', {
    sessionId: 'g-sess',
    placement: { cluster: 'eks-eu-1', region: 'eu-west-1' },
  });
  await ok('POST', `${market}/proposals`, 'aws-ops', {
    proposalId: 'g-prop',
    offerId: 'g-shared',
    change: { type: 'withdraw' },
  });
});
afterAll(() => gateway.close());

const agr = `${market}/agreements/g-agr`;
const rows: Array<
  [operation: string, method: string, path: () => string, as: string, body?: unknown]
> = [
  ['registerService', 'POST', () => `${market}/services`, 'azure-ops', awsService('g-other')],
  ['getService', 'GET', () => `${market}/services/g-svc`, 'azure-ops'],
  ['measureService', 'PUT', () => `${market}/services/g-svc`, 'azure-ops'],
  ['listMeasurements', 'GET', () => `${market}/services/g-svc/measurements`, 'azure-ops'],
  ['getBalance', 'GET', () => `${market}/accounts/${encodeURIComponent(alice)}`, 'aws-ops'],
  [
    'mint',
    'POST',
    () => `${market}/accounts/${encodeURIComponent(alice)}/mints`,
    'consumer-alice',
    { amount: '1' },
  ],
  [
    'createOffer',
    'POST',
    () => `${market}/offers`,
    'consumer-alice',
    {
      offerId: 'g-x',
      model: 'fixed',
      price: '1',
      maxPeriodSeconds: 3600,
      providers: [{ mspId: AWS, shareBp: 10000 }],
    },
  ],
  ['getOffer', 'GET', () => `${market}/offers/g-offer`, 'azure-ops'],
  [
    'approveOffer',
    'POST',
    () => `${market}/offers/g-shared/approvals`,
    'consumer-alice',
    { shareBp: 1000 },
  ],
  ['withdrawOffer', 'POST', () => `${market}/offers/g-offer/withdrawal`, 'consumer-alice'],
  [
    'acceptOffer',
    'POST',
    () => `${market}/agreements`,
    'aws-ops',
    { offerId: 'g-offer', offerVersion: 1, agreementId: 'g-own' },
  ],
  ['getAgreement', 'GET', () => agr, 'azure-ops'],
  ['stopAgreement', 'POST', () => `${agr}/stop`, 'consumer-bob'],
  ['settleAgreement', 'POST', () => `${agr}/settlement`, 'azure-ops'],
  ['resolveDispute', 'POST', () => `${agr}/resolutions`, 'azure-ops', { creditBp: 0 }],
  [
    'startSession',
    'POST',
    () => `${agr}/sessions`,
    'azure-ops',
    { sessionId: 'g-s2', placement: { cluster: 'c', region: 'r' } },
  ],
  ['listSessions', 'GET', () => `${agr}/sessions`, 'azure-ops'],
  ['getSession', 'GET', () => `${agr}/sessions/g-sess`, 'azure-ops'],
  ['stopSession', 'POST', () => `${agr}/sessions/g-sess/stop`, 'azure-ops'],
  [
    'propose',
    'POST',
    () => `${market}/proposals`,
    'consumer-alice',
    { proposalId: 'g-p2', offerId: 'g-shared', change: { type: 'withdraw' } },
  ],
  ['getProposal', 'GET', () => `${market}/proposals/g-prop`, 'consumer-alice'],
  ['vote', 'POST', () => `${market}/proposals/g-prop/votes`, 'consumer-alice', { approve: true }],
  ['decide', 'POST', () => `${market}/proposals/g-prop/decision`, 'consumer-alice'],
  [
    'legacy_aws_services_registerService',
    'POST',
    () => '/aws/services',
    'azure-ops',
    awsService('g-aws-other'),
  ],
  ['legacy_aws_services_getService', 'GET', () => '/aws/services/g-aws-svc', 'azure-ops'],
  ['legacy_aws_services_measureService', 'PUT', () => '/aws/services/g-aws-svc', 'azure-ops'],
];

/** As objects: Jest would take a fifth argument missing from a row for a `done` callback. */
const cases = rows.map(([operation, method, path, as, body]) => ({
  operation,
  method,
  path,
  as,
  body,
}));

/** Routes open to any identity the token names: nothing for the chaincode to refuse. */
const OPEN_TO_ANY_IDENTITY = [
  'listChannels',
  'listServices',
  'myAccount',
  'transfer',
  'collect',
  'listOffers',
  'listAgreements',
  'legacy_aws_services_listServices',
  'legacy_azure_services_listServices',
];
/** The same handlers as the /aws ones, on channel-azure. */
const SAME_AS_AWS = [
  'legacy_azure_services_registerService',
  'legacy_azure_services_getService',
  'legacy_azure_services_measureService',
];

it('covers every route the chaincode guards', () => {
  const covered = new Set([
    ...cases.map((entry) => entry.operation),
    ...OPEN_TO_ANY_IDENTITY,
    ...SAME_AS_AWS,
  ]);
  expect(
    apiRoutes()
      .filter((route) => !covered.has(route.doc.operationId))
      .map(describeRoute),
  ).toEqual([]);
});

it.each(cases)(
  '$operation answers 403 to an identity the chaincode refuses, changing nothing',
  async ({ method, path, as, body }) => {
    const before = await heights(gateway);
    const response = await gateway.request(method, path(), {
      as,
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: 'urn:sla-ledger:problem:forbidden', status: 403 });
    expect(await heights(gateway)).toEqual(before);
  },
);
