import { LedgerUnavailable, SlaClient, type LedgerPort } from '../../src';

/** A ledger whose peer answers every call with `answer`. */
function answering(answer: string): LedgerPort {
  return {
    channels: ['channel-aws'],
    identities: () => [{ name: 'aws-ops', mspId: 'AwsOrgMSP' }],
    submit: async () => ({ txId: 'tx-1', result: answer }),
    evaluate: async () => answer,
    events: () => {
      throw new Error('not used');
    },
    close: async () => undefined,
  } as unknown as LedgerPort;
}

it.each(['', '{"key":"jitsi', 'null', '"a string"', '42'])(
  'takes no data from an answer that is not a JSON object: %j',
  async (answer) => {
    const client = new SlaClient(answering(answer), 'channel-aws', 'aws-ops');
    await expect(client.getService('jitsi-eu-1')).rejects.toThrow(LedgerUnavailable);
    await expect(client.getService('jitsi-eu-1')).rejects.toThrow('services:Get answered');
    await expect(client.stop('call-1')).rejects.toMatchObject({ txId: 'tx-1' });
  },
);

it('parses an answer that is one', async () => {
  const client = new SlaClient(answering('{"key":"jitsi-eu-1"}'), 'channel-aws', 'aws-ops');
  await expect(client.getService('jitsi-eu-1')).resolves.toEqual({ key: 'jitsi-eu-1' });
});
