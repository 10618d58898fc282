/**
 * Any object with Init/Invoke runs on the embedded peer (not only contract-api chaincode), and
 * peer-side failures surface as EndorsementError with the peer's wording.
 */
import { Shim, type ChaincodeInterface, type ChaincodeStub } from 'fabric-shim';
import { createIdentity } from '../src/identities';
import { EmbeddedChannel, EndorsementError } from '../src';

const KV_CHAINCODE: ChaincodeInterface = {
  async Init() {
    return Shim.success();
  },
  async Invoke(stub: ChaincodeStub) {
    const { fcn, params } = stub.getFunctionAndParameters();
    if (fcn === 'set') {
      await stub.putState(params[0], Buffer.from(params[1]));
      return Shim.success(Buffer.from('ok'));
    }
    if (fcn === 'hang') {
      return new Promise<never>(() => undefined);
    }
    return Shim.error(`unknown function ${fcn}`);
  },
};

function channelWith(executeTimeoutMs?: number): EmbeddedChannel {
  return new EmbeddedChannel({
    channelId: 'raw',
    chaincodeName: 'kv',
    endorsers: [{ mspId: 'Org1MSP', chaincode: KV_CHAINCODE }],
    policy: 'majority',
    shimLogLevel: 'CRITICAL',
    ...(executeTimeoutMs !== undefined ? { executeTimeoutMs } : {}),
  });
}

const user = createIdentity({ mspId: 'Org1MSP', commonName: 'raw-user' });

describe('a chaincode implementing Init/Invoke directly', () => {
  it('runs through the shim protocol', async () => {
    const channel = channelWith();
    try {
      const result = await channel.submit(user, 'set', ['a', '1']);
      expect(result.payload.toString()).toBe('ok');
      expect((await channel.ledger.getState('a'))?.toString()).toBe('1');
      await expect(channel.evaluate(user, 'nope')).rejects.toThrow('unknown function nope');
    } finally {
      await channel.close();
    }
  });

  it('fails the endorsement when the chaincode exceeds the execution timeout', async () => {
    const channel = channelWith(50);
    try {
      const attempt = channel.submit(user, 'hang');
      await expect(attempt).rejects.toBeInstanceOf(EndorsementError);
      await expect(attempt).rejects.toThrow(
        /^error in simulation: failed to execute transaction [0-9a-f]{64}: timeout expired while executing transaction$/,
      );
      // The commit lock was released: the channel still commits.
      await channel.submit(user, 'set', ['b', '2']);
      expect((await channel.ledger.getState('b'))?.toString()).toBe('2');
    } finally {
      await channel.close();
    }
  });

  it('fails running transactions when the channel closes', async () => {
    const channel = channelWith();
    const pending = channel.evaluate(user, 'set', ['c', '3']);
    await channel.close();
    await expect(pending).rejects.toThrow(/: chaincode stream terminated$/);
  });
});
