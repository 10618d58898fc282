import type { Consortium, ConsortiumIdentity } from '../../src';
import type { MetricOracle } from '@sla-ledger/chaincode/oracles';

const CONSUMER = 'ConsumerOrgMSP';
const AWS = 'AwsOrgMSP';

/** An oracle for tests that never measure. */
export const noMonitors: MetricOracle = {
  read: () => Promise.reject(new Error('this test reads no monitor')),
};

export const identities: ConsortiumIdentity[] = [
  { name: 'consumer-admin', mspId: CONSUMER, commonName: 'admin', nodeOu: 'admin' },
  {
    name: 'consumer-treasury',
    mspId: CONSUMER,
    commonName: 'treasury',
    attributes: { role: 'issuer' },
  },
  { name: 'consumer-alice', mspId: CONSUMER, commonName: 'alice' },
  { name: 'consumer-bob', mspId: CONSUMER, commonName: 'bob' },
  { name: 'aws-ops', mspId: AWS, commonName: 'aws-ops' },
];

/** channel-aws: ConsumerOrg and AwsOrg, both endorsing everything. */
export function awsChannelConsortium(
  oracleFor: (mspId: string) => MetricOracle = () => noMonitors,
): Consortium {
  return {
    organisations: [CONSUMER, AWS].map((mspId) => ({ mspId, oracle: oracleFor(mspId) })),
    channels: [
      { name: 'channel-aws', members: [CONSUMER, AWS], endorsement: 'all', tokenIssuer: CONSUMER },
    ],
    identities,
  };
}
