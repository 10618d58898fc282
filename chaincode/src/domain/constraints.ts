import { FailedPrecondition } from './errors';
import {
  arrayOf,
  asObject,
  join,
  onlyKnownFields,
  optionalString,
  requiredString,
  uniqueBy,
} from './input';

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
  if (value === undefined) {
    return {};
  }
  const constraints = asObject(field, value);
  onlyKnownFields(field, constraints, ['regions', 'jurisdictions']);
  const result: Constraints = {};
  for (const name of ['regions', 'jurisdictions'] as const) {
    if (constraints[name] !== undefined) {
      const list = arrayOf(
        join(field, name),
        constraints[name],
        (f, v) => requiredString(f, v, 64),
        {
          min: 1,
          max: 50,
        },
      );
      uniqueBy(join(field, name), list, (entry) => entry);
      result[name] = [...list].sort();
    }
  }
  return result;
}

export function parsePlacement(field: string, value: unknown): Placement {
  const placement = asObject(field, value);
  onlyKnownFields(field, placement, ['cluster', 'region', 'jurisdiction']);
  const jurisdiction = optionalString(join(field, 'jurisdiction'), placement.jurisdiction, 64);
  return {
    cluster: requiredString(join(field, 'cluster'), placement.cluster, 128),
    region: requiredString(join(field, 'region'), placement.region, 64),
    ...(jurisdiction === undefined ? {} : { jurisdiction }),
  };
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
