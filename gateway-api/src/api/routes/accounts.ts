import { AccountId, PositiveAmount, closedObject } from '@sla-ledger/chaincode/schemas';
import { defineRoute, type Route } from '../routing/route';
import { AccountIdParams } from './inputs';

const BASE = '/api/channels/:channel/accounts';
const TAG = 'accounts';

export const MintRequest = closedObject({ amount: PositiveAmount });
export const TransferRequest = closedObject({ to: AccountId, amount: PositiveAmount });

/** Tokens: the caller's account, a balance, minting, transfers and collecting what arrived. */
export function accountRoutes(): Route[] {
  return [
    defineRoute({
      operationId: 'myAccount',
      method: 'get',
      path: `${BASE}/mine`,
      tag: TAG,
      summary: "The caller's account id and balance (spendable, arriving and their sum)",
      who: 'any identity',
      access: 'read',
      channel: 'path',
      success: { status: 200, description: 'the account' },
      handle: async (_input, context) => ({ status: 200, body: await context.client.myAccount() }),
    }),
    defineRoute({
      operationId: 'transfer',
      method: 'post',
      path: `${BASE}/mine/transfers`,
      tag: TAG,
      summary: 'Move spendable tokens of the caller to another account, where they arrive',
      who: 'any identity, from its own account',
      access: 'write',
      channel: 'path',
      body: { schema: TransferRequest, root: '' },
      success: { status: 201, description: 'the transfer' },
      errors: [409],
      handle: async ({ body }, context) => ({
        status: 201,
        body: await context.client.transfer(body.to, body.amount),
      }),
    }),
    defineRoute({
      operationId: 'collect',
      method: 'post',
      path: `${BASE}/mine/collections`,
      tag: TAG,
      summary: "Make what arrived in the caller's account spendable (up to 1,000 arrivals a call)",
      who: 'any identity, for its own account',
      access: 'write',
      channel: 'path',
      success: { status: 201, description: 'what was collected, and whether more waits' },
      handle: async (_input, context) => ({ status: 201, body: await context.client.collect() }),
    }),
    defineRoute({
      operationId: 'getBalance',
      method: 'get',
      path: `${BASE}/:accountId`,
      tag: TAG,
      summary:
        'The balance of one account; the account id ("<MSP id>::<certificate subject>") is percent-encoded in the path',
      who: "the account's organisation, issuers",
      access: 'read',
      channel: 'path',
      params: AccountIdParams,
      success: { status: 200, description: 'the balance' },
      handle: async ({ params }, context) => ({
        status: 200,
        body: await context.client.balance(params.accountId),
      }),
    }),
    defineRoute({
      operationId: 'mint',
      method: 'post',
      path: `${BASE}/:accountId/mints`,
      tag: TAG,
      summary: 'Create tokens; they arrive in the account',
      who: 'an issuer (tokens:Init names them)',
      access: 'write',
      channel: 'path',
      params: AccountIdParams,
      body: { schema: MintRequest, root: '' },
      success: { status: 201, description: 'what was minted' },
      handle: async ({ params, body }, context) => ({
        status: 201,
        body: await context.client.mint(params.accountId, body.amount),
      }),
    }),
  ];
}
