import type { Phase } from './agreement';
import { parseJsonWith } from './input';
import { AgreementFilter } from '../schemas/agreement-filter';

export interface AgreementFilterInput {
  phase?: Phase;
  offerId?: string;
}

/** `agreements:List`'s filter; an empty argument filters nothing. */
export function parseAgreementFilter(text: string): AgreementFilterInput {
  return parseJsonWith(AgreementFilter, 'filterJson', text, {});
}
