import { oracleFromEnvironment } from '@sla-ledger/chaincode/oracles';
import type {
  Consortium,
  ConsortiumChannel,
  ConsortiumIdentity,
} from '../ledger/embedded/consortium';
import type { OrganisationEnvironment } from './local-monitoring';

/** The demo consortium: a consumer, two cloud providers, a channel per provider and a market. */

export const CONSUMER = 'ConsumerOrgMSP';
export const AWS = 'AwsOrgMSP';
export const AZURE = 'AzureOrgMSP';

export const DEMO_CHANNELS: ConsortiumChannel[] = [
  { name: 'channel-aws', members: [CONSUMER, AWS], endorsement: 'all', tokenIssuer: CONSUMER },
  { name: 'channel-azure', members: [CONSUMER, AZURE], endorsement: 'all', tokenIssuer: CONSUMER },
  {
    name: 'channel-market',
    members: [CONSUMER, AWS, AZURE],
    endorsement: 'majority',
    tokenIssuer: CONSUMER,
  },
];

export const DEMO_IDENTITIES: ConsortiumIdentity[] = [
  { name: 'consumer-admin', mspId: CONSUMER, commonName: 'admin', nodeOu: 'admin' },
  {
    name: 'consumer-treasury',
    mspId: CONSUMER,
    commonName: 'treasury',
    attributes: { role: 'issuer' },
  },
  { name: 'consumer-alice', mspId: CONSUMER, commonName: 'alice' },
  { name: 'aws-admin', mspId: AWS, commonName: 'admin', nodeOu: 'admin' },
  { name: 'aws-ops', mspId: AWS, commonName: 'aws-ops' },
  { name: 'azure-admin', mspId: AZURE, commonName: 'admin', nodeOu: 'admin' },
  { name: 'azure-ops', mspId: AZURE, commonName: 'azure-ops' },
];

/** Each organisation reads the monitors with its own sealed credentials. */
export function demoConsortium(environments: Record<string, OrganisationEnvironment>): Consortium {
  return {
    organisations: [CONSUMER, AWS, AZURE].map((mspId) => {
      const environment = environments[mspId];
      if (environment === undefined) throw new Error(`no monitoring credentials for ${mspId}`);
      return { mspId, oracle: oracleFromEnvironment({ ...environment }) };
    }),
    channels: DEMO_CHANNELS,
    identities: DEMO_IDENTITIES,
  };
}
