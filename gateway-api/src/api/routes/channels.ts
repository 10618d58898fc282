import { defineRoute, type Route } from '../routing/route';

/** The channels this gateway's organisation is on. */
export function channelRoutes(): Route[] {
  return [
    defineRoute({
      operationId: 'listChannels',
      method: 'get',
      path: '/api/channels',
      tag: 'channels',
      summary: "The channels this gateway's organisation is on",
      who: 'any identity',
      access: 'read',
      channel: 'none',
      success: { status: 200, description: 'the channels' },
      handle: async (_input, context) => ({
        status: 200,
        body: {
          items: context.ledger.channels.map((name) => ({ name })),
        },
      }),
    }),
  ];
}
