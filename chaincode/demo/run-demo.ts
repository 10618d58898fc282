/**
 * A whole agreement on the embedded ledger: two organisations' peers run the
 * real chaincode through the real shim protocol, each reading the monitoring
 * data through its own oracle, and the consumer is credited for an outage.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { parseMonitor } from '../src/domain/monitor';
import { formatInstant } from '../src/domain/time';
import { InMemoryOracle } from '../src/oracles/in-memory-oracle';
import { createIdentity, type Identity } from '../test/support/identities';
import { EmbeddedChannel } from '../test/support/peer';
import { accountOf, ourChaincode } from '../test/support/sla-network';

const CONSUMER = 'ConsumerOrgMSP';
const AWS = 'AwsOrgMSP';
const MINUTE = 60;
const HOUR = 3600;
const START = Date.parse('2026-11-25T10:00:00Z') / 1000;

const service = {
  key: 'jitsi-eu-1',
  description: 'Jitsi Meet (web, prosody, jicofo, jvb) on EC2 in eu-west-1',
  providerOrg: AWS,
  consumerOrg: CONSUMER,
  monitor: {
    kind: 'cloudwatch',
    credentialsRef: 'aws-monitoring',
    region: 'eu-west-1',
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: [{ name: 'InstanceId', value: 'i-0jitsi' }],
    statistic: 'Maximum',
    availableWhen: { comparison: 'eq', threshold: '0' },
    missingData: 'unavailable',
  },
  sla: {
    periodSeconds: 60,
    promisedAvailabilityBp: 9999,
    creditTiers: [
      { belowBp: 9999, creditBp: 1000 },
      { belowBp: 9900, creditBp: 3000 },
      { belowBp: 9500, creditBp: 10000 },
    ],
    fullRefundBelowBp: 7500,
    measuredFrom: formatInstant(START),
  },
};

async function main(): Promise<void> {
  let now = START;
  const oracles = new Map([CONSUMER, AWS].map((org) => [org, new InMemoryOracle()]));
  const channel = new EmbeddedChannel({
    channelId: 'channel-aws',
    endorsers: [CONSUMER, AWS].map((mspId) => ({
      mspId,
      chaincode: ourChaincode(oracles.get(mspId) as InMemoryOracle),
    })),
    policy: 'all',
    shimLogLevel: 'CRITICAL',
    clock: () => new Date(now * 1000),
  });
  const admin = createIdentity({ mspId: CONSUMER, commonName: 'admin', nodeOu: 'admin' });
  const treasury = createIdentity({
    mspId: CONSUMER,
    commonName: 'treasury',
    attributes: { role: 'issuer' },
  });
  const alice = createIdentity({ mspId: CONSUMER, commonName: 'alice' });
  const aws = createIdentity({ mspId: AWS, commonName: 'aws-ops' });

  const call = async <T>(who: Identity, fn: string, ...args: string[]): Promise<T> => {
    const result = await channel.submit(who, fn, args);
    return JSON.parse(result.payload.toString('utf8')) as T;
  };
  const read = async <T>(who: Identity, fn: string, ...args: string[]): Promise<T> =>
    JSON.parse((await channel.evaluate(who, fn, args)).toString('utf8')) as T;
  const step = (text: string): void => console.log(`\n[${formatInstant(now)}] ${text}`);
  const balanceOf = async (who: Identity): Promise<string> =>
    (await read<{ balance: string }>(who, 'tokens:MyAccount')).balance;

  console.log(
    'sla-ledger demo: channel-aws with ConsumerOrgMSP and AwsOrgMSP, each peer running the chaincode',
  );

  step('ConsumerOrg initialises the channel and its treasury mints 100000 tokens for alice');
  await call(admin, 'tokens:Init', JSON.stringify({ issuerMsps: [CONSUMER] }));
  await call(treasury, 'tokens:Mint', accountOf(alice), '100000');

  step(
    'AwsOrg registers the Jitsi service, monitored by CloudWatch (credentials by reference only)',
  );
  await call(aws, 'services:Register', JSON.stringify(service));
  const leaky = {
    ...service,
    key: 'leaky',
    monitor: { ...service.monitor, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' },
  };
  await call(aws, 'services:Register', JSON.stringify(leaky)).catch((error: Error) =>
    console.log(`  a registration carrying a secret is refused: ${error.message}`),
  );

  step('AwsOrg offers the service: dynamic price, 7200 tokens for at most 2 hours, EU only');
  await call(
    aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'jitsi-2h',
      title: 'Jitsi Meet, up to 2 hours',
      model: 'dynamic',
      price: '7200',
      maxPeriodSeconds: 2 * HOUR,
      services: ['jitsi-eu-1'],
      constraints: { regions: ['eu-west-1', 'eu-central-1'], jurisdictions: ['EU'] },
    }),
  );

  step('alice accepts: the deposit moves into escrow');
  const accepted = await call<{ deposit: string; lockUntil: number }>(
    alice,
    'agreements:Accept',
    'jitsi-2h',
    'call-42',
  );
  console.log(
    `  deposit ${accepted.deposit}, locked until ${formatInstant(accepted.lockUntil)}; alice holds ${await balanceOf(alice)}`,
  );

  now += 2 * MINUTE;
  step('AwsOrg starts a session in eu-west-1; a placement in us-east-1 is refused');
  await call(
    aws,
    'agreements:StartSession',
    'call-42',
    'session-1',
    JSON.stringify({ cluster: 'eks-eu-1', region: 'eu-west-1', jurisdiction: 'EU' }),
  );
  await call(
    aws,
    'agreements:StartSession',
    'call-42',
    'session-2',
    JSON.stringify({ cluster: 'eks-us-1', region: 'us-east-1', jurisdiction: 'US' }),
  ).catch((error: Error) => console.log(`  ${error.message}`));

  const monitor = parseMonitor('monitor', service.monitor);
  const outage = (t: number): number => (t >= START + 5 * MINUTE && t < START + 7 * MINUTE ? 1 : 0);
  oracles.forEach((oracle) => oracle.fill(monitor, START, START + 3 * HOUR, MINUTE, outage));
  console.log('  (CloudWatch records a failed status check of i-0jitsi from 10:05 to 10:07)');

  now = START + 90 * MINUTE;
  step('alice stops the agreement after 90 minutes');
  await call(alice, 'agreements:StopSession', 'call-42', 'session-1');
  await call(alice, 'agreements:Stop', 'call-42');

  now = START + 90 * MINUTE + 11 * MINUTE;
  step(
    'the scheduled job measures the service up to the end (both peers read the monitor) and settles',
  );
  const measured = await call<{
    measurements: Array<{ measured: number; available: number; verdicts: string }>;
  }>(
    aws,
    'services:UpdateMany',
    JSON.stringify([
      { serviceKey: 'jitsi-eu-1', windowStart: START, windowEnd: START + 90 * MINUTE },
    ]),
  );
  const window = measured.measurements[0];
  console.log(
    `  ${window?.available} of ${window?.measured} minutes available: ${window?.verdicts.slice(0, 30)}…`,
  );
  const due = await call<{ settled: Array<{ settlement: Record<string, unknown> }> }>(
    aws,
    'agreements:SettleDue',
    '10',
  );
  const settlement = due.settled[0]?.settlement as {
    usedSeconds: number;
    charge: string;
    creditBp: number;
    credit: string;
    refund: string;
    payouts: Array<{ mspId: string; amount: string }>;
    services: Array<{ availabilityBp: number }>;
  };
  console.log(
    `  availability ${(settlement.services[0]?.availabilityBp ?? 0) / 100} % (promised 99.99 %) → credit ${settlement.creditBp / 100} % of the charge`,
  );
  console.log(
    `  used ${settlement.usedSeconds / 60} minutes → charge ${settlement.charge}, credit ${settlement.credit}, refund ${settlement.refund}`,
  );
  for (const payout of settlement.payouts)
    console.log(`  paid ${payout.amount} to ${payout.mspId}`);
  console.log(`  balances: alice ${await balanceOf(alice)}, AwsOrg ${await balanceOf(aws)}`);

  const transactions = channel.ledger.transactions();
  console.log(
    `\nledger: ${channel.ledger.height} blocks, ${transactions.filter((tx) => tx.validationCode === 'VALID').length} valid transactions, ${channel.ledger.entries().length} keys; every transaction endorsed by both organisations with identical write sets`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
