import { alignDown } from '@sla-ledger/chaincode/domain';
import type { LedgerPort } from '../ledger/ledger-port';
import { SlaClient } from '../ledger/sla-client';
import { CONSUMER, AWS, AZURE, DEMO_CHANNELS } from './demo-consortium';
import { jitsiOnAzure, jitsiOnEc2 } from './demo-services';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * What a fresh demo ledger starts with: every channel initialised, alice
 * funded, a service per provider (the EC2 one with the scripted outage),
 * offers of each pricing model, one shared by both providers on
 * channel-market, and an agreement in progress with a session. Does nothing
 * on a ledger that already holds it.
 */
export async function seedDemo(ledger: LedgerPort, now: number): Promise<'seeded' | 'kept'> {
  const on = (channel: string, identity: string): SlaClient =>
    new SlaClient(ledger, channel, identity);
  if ((await on('channel-aws', 'consumer-treasury').myAccount()).issuer) {
    return 'kept';
  }
  const measuredFrom = alignDown(now - 3 * HOUR, 60);
  for (const { name } of DEMO_CHANNELS) {
    await on(name, 'consumer-admin').initTokens({ issuerMsps: [CONSUMER] });
    const alice = on(name, 'consumer-alice');
    await on(name, 'consumer-treasury').mint((await alice.myAccount()).accountId, '100000');
    await alice.collect();
  }

  const aws = on('channel-aws', 'aws-ops');
  await aws.registerService(jitsiOnEc2('jitsi-eu-1', measuredFrom));
  const backed = {
    services: ['jitsi-eu-1'],
    constraints: { regions: ['eu-west-1'], jurisdictions: ['EU'] },
  };
  await aws.createOffer({
    offerId: 'jitsi-fixed',
    title: 'Jitsi Meet for a day, fixed price',
    model: 'fixed',
    price: '5000',
    maxPeriodSeconds: DAY,
    ...backed,
  });
  await aws.createOffer({
    offerId: 'jitsi-dynamic',
    title: 'Jitsi Meet, pay for the time used (2 hours at most)',
    model: 'dynamic',
    price: '7200',
    maxPeriodSeconds: 2 * HOUR,
    ...backed,
  });
  await aws.createOffer({
    offerId: 'jitsi-minutes',
    title: 'Jitsi Meet, 120 prepaid minutes',
    model: 'prepaid-minutes',
    pricePerMinute: '25',
    minutes: 120,
    maxPeriodSeconds: DAY,
    maxSessions: 20,
    ...backed,
  });
  await aws.createOffer({
    offerId: 'jitsi-flexible',
    title: 'Jitsi Meet, flexible period (3 hours at most)',
    model: 'flexible-period',
    price: '9000',
    minimumCharge: '1500',
    maxPeriodSeconds: 3 * HOUR,
    ...backed,
  });

  const azure = on('channel-azure', 'azure-ops');
  await azure.registerService(jitsiOnAzure('jitsi-we-1', measuredFrom));
  await azure.createOffer({
    offerId: 'bridge-fixed',
    title: 'Video bridge on Azure for a day',
    model: 'fixed',
    price: '3000',
    maxPeriodSeconds: DAY,
    services: ['jitsi-we-1'],
  });

  await on('channel-market', 'aws-ops').createOffer({
    offerId: 'federated-jitsi',
    title: 'Jitsi Meet across AWS and Azure',
    model: 'dynamic',
    price: '8000',
    maxPeriodSeconds: 4 * HOUR,
    providers: [
      { mspId: AWS, shareBp: 6000 },
      { mspId: AZURE, shareBp: 4000 },
    ],
  });
  await on('channel-market', 'azure-ops').approveOffer('federated-jitsi', { shareBp: 4000 });

  const alice = on('channel-aws', 'consumer-alice');
  const offer = await alice.getOffer('jitsi-dynamic');
  await alice.accept('jitsi-dynamic', offer.version, 'call-1');
  await aws.startSession('call-1', 'session-1', {
    cluster: 'eks-eu-1',
    region: 'eu-west-1',
    jurisdiction: 'EU',
  });
  return 'seeded';
}
