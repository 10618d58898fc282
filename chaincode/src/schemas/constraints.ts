import { closedObject, listOf, uniqueBy } from './structure';
import { freeText } from './text';

/** Where sessions may run (for example EU-only for GDPR), and where one was placed. */

const Places = listOf(freeText(64), 1, 50)
  .superRefine(uniqueBy((place) => place, 'by-position'))
  .transform((places) => [...places].sort());

export const Constraints = closedObject({
  regions: Places.optional(),
  jurisdictions: Places.optional(),
}).transform((constraints) => ({
  ...(constraints.regions === undefined ? {} : { regions: constraints.regions }),
  ...(constraints.jurisdictions === undefined ? {} : { jurisdictions: constraints.jurisdictions }),
}));

export const Placement = closedObject({
  cluster: freeText(128),
  region: freeText(64),
  jurisdiction: freeText(64).optional(),
}).transform((placement) => ({
  cluster: placement.cluster,
  region: placement.region,
  ...(placement.jurisdiction === undefined ? {} : { jurisdiction: placement.jurisdiction }),
}));
