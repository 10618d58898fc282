import { worldState } from './scenario';
import type { SlaNetwork } from './sla-network';

/** The call fails with `message` and leaves world state and the block height as they were. */
export async function expectRejected(
  net: SlaNetwork,
  call: () => Promise<unknown>,
  message: string | RegExp,
): Promise<void> {
  const before = await worldState(net);
  const height = net.channel.ledger.height;
  await expect(call()).rejects.toThrow(message);
  expect(await worldState(net)).toEqual(before);
  expect(net.channel.ledger.height).toBe(height);
}
