import { PHASES } from '../domain/agreement';
import { Identifier, oneOf } from './scalars';
import { closedObject } from './structure';

/** `agreements:List`: the caller's agreements in one phase, of one offer, or both. */
export const AgreementFilter = closedObject({
  phase: oneOf(PHASES).optional(),
  offerId: Identifier.optional(),
}).transform((filter) => ({
  ...(filter.phase === undefined ? {} : { phase: filter.phase }),
  ...(filter.offerId === undefined ? {} : { offerId: filter.offerId }),
}));
