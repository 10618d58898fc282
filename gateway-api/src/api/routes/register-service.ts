import { CredentialsStoreError } from '@sla-ledger/chaincode/credentials';
import type { ServiceParsed } from '@sla-ledger/chaincode/schemas';
import {
  ChaincodeRejection,
  TransactionConflict,
  TransactionInvalid,
} from '../../ledger/ledger-errors';
import type { Handed } from '../credentials/handed-credentials';
import { HttpProblem, forbidden } from '../problems';
import type { Reply, RouteContext } from '../routing/route';
import { serviceDetails } from './service-details';

/**
 * Registers a service; with handed credentials, stores them first in the
 * caller organisation's sealed store under the generated reference (never
 * on the ledger), and removes them again when the registration certainly
 * did not commit. The answer names the service's other organisations, each
 * of which must add its own credentials under the same reference.
 */
export async function registerService(
  input: { body: ServiceParsed; bodyJson: unknown; handed?: Handed & { ref: string } },
  context: RouteContext,
  location: (serviceKey: string) => string,
): Promise<Reply> {
  const { body, handed } = input;
  const parties = [body.providerOrg, body.consumerOrg];
  const caller = context.caller.mspId;
  if (handed === undefined) {
    const view = await context.client.registerService(input.bodyJson as object);
    return created(serviceDetails(view), location(view.key));
  }
  if (!parties.includes(caller)) {
    throw forbidden(
      `${caller} may not register service ${body.key}: only its provider or consumer organisation may`,
    );
  }
  const vault = context.credentials.get(caller);
  if (vault === undefined) {
    throw storeUnavailable(`this gateway keeps no credentials store for ${caller}`);
  }
  try {
    await vault.add(handed.ref, handed.credentials);
  } catch (error) {
    if (!(error instanceof CredentialsStoreError)) throw error;
    context.log.error({ error: error.message }, 'the credentials store cannot be written');
    throw storeUnavailable(`the credentials store of ${caller} cannot be written`);
  }
  try {
    const view = await context.client.registerService(input.bodyJson as object);
    return created(
      {
        ...serviceDetails(view),
        credentialsStored: {
          credentialsRef: handed.ref,
          storedBy: caller,
          alsoConfigure: parties.filter((org) => org !== caller),
        },
      },
      location(view.key),
    );
  } catch (error) {
    if (certainlyNotCommitted(error)) {
      await vault.remove(handed.ref).catch((removal: unknown) => {
        context.log.error(
          { credentialsRef: handed.ref, error: (removal as Error).message },
          'credentials of a refused registration could not be removed from the store',
        );
      });
    }
    throw error;
  }
}

function certainlyNotCommitted(error: unknown): boolean {
  return (
    error instanceof ChaincodeRejection ||
    error instanceof TransactionConflict ||
    error instanceof TransactionInvalid
  );
}

function created(body: unknown, location: string): Reply {
  return { status: 201, body, headers: { Location: location } };
}

function storeUnavailable(detail: string): HttpProblem {
  return new HttpProblem(503, 'credentials-store-unavailable', detail);
}
