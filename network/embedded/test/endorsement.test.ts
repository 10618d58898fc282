/**
 * Endorsement: every endorsing org simulates separately and must agree byte for byte; chaincode
 * errors fail the submit; chaincode-level and key-level endorsement policies at commit.
 */
import {
  ChaincodeError,
  EndorsementError,
  EndorsementMismatchError,
  ValidationError,
} from '../src';
import { ORG1, ORG2, demoNetwork, json } from './fixtures/demo-network';

const ORG3 = 'Org3MSP';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('endorsement by several organisations', () => {
  it('refuses to submit when the endorsers’ write sets differ, and writes nothing', async () => {
    const { channel, alice } = demoNetwork({ variants: ['v1', 'v2'] });
    try {
      const org1 = await channel.simulate(alice, 'demo:stamp', ['k'], { endorser: ORG1 });
      const org2 = await channel.simulate(alice, 'demo:stamp', ['k'], { endorser: ORG2 });
      expect(org1.writes[0].value?.toString()).toBe('stamped by v1');
      expect(org2.writes[0].value?.toString()).toBe('stamped by v2');
      expect(org1.rwset.equals(org2.rwset)).toBe(false);

      const error = await failure(channel.submit(alice, 'demo:stamp', ['k']));
      expect(error).toBeInstanceOf(EndorsementMismatchError);
      expect((error as EndorsementMismatchError).details).toEqual([
        expect.stringMatching(
          /^ProposalResponsePayloads do not match \(peer0\.Org1MSP vs peer0\.Org2MSP\): write value mismatch for key \[k\]$/,
        ),
      ]);
      expect(await channel.ledger.getState('k')).toBeUndefined();
      expect(await channel.ledger.transactions()).toHaveLength(0);
    } finally {
      await channel.close();
    }
  });

  it('produces byte-identical proposal responses from identical chaincode', async () => {
    const { channel, alice } = demoNetwork();
    try {
      const prepared = await channel.prepare(alice, 'demo:putMany', ['[["a","1"],["b","2"]]']);
      const [org1, org2] = prepared.simulations;
      expect([org1.mspId, org2.mspId]).toEqual([ORG1, ORG2]);
      expect(org1.proposalResponsePayload.equals(org2.proposalResponsePayload)).toBe(true);
      expect(org1.rwset.equals(org2.rwset)).toBe(true);
    } finally {
      await channel.close();
    }
  });

  it('endorses on the caller’s organisation first', async () => {
    const { channel, bob } = demoNetwork();
    try {
      const prepared = await channel.prepare(bob, 'demo:put', ['k', 'v']);
      expect(prepared.simulations.map((s) => s.mspId)).toEqual([ORG2, ORG1]);
    } finally {
      await channel.close();
    }
  });

  it('fails the submit with the chaincode’s message and status; nothing is written', async () => {
    const { channel, alice } = demoNetwork();
    try {
      const error = await failure(channel.submit(alice, 'demo:fail', ['no such offer']));
      expect(error).toBeInstanceOf(ChaincodeError);
      expect(error).toMatchObject({
        message: 'no such offer',
        status: 500,
        detail: 'chaincode response 500, no such offer',
      });
      expect(await channel.ledger.getState('never-written')).toBeUndefined();
      expect(await channel.ledger.transactions()).toHaveLength(0);
      await expect(channel.evaluate(alice, 'demo:fail', ['boom'])).rejects.toThrow('boom');
    } finally {
      await channel.close();
    }
  });

  it('fails the endorsement when a stub call was not awaited', async () => {
    const { channel, alice } = demoNetwork();
    try {
      const error = await failure(channel.submit(alice, 'demo:forgetToAwait', ['late']));
      expect(error).toBeInstanceOf(EndorsementError);
      expect((error as Error).message).toMatch(
        /^error in simulation: chaincode completed transaction [0-9a-f]{64} before the peer answered its PUT_STATE request\(s\)/,
      );
      expect(await channel.ledger.getState('late')).toBeUndefined();
    } finally {
      await channel.close();
    }
  });
});

describe('chaincode-level endorsement policy', () => {
  it("'all' invalidates a transaction endorsed by one of two orgs", async () => {
    const { channel, alice } = demoNetwork({ policy: 'all' });
    try {
      const error = await failure(
        channel.submit(alice, 'demo:put', ['k', 'v'], { endorsingOrgs: [ORG1] }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE', statusCode: 10 });
      expect((error as ValidationError).reason).toBe(
        'validation of endorsement policy for chaincode demo-cc in tx 1:0 failed: signature set did not satisfy policy',
      );
      expect(await channel.ledger.getState('k')).toBeUndefined();
      expect((await channel.ledger.transactions())[0]).toMatchObject({
        validationCode: 'ENDORSEMENT_POLICY_FAILURE',
        endorsingOrgs: [ORG1],
      });
    } finally {
      await channel.close();
    }
  });

  it("'majority' needs more than half of the member orgs", async () => {
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs: [ORG1, ORG2, ORG3] });
    try {
      await channel.submit(alice, 'demo:put', ['two', 'v'], { endorsingOrgs: [ORG1, ORG3] });
      expect((await channel.ledger.getState('two'))?.toString()).toBe('v');

      const error = await failure(
        channel.submit(alice, 'demo:put', ['one', 'v'], { endorsingOrgs: [ORG2] }),
      );
      expect((error as ValidationError).reason).toMatch(
        /implicit policy evaluation failed - 1 sub-policies were satisfied, but this policy requires 2 of the 'Endorsement' sub-policies to be satisfied$/,
      );
    } finally {
      await channel.close();
    }
  });
});

describe('key-level endorsement policy', () => {
  it('enforces a validation parameter set with KeyEndorsementPolicy on later writes', async () => {
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs: [ORG1, ORG2, ORG3] });
    try {
      await channel.submit(alice, 'demo:put', ['escrow', '100']);
      const orgs = JSON.stringify([ORG1, ORG2]);
      const simulation = await channel.simulate(alice, 'demo:setKeyPolicy', ['escrow', orgs]);
      expect(simulation.writes).toEqual([]);
      expect(simulation.metadataWrites).toEqual([
        { key: 'escrow', entries: { VALIDATION_PARAMETER: expect.any(Buffer) } },
      ]);
      await channel.submit(alice, 'demo:setKeyPolicy', ['escrow', orgs]);
      expect(json(await channel.evaluate(alice, 'demo:keyPolicy', ['escrow']))).toEqual([
        ORG1,
        ORG2,
      ]);
      expect(await channel.ledger.getValidationParameter('escrow')).toBeDefined();

      // One org alone, and even a chaincode-policy majority without Org2, fail the key's policy.
      for (const orgs of [[ORG1], [ORG1, ORG3]]) {
        const error = await failure(
          channel.submit(alice, 'demo:put', ['escrow', '0'], { endorsingOrgs: orgs }),
        );
        expect(error).toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE' });
        expect((error as ValidationError).reason).toMatch(
          /^validation of key escrow \(coll'':ns'demo-cc'\) in tx \d+:0 failed: signature set did not satisfy policy$/,
        );
      }
      expect((await channel.ledger.getState('escrow'))?.toString()).toBe('100');

      await channel.submit(alice, 'demo:put', ['escrow', '50'], { endorsingOrgs: [ORG1, ORG2] });
      expect((await channel.ledger.getState('escrow'))?.toString()).toBe('50');
      // A value write keeps the key's metadata.
      expect(await channel.ledger.getValidationParameter('escrow')).toBeDefined();
    } finally {
      await channel.close();
    }
  });

  it('replaces the chaincode policy for keys that carry one', async () => {
    const { channel, alice } = demoNetwork({ policy: 'all' });
    try {
      await channel.submit(alice, 'demo:put', ['mine', '1']);
      await channel.submit(alice, 'demo:setKeyPolicy', ['mine', JSON.stringify([ORG1])]);
      // 'all' would need Org2 too, but every written key has its own policy.
      await channel.submit(alice, 'demo:put', ['mine', '2'], { endorsingOrgs: [ORG1] });
      expect((await channel.ledger.getState('mine'))?.toString()).toBe('2');
      // Writing another key as well brings the chaincode policy back.
      const error = await failure(
        channel.submit(alice, 'demo:putMany', ['[["mine","3"],["other","x"]]'], {
          endorsingOrgs: [ORG1],
        }),
      );
      expect(error).toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE' });
    } finally {
      await channel.close();
    }
  });

  it('invalidates a write to a key whose policy an earlier transaction of the block changed', async () => {
    const { channel, alice } = demoNetwork();
    try {
      await channel.submit(alice, 'demo:put', ['k', '1']);
      const setPolicy = await channel.prepare(alice, 'demo:setKeyPolicy', ['k', `["${ORG1}"]`]);
      const write = await channel.prepare(alice, 'demo:put', ['k', '2']);
      const [first, second] = await channel.commit(setPolicy, write);
      expect(first.validationCode).toBe('VALID');
      expect(second.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
      expect(second.validationMessage).toBe(
        `validation parameters for key [k] in namespace [demo-cc:] have been changed in transaction 1 of block ${second.blockNumber}`,
      );
    } finally {
      await channel.close();
    }
  });

  it('drops a metadata write to a key that does not exist', async () => {
    const { channel, alice } = demoNetwork();
    try {
      await channel.submit(alice, 'demo:setKeyPolicy', ['ghost', `["${ORG1}"]`]);
      expect(await channel.ledger.getStateEntry('ghost')).toBeUndefined();
    } finally {
      await channel.close();
    }
  });
});
