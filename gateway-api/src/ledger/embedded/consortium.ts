import type { MetricOracle } from '@sla-ledger/chaincode/oracles';

/** What an embedded ledger runs: organisations with their own monitors, channels, identities. */

export interface ConsortiumChannel {
  name: string;
  members: string[];
  /** The channel's chaincode-level endorsement policy. */
  endorsement: 'all' | 'majority';
  tokenIssuer: string;
}

export interface ConsortiumOrganisation {
  mspId: string;
  /** The monitors this organisation's chaincode reads, with its own credentials. */
  oracle: MetricOracle;
}

export interface ConsortiumIdentity {
  /** How the gateway names it (tokens map to it). */
  name: string;
  mspId: string;
  commonName: string;
  nodeOu?: 'client' | 'admin';
  attributes?: Record<string, string>;
}

export interface Consortium {
  organisations: ConsortiumOrganisation[];
  channels: ConsortiumChannel[];
  identities: ConsortiumIdentity[];
}
