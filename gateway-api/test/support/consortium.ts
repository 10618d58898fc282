import type { Consortium, ConsortiumIdentity } from '../../src';
import type { MetricOracle } from '@sla-ledger/chaincode/oracles';

export const CONSUMER = 'ConsumerOrgMSP';
export const AWS = 'AwsOrgMSP';
export const AZURE = 'AzureOrgMSP';

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

/** Everyone the API tests act as: each organisation's administrator and users. */
export const consortiumIdentities: ConsortiumIdentity[] = [
  ...identities,
  { name: 'aws-admin', mspId: AWS, commonName: 'aws-admin', nodeOu: 'admin' },
  { name: 'azure-ops', mspId: AZURE, commonName: 'azure-ops' },
  { name: 'azure-admin', mspId: AZURE, commonName: 'azure-admin', nodeOu: 'admin' },
];

/**
 * The demo consortium: ConsumerOrg, AwsOrg and AzureOrg; channel-aws
 * (ConsumerOrg and AwsOrg) and channel-azure (ConsumerOrg and AzureOrg),
 * where both endorse everything, and channel-market (all three, majority);
 * ConsumerOrg issues the tokens of every channel.
 */
export function threeOrganisationConsortium(
  oracleFor: (mspId: string) => MetricOracle = () => noMonitors,
): Consortium {
  return {
    organisations: [CONSUMER, AWS, AZURE].map((mspId) => ({ mspId, oracle: oracleFor(mspId) })),
    channels: [
      { name: 'channel-aws', members: [CONSUMER, AWS], endorsement: 'all', tokenIssuer: CONSUMER },
      {
        name: 'channel-azure',
        members: [CONSUMER, AZURE],
        endorsement: 'all',
        tokenIssuer: CONSUMER,
      },
      {
        name: 'channel-market',
        members: [CONSUMER, AWS, AZURE],
        endorsement: 'majority',
        tokenIssuer: CONSUMER,
      },
    ],
    identities: consortiumIdentities,
  };
}
