import { AWS, AZURE } from '../support/consortium';
import { accountOf, awsService, heights, startGateway, type Gateway } from '../support/gateway';

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway();
  const alice = await accountOf(gateway, 'consumer-alice', 'channel-aws');
  await gateway.client('consumer-treasury', 'channel-aws').mint(alice, '100000');
  await gateway.client('consumer-alice', 'channel-aws').collect();
  const marketAlice = await accountOf(gateway, 'consumer-alice', 'channel-market');
  await gateway.client('consumer-treasury', 'channel-market').mint(marketAlice, '100000');
  await gateway.client('consumer-alice', 'channel-market').collect();
});
afterAll(() => gateway.close());

const aws = '/api/channels/channel-aws';
const market = '/api/channels/channel-market';

async function registerService(key: string) {
  expect(
    (await gateway.request('POST', `${aws}/services`, { as: 'aws-ops', body: awsService(key) }))
      .status,
  ).toBe(201);
}

async function createOffer(offerId: string, terms: Record<string, unknown> = {}, channel = aws) {
  const response = await gateway.request('POST', `${channel}/offers`, {
    as: 'aws-ops',
    body: { offerId, model: 'fixed', price: '1000', maxPeriodSeconds: 3600, ...terms },
  });
  expect(response.status).toBe(201);
  return response;
}

async function accept(offerId: string, agreementId: string, channel = aws) {
  const offer = await gateway.request('GET', `${channel}/offers/${offerId}`, {
    as: 'consumer-alice',
  });
  return gateway.request('POST', `${channel}/agreements`, {
    as: 'consumer-alice',
    body: { offerId, offerVersion: offer.body.version, agreementId },
  });
}

describe('offers', () => {
  it('creates an offer (201, location), reads and lists it', async () => {
    await registerService('offer-svc');
    const created = await createOffer('offer-1', { services: ['offer-svc'] });
    expect(created.headers.get('location')).toBe('/api/channels/channel-aws/offers/offer-1');
    expect(created.body).toMatchObject({
      offerId: 'offer-1',
      status: 'open',
      acceptable: true,
      awaitingApproval: [],
    });
    const read = await gateway.request('GET', `${aws}/offers/offer-1`, { as: 'alice-viewer' });
    expect(read.status).toBe(200);
    expect(read.body.version).toBe(created.body.version);
    const listed = await gateway.request('GET', `${aws}/offers?pageSize=50`, {
      as: 'consumer-alice',
    });
    expect(listed.body.items.map((offer: { offerId: string }) => offer.offerId)).toContain(
      'offer-1',
    );
  });

  it('answers 403 to an offer its creator does not provide, and 400 naming a bad term', async () => {
    const forbidden = await gateway.request('POST', `${aws}/offers`, {
      as: 'consumer-alice',
      body: {
        offerId: 'not-mine',
        model: 'fixed',
        price: '1',
        maxPeriodSeconds: 3600,
        providers: [{ mspId: AWS, shareBp: 10000 }],
      },
    });
    expect(forbidden.status).toBe(403);
    const before = await heights(gateway);
    const bad = await gateway.request('POST', `${aws}/offers`, {
      as: 'aws-ops',
      body: {
        offerId: 'bad',
        model: 'fixed',
        price: '1',
        pricePerMinute: '1',
        maxPeriodSeconds: 3600,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('offer.pricePerMinute');
    expect(bad.body.detail).toBe('offer.pricePerMinute does not apply to the fixed pricing model');
    expect(await heights(gateway)).toEqual(before);
  });

  it("takes each other provider's approval before the offer can be accepted", async () => {
    await createOffer(
      'shared-1',
      {
        providers: [
          { mspId: AWS, shareBp: 6000 },
          { mspId: AZURE, shareBp: 4000 },
        ],
      },
      market,
    );
    const early = await accept('shared-1', 'shared-early', market);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain(AZURE);
    const badShare = await gateway.request('POST', `${market}/offers/shared-1/approvals`, {
      as: 'azure-ops',
      body: { shareBp: 10001 },
    });
    expect(badShare.status).toBe(400);
    expect(badShare.body.field).toBe('approval.shareBp');
    const approved = await gateway.request('POST', `${market}/offers/shared-1/approvals`, {
      as: 'azure-ops',
      body: { shareBp: 4000 },
    });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ acceptable: true, awaitingApproval: [] });
    expect((await accept('shared-1', 'shared-ok', market)).status).toBe(201);
  });

  it('withdraws an offer; acceptance is refused after', async () => {
    await createOffer('to-withdraw');
    const withdrawn = await gateway.request('POST', `${aws}/offers/to-withdraw/withdrawal`, {
      as: 'aws-ops',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await accept('to-withdraw', 'too-late')).status).toBe(409);
    const again = await gateway.request('POST', `${aws}/offers/to-withdraw/withdrawal`, {
      as: 'consumer-alice',
    });
    expect(again.status).toBe(403);
  });
});

describe('agreements', () => {
  it('accepts the offer version read; a stale version is refused with 409 and nothing changes', async () => {
    await createOffer('versioned');
    const before = await heights(gateway);
    const stale = await gateway.request('POST', `${aws}/agreements`, {
      as: 'consumer-alice',
      body: { offerId: 'versioned', offerVersion: 99, agreementId: 'stale' },
    });
    expect(stale.status).toBe(409);
    expect(await heights(gateway)).toEqual(before);
    const bad = await gateway.request('POST', `${aws}/agreements`, {
      as: 'consumer-alice',
      body: { offerId: 'versioned', offerVersion: 0, agreementId: 'v0' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('offerVersion');
    const accepted = await accept('versioned', 'versioned-1');
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('location')).toBe(
      '/api/channels/channel-aws/agreements/versioned-1',
    );
    expect(accepted.body).toMatchObject({
      agreementId: 'versioned-1',
      phase: 'running',
      deposit: '1000',
    });
    const twice = await accept('versioned', 'versioned-1');
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('urn:sla-ledger:problem:already-exists');
  });

  it('shows measured coverage while running, then stops, and settles once measured to the end', async () => {
    await registerService('cov-svc');
    await createOffer('cov-offer', { services: ['cov-svc'] });
    const accepted = await accept('cov-offer', 'cov-1');
    expect(accepted.body.coverage).toEqual([
      expect.objectContaining({
        serviceKey: 'cov-svc',
        periods: 0,
        measuredPeriods: 0,
        coverageBp: 10000,
      }),
    ]);
    gateway.advance(1800);
    const running = await gateway.request('GET', `${aws}/agreements/cov-1`, { as: 'aws-ops' });
    expect(running.status).toBe(200);
    expect(running.body.coverage[0]).toMatchObject({
      periods: 30,
      measuredPeriods: 0,
      coverageBp: 0,
    });
    await gateway.request('PUT', `${aws}/services/cov-svc`, { as: 'aws-ops' });
    const measured = await gateway.request('GET', `${aws}/agreements/cov-1`, {
      as: 'consumer-alice',
    });
    // measured up to now − 600 s: 20 of the 30 periods.
    expect(measured.body.coverage[0]).toMatchObject({
      periods: 30,
      measuredPeriods: 20,
      coverageBp: 6666,
    });
    expect(measured.body.missing).toBeUndefined();

    const notYours = await gateway.request('POST', `${aws}/agreements/cov-1/stop`, {
      as: 'consumer-bob',
    });
    expect(notYours.status).toBe(403);
    const stopped = await gateway.request('POST', `${aws}/agreements/cov-1/stop`, {
      as: 'consumer-alice',
    });
    expect(stopped.status).toBe(200);
    expect(stopped.body.phase).toBe('stopped');
    const again = await gateway.request('POST', `${aws}/agreements/cov-1/stop`, {
      as: 'consumer-alice',
    });
    expect(again.status).toBe(409);

    const waiting = await gateway.request('POST', `${aws}/agreements/cov-1/settlement`, {
      as: 'consumer-alice',
    });
    expect(waiting.status).toBe(409);
    expect(waiting.body.detail).toContain('cov-svc');
    gateway.advance(600);
    await gateway.request('PUT', `${aws}/services/cov-svc`, { as: 'aws-ops' });
    const settled = await gateway.request('POST', `${aws}/agreements/cov-1/settlement`, {
      as: 'aws-ops',
    });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      phase: 'settled',
      settlement: { charge: '1000', credit: '0' },
    });
    expect(settled.body.coverage[0]).toMatchObject({
      periods: 30,
      measuredPeriods: 30,
      coverageBp: 10000,
    });
  });

  it('records a dispute when a service went unmeasured, shows what is missing, and settles once every party resolved', async () => {
    await registerService('quiet-svc');
    await createOffer('strict', {
      services: ['quiet-svc'],
      settlementGraceSeconds: 0,
      minCoverageBp: 10000,
    });
    await accept('strict', 'strict-1');
    gateway.advance(600);
    await gateway.request('POST', `${aws}/agreements/strict-1/stop`, { as: 'consumer-alice' });
    gateway.advance(600);
    const disputed = await gateway.request('POST', `${aws}/agreements/strict-1/settlement`, {
      as: 'consumer-alice',
    });
    expect(disputed.status).toBe(200);
    expect(disputed.body.phase).toBe('disputed');
    const read = await gateway.request('GET', `${aws}/agreements/strict-1`, { as: 'aws-ops' });
    expect(read.body.missing).toEqual([
      expect.objectContaining({ serviceKey: 'quiet-svc', periods: 10 }),
    ]);
    const outsider = await gateway.request('POST', `${aws}/agreements/strict-1/resolutions`, {
      as: 'consumer-alice',
      body: { creditBp: 20000 },
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.field).toBe('creditBp');
    const consumer = await gateway.request('POST', `${aws}/agreements/strict-1/resolutions`, {
      as: 'consumer-alice',
      body: { creditBp: 5000 },
    });
    expect(consumer.status).toBe(200);
    expect(consumer.body.phase).toBe('disputed');
    const provider = await gateway.request('POST', `${aws}/agreements/strict-1/resolutions`, {
      as: 'aws-ops',
      body: { creditBp: 5000 },
    });
    expect(provider.status).toBe(200);
    expect(provider.body).toMatchObject({
      phase: 'settled',
      settlement: { decidedBy: 'parties', creditBp: 5000 },
    });
    const notDisputed = await gateway.request('POST', `${aws}/agreements/strict-1/resolutions`, {
      as: 'aws-ops',
      body: { creditBp: 5000 },
    });
    expect(notDisputed.status).toBe(409);
  });

  it('lists agreements filtered by phase and offer, a page at a time', async () => {
    await createOffer('listed');
    for (const id of ['listed-1', 'listed-2', 'listed-3'])
      expect((await accept('listed', id)).status).toBe(201);
    const ids: string[] = [];
    let bookmark = '';
    let pages = 0;
    do {
      const page = await gateway.request(
        'GET',
        `${aws}/agreements?offerId=listed&phase=running&pageSize=2${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`,
        { as: 'consumer-alice' },
      );
      expect(page.status).toBe(200);
      ids.push(
        ...page.body.items.map((agreement: { agreementId: string }) => agreement.agreementId),
      );
      for (const agreement of page.body.items) expect(agreement.coverage).toEqual([]);
      bookmark = page.body.items.length === 0 ? '' : page.body.bookmark;
      pages += 1;
    } while (bookmark !== '' && pages < 20);
    expect(ids.sort()).toEqual(['listed-1', 'listed-2', 'listed-3']);
    const settled = await gateway.request('GET', `${aws}/agreements?phase=settled&offerId=listed`, {
      as: 'consumer-alice',
    });
    expect(settled.body.items).toEqual([]);
    const badPhase = await gateway.request('GET', `${aws}/agreements?phase=finished`, {
      as: 'consumer-alice',
    });
    expect(badPhase.status).toBe(400);
    expect(badPhase.body.field).toBe('phase');
  });

  it('answers 404 for an agreement that does not exist', async () => {
    const response = await gateway.request('GET', `${aws}/agreements/nothing-here`, {
      as: 'consumer-alice',
    });
    expect(response.status).toBe(404);
  });
});

describe('sessions', () => {
  beforeAll(async () => {
    await createOffer('meetings', { constraints: { regions: ['eu-west-1'] } });
    expect((await accept('meetings', 'meet-1')).status).toBe(201);
  });
  const sessions = `${aws}/agreements/meet-1/sessions`;

  it('starts, lists, reads and stops a session', async () => {
    const started = await gateway.request('POST', sessions, {
      as: 'aws-ops',
      body: { sessionId: 'call-1', placement: { cluster: 'eks-eu-1', region: 'eu-west-1' } },
    });
    expect(started.status).toBe(201);
    expect(started.headers.get('location')).toBe(
      '/api/channels/channel-aws/agreements/meet-1/sessions/call-1',
    );
    expect(started.body).toMatchObject({ sessionId: 'call-1', placement: { cluster: 'eks-eu-1' } });
    await gateway.request('POST', sessions, {
      as: 'aws-ops',
      body: { sessionId: 'call-2', placement: { cluster: 'eks-eu-1', region: 'eu-west-1' } },
    });
    const page = await gateway.request('GET', `${sessions}?pageSize=1`, { as: 'consumer-alice' });
    expect(page.body.items).toHaveLength(1);
    const next = await gateway.request(
      'GET',
      `${sessions}?pageSize=1&bookmark=${encodeURIComponent(page.body.bookmark)}`,
      {
        as: 'consumer-alice',
      },
    );
    expect(
      [...page.body.items, ...next.body.items]
        .map((item: { sessionId: string }) => item.sessionId)
        .sort(),
    ).toEqual(['call-1', 'call-2']);
    const one = await gateway.request('GET', `${sessions}/call-2`, { as: 'alice-viewer' });
    expect(one.status).toBe(200);
    expect(one.body.sessionId).toBe('call-2');
    gateway.advance(120);
    const stopped = await gateway.request('POST', `${sessions}/call-1/stop`, { as: 'aws-ops' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.stoppedAt - stopped.body.startedAt).toBe(120);
    const twice = await gateway.request('POST', `${sessions}/call-1/stop`, { as: 'aws-ops' });
    expect(twice.status).toBe(409);
  });

  it('refuses a placement outside the constraints (409) and a malformed one (400)', async () => {
    const outside = await gateway.request('POST', sessions, {
      as: 'aws-ops',
      body: { sessionId: 'call-us', placement: { cluster: 'eks-us-1', region: 'us-east-1' } },
    });
    expect(outside.status).toBe(409);
    const malformed = await gateway.request('POST', sessions, {
      as: 'aws-ops',
      body: { sessionId: 'call-x', placement: { cluster: 'eks-eu-1' } },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.field).toBe('placement.region');
  });

  it('answers 404 for a session that does not exist', async () => {
    const missing = await gateway.request('GET', `${sessions}/no-call`, { as: 'consumer-alice' });
    expect(missing.status).toBe(404);
    const stop = await gateway.request('POST', `${sessions}/no-call/stop`, {
      as: 'consumer-alice',
    });
    expect(stop.status).toBe(404);
  });
});
