import { AgreementsContract } from './contracts/agreements-contract';
import { GovernanceContract } from './contracts/governance-contract';
import { OffersContract } from './contracts/offers-contract';
import { ServicesContract } from './contracts/services-contract';
import { TokensContract } from './contracts/tokens-contract';

/** The contracts of the sla-ledger chaincode, in the order of its metadata. */
export const contracts: Array<new () => unknown> = [
  ServicesContract,
  TokensContract,
  OffersContract,
  AgreementsContract,
  GovernanceContract,
];
