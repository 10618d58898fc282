import { Proposal, closedObject } from '@sla-ledger/chaincode/schemas';
import { z } from 'zod';
import { defineRoute, type Route } from '../routing/route';
import { ProposalIdParams, channelPath } from './inputs';

const BASE = '/api/channels/:channel/proposals';
const TAG = 'proposals';

export const VoteRequest = closedObject({
  approve: z.boolean({ error: 'must be true or false' }),
});

/** Consensus decisions about an offer: propose, vote, decide, read. */
export function proposalRoutes(): Route[] {
  return [
    defineRoute({
      operationId: 'propose',
      method: 'post',
      path: BASE,
      tag: TAG,
      summary:
        'Propose admitting a provider, changing the price or the shares, or withdrawing an offer; every current provider gets a ballot',
      who: 'a provider of the offer',
      access: 'write',
      channel: 'path',
      body: { schema: Proposal, root: 'proposal' },
      success: { status: 201, description: 'the proposal' },
      errors: [409],
      handle: async ({ bodyJson }, context) => {
        const proposal = await context.client.propose(bodyJson as object);
        return {
          status: 201,
          body: proposal,
          headers: { Location: channelPath(context.channel, 'proposals', proposal.proposalId) },
        };
      },
    }),
    defineRoute({
      operationId: 'getProposal',
      method: 'get',
      path: `${BASE}/:proposalId`,
      tag: TAG,
      summary: 'A proposal, its ballots and status',
      who: "the voters and the offer's providers",
      access: 'read',
      channel: 'path',
      params: ProposalIdParams,
      success: { status: 200, description: 'the proposal' },
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.getProposal(params.proposalId),
      }),
    }),
    defineRoute({
      operationId: 'vote',
      method: 'post',
      path: `${BASE}/:proposalId/votes`,
      tag: TAG,
      summary: "Fill in the caller organisation's ballot",
      who: 'a provider of the offer, once',
      access: 'write',
      channel: 'path',
      params: ProposalIdParams,
      body: { schema: VoteRequest, root: '' },
      success: { status: 201, description: 'the ballot' },
      errors: [409],
      handle: async ({ params, body }, context) => ({
        status: 201,
        body: await context.client.vote(params.proposalId, body.approve),
      }),
    }),
    defineRoute({
      operationId: 'decide',
      method: 'post',
      path: `${BASE}/:proposalId/decision`,
      tag: TAG,
      summary:
        'Count the ballots: apply a passed change to the offer version it was made on, reject, or expire',
      who: 'a voter',
      access: 'write',
      channel: 'path',
      params: ProposalIdParams,
      success: { status: 200, description: 'the decided (or still open) proposal' },
      errors: [409],
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.decide(params.proposalId),
      }),
    }),
  ];
}
