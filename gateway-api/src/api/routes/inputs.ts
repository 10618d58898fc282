import { z } from 'zod';
import {
  AccountId,
  Identifier,
  PageSize,
  closedObject,
  integerIn,
} from '@sla-ledger/chaincode/schemas';
import type { Page } from '../../ledger/views';

/** Path and query inputs the routes share, built from the chaincode's scalars. */

export const BOOKMARK_MAX_LENGTH = 4096;

export const PAGE_QUERY = {
  pageSize: PageSize.optional(),
  bookmark: z
    .string({ error: 'must be the bookmark of the previous page, given once' })
    .max(BOOKMARK_MAX_LENGTH, { error: `must be at most ${BOOKMARK_MAX_LENGTH} characters long` })
    .optional(),
};

export const PageQuery = closedObject(PAGE_QUERY);

export const ServiceKeyParams = closedObject({ serviceKey: Identifier });
export const OfferIdParams = closedObject({ offerId: Identifier });
export const AgreementIdParams = closedObject({ agreementId: Identifier });
export const SessionParams = closedObject({ agreementId: Identifier, sessionId: Identifier });
export const ProposalIdParams = closedObject({ proposalId: Identifier });
export const AccountIdParams = closedObject({ accountId: AccountId });

export const OfferVersion = integerIn(1, Number.MAX_SAFE_INTEGER);

/** A page as the API answers it: the items and the bookmark of the next page ('' when there is none). */
export function pageBody<T, U = T>(
  page: Page<T>,
  map?: (item: T) => U,
): { items: U[]; bookmark: string } {
  return {
    items: map === undefined ? (page.items as unknown as U[]) : page.items.map(map),
    bookmark: page.bookmark,
  };
}

export function pageRequest(query: { pageSize?: number; bookmark?: string }): {
  pageSize?: number;
  bookmark?: string;
} {
  return {
    ...(query.pageSize === undefined ? {} : { pageSize: query.pageSize }),
    ...(query.bookmark === undefined ? {} : { bookmark: query.bookmark }),
  };
}

/** `/api/channels/{channel}/…` with each segment escaped. */
export function channelPath(channel: string, ...segments: string[]): string {
  return ['/api/channels', channel, ...segments]
    .map((part, index) => (index === 0 ? part : encodeURIComponent(part)))
    .join('/');
}
