import { FailedPrecondition } from './errors';
import { parseWith } from './input';
import {
  Constraints as ConstraintsSchema,
  Placement as PlacementSchema,
} from '../schemas/constraints';

/** Where sessions may run: allowed regions and jurisdictions (for example EU-only for GDPR). */
export interface Constraints {
  regions?: string[];
  jurisdictions?: string[];
}

/** Where the orchestrator placed a session. */
export interface Placement {
  cluster: string;
  region: string;
  jurisdiction?: string;
}

export function parseConstraints(field: string, value: unknown): Constraints {
  return value === undefined ? {} : parseWith(ConstraintsSchema, field, value);
}

export function parsePlacement(field: string, value: unknown): Placement {
  return parseWith(PlacementSchema, field, value);
}

export function checkPlacement(constraints: Constraints, placement: Placement): void {
  if (constraints.regions && !constraints.regions.includes(placement.region)) {
    throw new FailedPrecondition(
      `placement.region ${placement.region} is not allowed (allowed regions: ${constraints.regions.join(', ')})`,
    );
  }
  if (constraints.jurisdictions) {
    if (placement.jurisdiction === undefined) {
      throw new FailedPrecondition(
        `placement.jurisdiction is required: sessions must run in ${constraints.jurisdictions.join(', ')}`,
      );
    }
    if (!constraints.jurisdictions.includes(placement.jurisdiction)) {
      throw new FailedPrecondition(
        `placement.jurisdiction ${placement.jurisdiction} is not allowed (allowed jurisdictions: ${constraints.jurisdictions.join(', ')})`,
      );
    }
  }
}
