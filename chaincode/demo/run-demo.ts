/**
 * A whole agreement on the embedded ledger: two organisations' peers run the
 * real chaincode through the real shim protocol, each reading the local
 * CloudWatch emulator through the real SDK with its own sealed credentials,
 * and the consumer is credited for an outage.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTANCE_ID,
  startLocalMonitoring,
  type OrganisationEnvironment,
} from '../../scripts/sim/local-monitoring';
import { formatInstant } from '../src/domain/time';
import { oracleFromEnvironment } from '../src/oracles/oracle-from-environment';
import { serviceWatching } from '../test/fixtures/services';
import type { Identity } from '@sla-ledger/embedded-network';
import { CONSUMER, T0 as START, accountOf, slaNetwork } from '../test/support/sla-network';

const MINUTE = 60;
const HOUR = 3600;

interface Settlement {
  usedSeconds: number;
  charge: string;
  creditBp: number;
  credit: string;
  refund: string;
  payouts: Array<{ mspId: string; amount: string }>;
  services: Array<{ availabilityBp: number }>;
}

async function main(): Promise<void> {
  // The instance fails its status check 10:05–10:07 (the scenario ends the outage 33 minutes before "now").
  const monitoring = await startLocalMonitoring({
    directory: mkdtempSync(join(tmpdir(), 'sla-demo-')),
    now: START + 40 * MINUTE,
    outageMinutes: 2,
  });
  try {
    await walkThrough(monitoring.environments, monitoring.cloudWatchEndpoint);
  } finally {
    await monitoring.stop();
  }
}

async function walkThrough(
  environments: Record<string, OrganisationEnvironment>,
  cloudWatch: string,
): Promise<void> {
  const net = await slaNetwork({
    init: false,
    oracleFor: (org) => oracleFromEnvironment({ ...environments[org] }),
  });
  const { consumerAdmin: admin, issuer: treasury, alice, aws } = net.people;
  const service = serviceWatching(INSTANCE_ID, 'jitsi-eu-1', {
    description: 'Jitsi Meet (web, prosody, jicofo, jvb) on EC2 in eu-west-1',
  });
  const step = (text: string): void => console.log(`\n[${formatInstant(net.now())}] ${text}`);
  const balanceOf = async (who: Identity): Promise<string> =>
    (await net.evaluate<{ balance: string }>(who, 'tokens:MyAccount')).balance;
  const refused = (error: Error): void => console.log(`  refused: ${error.message}`);

  console.log(
    'sla-ledger demo: channel-aws with ConsumerOrgMSP and AwsOrgMSP, each peer running the chaincode',
  );
  console.log(
    `each organisation reads the CloudWatch emulator at ${cloudWatch} with its own sealed credentials`,
  );

  step(
    'ConsumerOrg initialises the channel; its treasury mints 100000 tokens for alice, who collects them',
  );
  await net.submit(admin, 'tokens:Init', JSON.stringify({ issuerMsps: [CONSUMER] }));
  await net.submit(treasury, 'tokens:Mint', accountOf(alice), '100000');
  await net.submit(alice, 'tokens:Collect');

  step(
    'AwsOrg registers the Jitsi service, monitored by CloudWatch (credentials by reference only)',
  );
  await net.submit(aws, 'services:Register', JSON.stringify(service));
  const leaky = {
    ...service,
    key: 'leaky',
    monitor: { ...(service.monitor as object), secretAccessKey: 'wJalrXUtnFEMI' },
  };
  await net.submit(aws, 'services:Register', JSON.stringify(leaky)).catch(refused);

  step('AwsOrg offers the service: dynamic price, 7200 tokens for at most 2 hours, EU only');
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'jitsi-2h',
      title: 'Jitsi Meet, up to 2 hours',
      model: 'dynamic',
      price: '7200',
      maxPeriodSeconds: 2 * HOUR,
      services: [service.key],
      constraints: { regions: ['eu-west-1', 'eu-central-1'], jurisdictions: ['EU'] },
    }),
  );

  step('alice accepts the offer as she read it: the deposit moves into escrow');
  const offer = await net.evaluate<{ version: number }>(alice, 'offers:Get', 'jitsi-2h');
  const accepted = await net.submit<{ deposit: string; lockUntil: number }>(
    alice,
    'agreements:Accept',
    'jitsi-2h',
    String(offer.version),
    'call-42',
  );
  console.log(
    `  deposit ${accepted.deposit}, locked until ${formatInstant(accepted.lockUntil)}; alice holds ${await balanceOf(alice)}`,
  );

  net.advance(2 * MINUTE);
  step('AwsOrg starts a session in eu-west-1; a placement in us-east-1 is refused');
  const placement = (cluster: string, region: string, jurisdiction: string): string =>
    JSON.stringify({ cluster, region, jurisdiction });
  await net.submit(
    aws,
    'agreements:StartSession',
    'call-42',
    'session-1',
    placement('eks-eu-1', 'eu-west-1', 'EU'),
  );
  await net
    .submit(
      aws,
      'agreements:StartSession',
      'call-42',
      'session-2',
      placement('eks-us-1', 'us-east-1', 'US'),
    )
    .catch(refused);

  console.log(`  (CloudWatch holds a failed status check of ${INSTANCE_ID} from 10:05 to 10:07)`);

  net.setTime(START + 90 * MINUTE);
  step('alice stops the agreement after 90 minutes');
  await net.submit(alice, 'agreements:StopSession', 'call-42', 'session-1');
  await net.submit(alice, 'agreements:Stop', 'call-42');

  net.advance(11 * MINUTE);
  step(
    'the scheduled job measures the service up to the end (both peers read the monitor) and settles',
  );
  const measured = await net.submit<{
    measurements: Array<{ available: number; unavailable: number; verdicts: string }>;
  }>(
    aws,
    'services:UpdateMany',
    JSON.stringify([
      { serviceKey: service.key, windowStart: START, windowEnd: START + 90 * MINUTE },
    ]),
  );
  const window = measured.measurements[0];
  console.log(
    `  ${window?.available} of ${(window?.available ?? 0) + (window?.unavailable ?? 0)} minutes available: ${window?.verdicts.slice(0, 30)}…`,
  );
  const { settlement } = await net.submit<{ settlement: Settlement }>(
    aws,
    'agreements:Settle',
    'call-42',
  );
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

  const ledger = net.channel.ledger;
  const valid = (await ledger.transactions()).filter((tx) => tx.validationCode === 'VALID').length;
  console.log(
    `\nledger: ${ledger.height} blocks, ${valid} valid transactions, ${(await ledger.entries()).length} keys; every transaction was endorsed by both organisations with identical write sets`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
