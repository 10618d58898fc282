/**
 * npm run demo: a whole agreement on the embedded ledger, through the
 * gateway's ledger port — two organisations' peers run the real chaincode,
 * each reading the local CloudWatch emulator through the real SDK with its
 * own sealed credentials, and the consumer is credited for an outage.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatInstant } from '@sla-ledger/chaincode/domain';
import { ChaincodeRejection } from '../ledger/ledger-errors';
import { embeddedLedger } from '../ledger/embedded/embedded-ledger';
import { SlaClient } from '../ledger/sla-client';
import { AWS, CONSUMER, DEMO_IDENTITIES } from './demo-consortium';
import { jitsiOnEc2 } from './demo-services';
import { INSTANCE_ID, startLocalMonitoring } from './local-monitoring';
import { oracleFromEnvironment } from '@sla-ledger/chaincode/oracles';

const MINUTE = 60;
const HOUR = 3600;
const START = Date.parse('2026-11-25T10:00:00Z') / 1000;

async function main(): Promise<void> {
  // The instance fails its status check 10:05–10:07 (the scenario ends the outage 33 minutes before "now").
  const monitoring = await startLocalMonitoring({
    directory: mkdtempSync(join(tmpdir(), 'sla-demo-')),
    now: START + 40 * MINUTE,
    outageMinutes: 2,
  });
  let now = START;
  const ledger = embeddedLedger({
    consortium: {
      organisations: [CONSUMER, AWS].map((mspId) => ({
        mspId,
        oracle: oracleFromEnvironment({ ...monitoring.environments[mspId] }),
      })),
      channels: [
        {
          name: 'channel-aws',
          members: [CONSUMER, AWS],
          endorsement: 'all',
          tokenIssuer: CONSUMER,
        },
      ],
      identities: DEMO_IDENTITIES.filter((identity) => identity.mspId !== 'AzureOrgMSP'),
    },
    clock: () => new Date(now * 1000),
  });
  try {
    await walkThrough(
      new SlaClient(ledger, 'channel-aws', 'consumer-admin'),
      monitoring.cloudWatchEndpoint,
      {
        at: () => now,
        set: (seconds) => (now = seconds),
      },
    );
  } finally {
    await ledger.close();
    await monitoring.stop();
  }
}

interface Clock {
  at(): number;
  set(seconds: number): void;
}

async function walkThrough(admin: SlaClient, cloudWatch: string, clock: Clock): Promise<void> {
  const [treasury, alice, aws] = ['consumer-treasury', 'consumer-alice', 'aws-ops'].map((name) =>
    admin.as(name),
  ) as [SlaClient, SlaClient, SlaClient];
  const step = (text: string): void => console.log(`\n[${formatInstant(clock.at())}] ${text}`);
  const balanceOf = async (who: SlaClient): Promise<string> => (await who.myAccount()).balance;
  const refused = (error: unknown): void => {
    if (!(error instanceof ChaincodeRejection)) throw error;
    console.log(`  refused: ${error.message}`);
  };
  const service = jitsiOnEc2('jitsi-eu-1', START);

  console.log(
    'sla-ledger demo: channel-aws with ConsumerOrgMSP and AwsOrgMSP, each peer running the chaincode',
  );
  console.log(
    `each organisation reads the CloudWatch emulator at ${cloudWatch} with its own sealed credentials`,
  );

  step(
    'ConsumerOrg initialises the channel; its treasury mints 100000 tokens for alice, who collects them',
  );
  await admin.initTokens({ issuerMsps: [CONSUMER] });
  await treasury.mint((await alice.myAccount()).accountId, '100000');
  await alice.collect();

  step(
    'AwsOrg registers the Jitsi service, monitored by CloudWatch (credentials by reference only)',
  );
  await aws.registerService(service);
  const leaky = {
    ...service,
    key: 'leaky',
    monitor: { ...(service.monitor as object), secretAccessKey: 'wJalrXUtnFEMI' },
  };
  await aws.registerService(leaky).catch(refused);

  step('AwsOrg offers the service: dynamic price, 7200 tokens for at most 2 hours, EU only');
  await aws.createOffer({
    offerId: 'jitsi-2h',
    title: 'Jitsi Meet, up to 2 hours',
    model: 'dynamic',
    price: '7200',
    maxPeriodSeconds: 2 * HOUR,
    services: [service.key],
    constraints: { regions: ['eu-west-1', 'eu-central-1'], jurisdictions: ['EU'] },
  });

  step('alice accepts the offer as she read it: the deposit moves into escrow');
  const offer = await alice.getOffer('jitsi-2h');
  const accepted = await alice.accept('jitsi-2h', offer.version, 'call-42');
  console.log(
    `  deposit ${accepted.deposit}, locked until ${formatInstant(accepted.lockUntil)}; alice holds ${await balanceOf(alice)}`,
  );

  clock.set(clock.at() + 2 * MINUTE);
  step('AwsOrg starts a session in eu-west-1; a placement in us-east-1 is refused');
  await aws.startSession('call-42', 'session-1', {
    cluster: 'eks-eu-1',
    region: 'eu-west-1',
    jurisdiction: 'EU',
  });
  await aws
    .startSession('call-42', 'session-2', {
      cluster: 'eks-us-1',
      region: 'us-east-1',
      jurisdiction: 'US',
    })
    .catch(refused);
  console.log(`  (CloudWatch holds a failed status check of ${INSTANCE_ID} from 10:05 to 10:07)`);

  clock.set(START + 90 * MINUTE);
  step('alice stops the agreement after 90 minutes');
  await alice.stopSession('call-42', 'session-1');
  await alice.stop('call-42');

  clock.set(clock.at() + 11 * MINUTE);
  step(
    'the scheduled job measures the service up to the end (both peers read the monitor) and settles',
  );
  const { measurements } = await aws.measureMany([
    { serviceKey: 'jitsi-eu-1', windowStart: START, windowEnd: START + 90 * MINUTE },
  ]);
  const window = measurements[0];
  console.log(
    `  ${window?.available} of ${(window?.available ?? 0) + (window?.unavailable ?? 0)} minutes available: ${window?.verdicts.slice(0, 30)}…`,
  );
  const { settlement } = await aws.settle('call-42');
  if (settlement === undefined) throw new Error('the agreement was not settled');
  const availability = (settlement.services[0]?.availabilityBp ?? 0) / 100;
  console.log(
    `  availability ${availability} % (promised 99.99 %) → credit ${settlement.creditBp / 100} % of the charge`,
  );
  console.log(
    `  used ${settlement.usedSeconds / 60} minutes → charge ${settlement.charge}, credit ${settlement.credit}, refund ${settlement.refund}`,
  );
  for (const payout of settlement.payouts)
    console.log(`  paid ${payout.amount} to ${payout.mspId}`);
  console.log(
    `  balances: alice ${await balanceOf(alice)}, AwsOrg ${await balanceOf(aws)} (arrived; each collects them with tokens:Collect)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
