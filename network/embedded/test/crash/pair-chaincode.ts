/**
 * The crash test's chaincode: `pair(n)` writes `a-n` and `b-n` and emits the event `Pair` with
 * n, so a transaction half applied or an event without its writes shows.
 */
import { Shim, type ChaincodeInterface, type ChaincodeStub } from 'fabric-shim';

export const PAIR_CHAINCODE: ChaincodeInterface = {
  async Init() {
    return Shim.success();
  },
  async Invoke(stub: ChaincodeStub) {
    const { fcn, params } = stub.getFunctionAndParameters();
    if (fcn !== 'pair') {
      return Shim.error(`unknown function ${fcn}`);
    }
    const [n] = params;
    await stub.putState(`a-${n}`, Buffer.from(n));
    await stub.putState(`b-${n}`, Buffer.from(n));
    stub.setEvent('Pair', Buffer.from(n));
    return Shim.success(Buffer.from(n));
  },
};

export const CRASH_CHANNEL = 'crash';
export const CRASH_ORGS = ['Org1MSP', 'Org2MSP'];
