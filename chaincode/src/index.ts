import { AgreementsContract } from './contracts/agreements-contract';
import { GovernanceContract } from './contracts/governance-contract';
import { OffersContract } from './contracts/offers-contract';
import { ServicesContract } from './contracts/services-contract';
import { TokensContract } from './contracts/tokens-contract';

export { AgreementsContract, GovernanceContract, OffersContract, ServicesContract, TokensContract };
import { oracleFromEnvironment } from './oracles/oracle-from-environment';
import { useOracle } from './oracles/oracle-registry';

export { useOracle, currentOracle } from './oracles/oracle-registry';
export type { MetricOracle, MetricQuery } from './oracles/metric-oracle';
export { InMemoryOracle } from './oracles/in-memory-oracle';

/** The contracts fabric-chaincode-node loads from this package (`main`). */
export const contracts: Array<new () => unknown> = [
  ServicesContract,
  TokensContract,
  OffersContract,
  AgreementsContract,
  GovernanceContract,
];

// A chaincode process reads the monitors with its organisation's own credentials store.
useOracle(oracleFromEnvironment());
