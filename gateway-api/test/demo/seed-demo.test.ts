import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlaClient, embeddedLedger, type LedgerPort } from '../../src';
import { demoConsortium } from '../../src/demo/demo-consortium';
import { seedDemo } from '../../src/demo/seed-demo';
import { startLocalMonitoring, type LocalMonitoring } from '../../src/demo/local-monitoring';

const NOW = Date.parse('2026-11-25T12:00:00Z') / 1000;

describe('the demo ledger', () => {
  let monitoring: LocalMonitoring;
  let ledger: LedgerPort;
  beforeAll(async () => {
    monitoring = await startLocalMonitoring({
      directory: mkdtempSync(join(tmpdir(), 'sla-seed-')),
      now: NOW,
    });
    ledger = embeddedLedger({
      consortium: demoConsortium(monitoring.environments),
      clock: () => new Date(NOW * 1000),
    });
  });
  afterAll(async () => {
    await ledger.close();
    await monitoring.stop();
  });

  it('holds the demo consortium once seeded, and is seeded only once', async () => {
    await expect(seedDemo(ledger, NOW)).resolves.toBe('seeded');
    await expect(seedDemo(ledger, NOW)).resolves.toBe('kept');
    const alice = new SlaClient(ledger, 'channel-aws', 'consumer-alice');
    const offers = await alice.listOffers();
    expect(offers.items.map((offer) => [offer.offerId, offer.price.model])).toEqual([
      ['jitsi-dynamic', 'dynamic'],
      ['jitsi-fixed', 'fixed'],
      ['jitsi-flexible', 'flexible-period'],
      ['jitsi-minutes', 'prepaid-minutes'],
    ]);
    await expect(alice.getAgreement('call-1')).resolves.toMatchObject({ phase: 'running' });
    const market = await alice.as('consumer-alice', 'channel-market').getOffer('federated-jitsi');
    expect(market).toMatchObject({
      acceptable: true,
      providers: [{ shareBp: 6000 }, { shareBp: 4000 }],
    });
    await expect(
      alice.as('azure-ops', 'channel-azure').getService('jitsi-we-1'),
    ).resolves.toMatchObject({
      status: 'active',
    });
  });
});
