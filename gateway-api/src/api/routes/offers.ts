import { Approval, Offer } from '@sla-ledger/chaincode/schemas';
import { defineRoute, type Route } from '../routing/route';
import { OfferIdParams, PageQuery, channelPath, pageBody, pageRequest } from './inputs';

const BASE = '/api/channels/:channel/offers';
const TAG = 'offers';

/** Offers: create, approve, withdraw, list and read. */
export function offerRoutes(): Route[] {
  return [
    defineRoute({
      operationId: 'createOffer',
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Create an offer (approved by its creator); every other provider named approves it',
      who: 'a provider named in the offer',
      access: 'write',
      channel: 'path',
      body: { schema: Offer, root: 'offer' },
      success: { status: 201, description: 'the offer, its version and who has yet to approve' },
      errors: [409],
      handle: async ({ bodyJson }, context) => {
        const offer = await context.client.createOffer(bodyJson as object);
        return {
          status: 201,
          body: offer,
          headers: { Location: channelPath(context.channel, 'offers', offer.offerId) },
        };
      },
    }),
    defineRoute({
      operationId: 'listOffers',
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: "The offers the caller's organisation provides or may accept, a page at a time",
      who: 'any member of the channel',
      access: 'read',
      channel: 'path',
      query: PageQuery,
      success: { status: 200, description: 'a page of offers' },
      handle: async ({ query }, context) => ({
        status: 200,
        body: pageBody(await context.client.listOffers(pageRequest(query))),
      }),
    }),
    defineRoute({
      operationId: 'getOffer',
      method: 'get',
      path: `${BASE}/:offerId`,
      tag: TAG,
      summary:
        'An offer, its version (name it when accepting), whether it is acceptable and who has yet to approve',
      who: "the offer's providers and audience",
      access: 'read',
      channel: 'path',
      params: OfferIdParams,
      success: { status: 200, description: 'the offer' },
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.getOffer(params.offerId),
      }),
    }),
    defineRoute({
      operationId: 'approveOffer',
      method: 'post',
      path: `${BASE}/:offerId/approvals`,
      tag: TAG,
      summary: "A provider confirms its share and sets its payout account (default: the caller's)",
      who: 'a provider named in the offer',
      access: 'write',
      channel: 'path',
      params: OfferIdParams,
      body: { schema: Approval, root: 'approval' },
      success: { status: 201, description: 'the offer with its new version' },
      errors: [409],
      handle: async ({ params, bodyJson }, context) => ({
        status: 201,
        body: await context.client.approveOffer(
          params.offerId,
          bodyJson as { shareBp: number; payoutAccount?: string },
        ),
      }),
    }),
    defineRoute({
      operationId: 'withdrawOffer',
      method: 'post',
      path: `${BASE}/:offerId/withdrawal`,
      tag: TAG,
      summary:
        'Withdraw the offer; accepted agreements are untouched (an offer with several providers is withdrawn by proposal)',
      who: 'the sole provider',
      access: 'write',
      channel: 'path',
      params: OfferIdParams,
      success: { status: 200, description: 'the withdrawn offer' },
      errors: [409],
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.withdrawOffer(params.offerId),
      }),
    }),
  ];
}
