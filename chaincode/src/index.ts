import { contracts } from './contract-list';
import { processEnvironment } from './environment';

export { AgreementsContract } from './contracts/agreements-contract';
export { GovernanceContract } from './contracts/governance-contract';
export { OffersContract } from './contracts/offers-contract';
export { ServicesContract } from './contracts/services-contract';
export { TokensContract } from './contracts/tokens-contract';

/** The contracts fabric-chaincode-node loads from this package (`main`). */
export { contracts };

// Malformed oracle or channel settings stop the chaincode process at start-up.
processEnvironment();
