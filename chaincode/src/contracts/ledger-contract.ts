import { Contract } from 'fabric-contract-api';
import { canonicalJson } from '../state/canonical-json';
import { LedgerContext } from './ledger-context';

/** Every sla-ledger contract gives its transactions a LedgerContext. */
export abstract class LedgerContract extends Contract {
  override createContext(): LedgerContext {
    return new LedgerContext();
  }
}

/** Transaction results are canonical JSON text. */
export function result(value: unknown): string {
  return canonicalJson(value);
}
