/**
 * The emulated Entra ID directory: service principals (app registrations with a client secret)
 * grouped by tenant, and the resource scopes each may read metrics from — the part of Azure
 * RBAC the emulator models.
 */
import { createHash } from 'node:crypto';

export interface Principal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /**
   * Resource-id prefixes (scopes) the principal may read metrics under, e.g. `/subscriptions/s`
   * or a single resource id; compared case-insensitively on `/` boundaries. Default: everything.
   */
  resources?: string[];
  /** Object id of the service principal; derived from tenant and client id when absent. */
  objectId?: string;
}

export interface RegisteredPrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  objectId: string;
  /** Lower-cased scopes without a trailing slash; undefined means every resource. */
  scopes: string[] | undefined;
}

export class Directory {
  readonly #principals = new Map<string, RegisteredPrincipal>();

  add(principal: Principal): RegisteredPrincipal {
    for (const field of ['tenantId', 'clientId', 'clientSecret'] as const) {
      if (typeof principal[field] !== 'string' || principal[field].trim() === '') {
        throw new Error(`principal ${field} must be a non-empty string`);
      }
    }
    const registered: RegisteredPrincipal = {
      tenantId: principal.tenantId,
      clientId: principal.clientId,
      clientSecret: principal.clientSecret,
      objectId: principal.objectId ?? derivedObjectId(principal.tenantId, principal.clientId),
      scopes: principal.resources?.map(normalizeScope),
    };
    this.#principals.set(key(principal.tenantId, principal.clientId), registered);
    return registered;
  }

  hasTenant(tenantId: string): boolean {
    const wanted = tenantId.toLowerCase();
    return [...this.#principals.values()].some((p) => p.tenantId.toLowerCase() === wanted);
  }

  find(tenantId: string, clientId: string): RegisteredPrincipal | undefined {
    return this.#principals.get(key(tenantId, clientId));
  }

  /** Whether the principal holds a role assignment at or above the resource. */
  mayRead(principal: RegisteredPrincipal, resourceUri: string): boolean {
    if (principal.scopes === undefined) {
      return true;
    }
    const resource = normalizeScope(resourceUri);
    return principal.scopes.some((scope) => resource === scope || resource.startsWith(`${scope}/`));
  }
}

function key(tenantId: string, clientId: string): string {
  return `${tenantId.toLowerCase()} ${clientId.toLowerCase()}`;
}

function normalizeScope(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, '');
}

/** A stable GUID-shaped id, so logs and error messages name the same object every run. */
function derivedObjectId(tenantId: string, clientId: string): string {
  const hex = createHash('sha256').update(`${tenantId}\n${clientId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
