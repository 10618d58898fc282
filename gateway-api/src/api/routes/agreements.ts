import {
  AgreementFilter,
  BasisPoints,
  Identifier,
  Placement,
  closedObject,
} from '@sla-ledger/chaincode/schemas';
import { notFound } from '../problems';
import { defineRoute, type Route, type RouteContext } from '../routing/route';
import { meterReader, withCoverage } from './agreement-coverage';
import type { AgreementView } from '../../ledger/views';
import {
  AgreementIdParams,
  OfferVersion,
  PAGE_QUERY,
  PageQuery,
  SessionParams,
  channelPath,
  pageBody,
  pageRequest,
} from './inputs';

const BASE = '/api/channels/:channel/agreements';
const TAG = 'agreements';
const PARTIES = "the agreement's parties (its consumer and every provider)";

export const AcceptRequest = closedObject({
  offerId: Identifier,
  /** The offer version the consumer read: a change since makes the acceptance fail. */
  offerVersion: OfferVersion,
  agreementId: Identifier,
});
export const ResolveRequest = closedObject({ creditBp: BasisPoints });
export const StartSessionRequest = closedObject({ sessionId: Identifier, placement: Placement });
export const AgreementListQuery = closedObject({ ...AgreementFilter.in.shape, ...PAGE_QUERY });

/** The largest number of sessions read while looking for one (the chaincode lists them, it has no read of one). */
const SESSION_SCAN_LIMIT = 10_000;

async function detailed(agreement: AgreementView, context: RouteContext) {
  return withCoverage(agreement, meterReader(context.client), context.now());
}

/** Agreements: accept an offer version, stop, settle, resolve a dispute, read, list; and their sessions. */
export function agreementRoutes(): Route[] {
  return [
    defineRoute({
      operationId: 'acceptOffer',
      method: 'post',
      path: BASE,
      tag: TAG,
      summary:
        "Accept the offer version the consumer read: escrows the deposit from the caller's spendable tokens and starts the clock",
      who: 'a consumer the offer is open to',
      access: 'write',
      channel: 'path',
      body: { schema: AcceptRequest, root: '' },
      success: { status: 201, description: 'the agreement' },
      errors: [409],
      handle: async ({ body }, context) => {
        const agreement = await context.client.accept(
          body.offerId,
          body.offerVersion,
          body.agreementId,
        );
        return {
          status: 201,
          body: await detailed(agreement, context),
          headers: { Location: channelPath(context.channel, 'agreements', agreement.agreementId) },
        };
      },
    }),
    defineRoute({
      operationId: 'listAgreements',
      method: 'get',
      path: BASE,
      tag: TAG,
      summary:
        "The agreements the caller's organisation is party to, filtered by phase and offer, a page at a time",
      who: 'any member of the channel',
      access: 'read',
      channel: 'path',
      query: AgreementListQuery,
      success: { status: 200, description: 'a page of agreements with their coverage' },
      handle: async ({ query }, context) => {
        const filter = {
          ...(query.phase === undefined ? {} : { phase: query.phase }),
          ...(query.offerId === undefined ? {} : { offerId: query.offerId }),
        };
        const page = await context.client.listAgreements(filter, pageRequest(query));
        const meters = meterReader(context.client);
        const items = [];
        for (const agreement of page.items) {
          items.push(await withCoverage(agreement, meters, context.now()));
        }
        return { status: 200, body: { items, bookmark: page.bookmark } };
      },
    }),
    defineRoute({
      operationId: 'getAgreement',
      method: 'get',
      path: `${BASE}/:agreementId`,
      tag: TAG,
      summary:
        'An agreement, its phase, its session usage, its measured coverage per service and, when disputed, what is missing',
      who: PARTIES,
      access: 'read',
      channel: 'path',
      params: AgreementIdParams,
      success: { status: 200, description: 'the agreement' },
      handle: async ({ params }, context) => ({
        status: 200,
        body: await detailed(await context.client.getAgreement(params.agreementId), context),
      }),
    }),
    defineRoute({
      operationId: 'stopAgreement',
      method: 'post',
      path: `${BASE}/:agreementId/stop`,
      tag: TAG,
      summary: 'End the agreement now',
      who: 'the identity that accepted it, or an administrator of the consumer organisation',
      access: 'write',
      channel: 'path',
      params: AgreementIdParams,
      success: { status: 200, description: 'the stopped agreement' },
      errors: [409],
      handle: async ({ params }, context) => ({
        status: 200,
        body: await detailed(await context.client.stop(params.agreementId), context),
      }),
    }),
    defineRoute({
      operationId: 'settleAgreement',
      method: 'post',
      path: `${BASE}/:agreementId/settlement`,
      tag: TAG,
      summary:
        'Settle an ended agreement (pay the providers, refund and credit the consumer), or record a dispute when a service was measured too little',
      who: "any identity of the agreement's parties, once it has ended",
      access: 'write',
      channel: 'path',
      params: AgreementIdParams,
      success: { status: 200, description: 'the settled or disputed agreement' },
      errors: [409],
      handle: async ({ params }, context) => ({
        status: 200,
        body: await detailed(await context.client.settle(params.agreementId), context),
      }),
    }),
    defineRoute({
      operationId: 'resolveDispute',
      method: 'post',
      path: `${BASE}/:agreementId/resolutions`,
      tag: TAG,
      summary:
        "Name the credit (bp of the charge) the caller's organisation agrees to; the dispute ends when every party named the same, or when the arbiter decides after the deadline",
      who: "each party; the offer's arbiter after the dispute deadline",
      access: 'write',
      channel: 'path',
      params: AgreementIdParams,
      body: { schema: ResolveRequest, root: '' },
      success: { status: 200, description: 'the agreement, settled once every party agreed' },
      errors: [409],
      handle: async ({ params, body }, context) => ({
        status: 200,
        body: await detailed(
          await context.client.resolve(params.agreementId, body.creditBp),
          context,
        ),
      }),
    }),
    defineRoute({
      operationId: 'startSession',
      method: 'post',
      path: `${BASE}/:agreementId/sessions`,
      tag: 'sessions',
      summary:
        "Record a session that started at a placement satisfying the agreement's constraints",
      who: PARTIES,
      access: 'write',
      channel: 'path',
      params: AgreementIdParams,
      body: { schema: StartSessionRequest, root: '' },
      success: { status: 201, description: 'the session' },
      errors: [409],
      handle: async ({ params, body, bodyJson }, context) => {
        const placement = (bodyJson as { placement: object }).placement;
        const session = await context.client.startSession(
          params.agreementId,
          body.sessionId,
          placement,
        );
        return {
          status: 201,
          body: session,
          headers: {
            Location: channelPath(
              context.channel,
              'agreements',
              params.agreementId,
              'sessions',
              session.sessionId,
            ),
          },
        };
      },
    }),
    defineRoute({
      operationId: 'listSessions',
      method: 'get',
      path: `${BASE}/:agreementId/sessions`,
      tag: 'sessions',
      summary: 'The sessions of an agreement, a page at a time',
      who: PARTIES,
      access: 'read',
      channel: 'path',
      params: AgreementIdParams,
      query: PageQuery,
      success: { status: 200, description: 'a page of sessions' },
      handle: async ({ params, query }, context) => ({
        status: 200,
        body: pageBody(await context.client.sessions(params.agreementId, pageRequest(query))),
      }),
    }),
    defineRoute({
      operationId: 'getSession',
      method: 'get',
      path: `${BASE}/:agreementId/sessions/:sessionId`,
      tag: 'sessions',
      summary: 'One session of an agreement',
      who: PARTIES,
      access: 'read',
      channel: 'path',
      params: SessionParams,
      success: { status: 200, description: 'the session' },
      handle: async ({ params }, context) => {
        let bookmark = '';
        let scanned = 0;
        do {
          const page = await context.client.sessions(params.agreementId, {
            pageSize: 500,
            bookmark,
          });
          const session = page.items.find((item) => item.sessionId === params.sessionId);
          if (session !== undefined) return { status: 200, body: session };
          scanned += page.items.length;
          bookmark = page.items.length === 0 ? '' : page.bookmark;
        } while (bookmark !== '' && scanned < SESSION_SCAN_LIMIT);
        throw notFound(
          `session ${params.sessionId} of agreement ${params.agreementId} does not exist`,
        );
      },
    }),
    defineRoute({
      operationId: 'stopSession',
      method: 'post',
      path: `${BASE}/:agreementId/sessions/:sessionId/stop`,
      tag: 'sessions',
      summary: "Record a session's end (a session still open when the agreement ended ends there)",
      who: PARTIES,
      access: 'write',
      channel: 'path',
      params: SessionParams,
      success: { status: 200, description: 'the stopped session' },
      errors: [409],
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.stopSession(params.agreementId, params.sessionId),
      }),
    }),
  ];
}
