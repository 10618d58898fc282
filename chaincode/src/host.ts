import { contracts } from './contract-list';
import type { SlaContract } from './contracts/sla-contract';
import type { ChaincodeEnvironment } from './environment';

/**
 * For hosts that run the chaincode of several organisations in one process
 * (the embedded ledger): each organisation's contract instances read its
 * own monitors with its own credentials and its own settings.
 */
export { contracts };
export type { ChaincodeEnvironment };
export type { ChaincodeSettings, ChannelSettings } from './settings/channel-settings';
export { parseChaincodeSettings } from './settings/channel-settings';

export function bindEnvironment(contract: unknown, environment: ChaincodeEnvironment): void {
  const candidate = contract as Partial<SlaContract>;
  if (typeof candidate.useEnvironment !== 'function') {
    throw new TypeError('not an sla-ledger contract instance');
  }
  candidate.useEnvironment(environment);
}
