import { AgreementsContract } from './contracts/agreements-contract';
import { GovernanceContract } from './contracts/governance-contract';
import { OffersContract } from './contracts/offers-contract';
import { ServicesContract } from './contracts/services-contract';
import { TokensContract } from './contracts/tokens-contract';

import { currentOracle } from './oracles/oracle-registry';

export { AgreementsContract, GovernanceContract, OffersContract, ServicesContract, TokensContract };
export type { MetricOracle, MetricQuery } from './oracles/metric-oracle';

/** The contracts fabric-chaincode-node loads from this package (`main`). */
export const contracts: Array<new () => unknown> = [
  ServicesContract,
  TokensContract,
  OffersContract,
  AgreementsContract,
  GovernanceContract,
];

// Malformed oracle settings in the environment stop the chaincode process at start-up.
currentOracle();
