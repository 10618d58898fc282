import { parseJsonWith } from './input';
import { TokensConfig } from '../schemas/tokens-config';

/** Who may mint on a channel: issuer accounts, or the organisation whose role=issuer identities may. */
export interface TokensConfigInput {
  /** Sorted. */
  issuers: string[];
  issuerMsps: string[];
}

/** `tokens:Init`'s argument; whether it names only the caller's organisation is the contract's check. */
export function parseTokensConfig(text: string): TokensConfigInput {
  return parseJsonWith(TokensConfig, 'configJson', text);
}
