/**
 * The gateway's endorsement plan when no organisations are named: the first endorser's
 * organisation plus the fewest others that satisfy the chaincode policy (new or unprotected keys,
 * or no writes) and each written key's committed validation parameter.
 */
import { createIdentity } from '../src/identities';
import { EndorsementError, ValidationError } from '../src';
import { ORG1, ORG2, demoNetwork } from './fixtures/demo-network';
import { outOf, partiesAnd } from './fixtures/signature-policies';

const ORG3 = 'Org3MSP';
const ORG4 = 'Org4MSP';
const ORG5 = 'Org5MSP';
const carol = createIdentity({ mspId: ORG3, commonName: 'carol' });
const mallory = createIdentity({ mspId: 'OutsiderMSP', commonName: 'mallory' });

function base64(policy: Buffer): string {
  return policy.toString('base64');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('endorsement plan for the chaincode-level policy', () => {
  it('has a new key on a majority channel endorsed by a majority only, the caller’s org first', async () => {
    const { channel, alice } = demoNetwork({
      policy: 'majority',
      orgs: [ORG1, ORG2, ORG3, ORG4, ORG5],
    });
    try {
      const byAlice = await channel.submit(alice, 'demo:put', ['new', 'v']);
      expect(byAlice.endorsingOrgs).toEqual([ORG1, ORG2, ORG3]);
      const byCarol = await channel.submit(carol, 'demo:put', ['other', 'v']);
      expect(byCarol.endorsingOrgs).toEqual([ORG3, ORG1, ORG2]);
      expect((await channel.ledger.transaction(byCarol.txId))?.validationCode).toBe('VALID');
    } finally {
      await channel.close();
    }
  });

  it('asks every organisation on an all-of channel', async () => {
    const { channel, bob } = demoNetwork({ policy: 'all', orgs: [ORG1, ORG2, ORG3] });
    try {
      const prepared = await channel.prepare(bob, 'demo:put', ['k', 'v']);
      expect(prepared.endorsingOrgs).toEqual([ORG2, ORG1, ORG3]);
      expect(prepared.simulations.map((s) => s.endorser)).toEqual([
        `peer0.${ORG2}`,
        `peer0.${ORG1}`,
        `peer0.${ORG3}`,
      ]);
    } finally {
      await channel.close();
    }
  });

  it('applies the chaincode policy to a transaction that writes nothing', async () => {
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs: [ORG1, ORG2, ORG3] });
    try {
      const prepared = await channel.prepare(alice, 'demo:get', ['absent']);
      expect(prepared.simulations[0].interest).toEqual({ chaincodePolicy: true, keyPolicies: [] });
      expect(prepared.endorsingOrgs).toEqual([ORG1, ORG2]);
    } finally {
      await channel.close();
    }
  });

  it('starts on the first peer when the caller’s organisation has none', async () => {
    const { channel } = demoNetwork({ policy: 'majority', orgs: [ORG2, ORG3, ORG1] });
    try {
      const result = await channel.submit(mallory, 'demo:put', ['k', 'v']);
      expect(result.endorsingOrgs).toEqual([ORG2, ORG1]);
    } finally {
      await channel.close();
    }
  });
});

describe('endorsement plan for key-level policies', () => {
  it('includes the organisation a key’s validation parameter names, though the caller is another', async () => {
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs: [ORG1, ORG2, ORG3] });
    try {
      await channel.submit(alice, 'demo:putWithPolicy', ['escrow', '1', base64(outOf(1, [ORG3]))]);
      const prepared = await channel.prepare(alice, 'demo:put', ['escrow', '2']);
      expect(prepared.simulations[0].interest).toEqual({
        chaincodePolicy: false,
        keyPolicies: [outOf(1, [ORG3])],
      });
      expect(prepared.endorsingOrgs).toEqual([ORG1, ORG3]);
      const [record] = await channel.commit(prepared);
      expect(record.validationCode).toBe('VALID');
    } finally {
      await channel.close();
    }
  });

  it('satisfies the key policies and the chaincode policy together when a new key is written too', async () => {
    const orgs = [ORG1, ORG2, ORG3, ORG4, ORG5];
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs });
    try {
      await channel.submit(alice, 'demo:putWithPolicy', ['a', '1', base64(outOf(1, [ORG4]))]);
      await channel.submit(alice, 'demo:putWithPolicy', ['b', '1', base64(outOf(1, [ORG5]))]);
      // Key policies alone: Org1 (first) + Org4 + Org5.
      const keysOnly = await channel.prepare(alice, 'demo:putMany', ['[["a","2"],["b","2"]]']);
      expect(keysOnly.endorsingOrgs).toEqual([ORG1, ORG4, ORG5]);
      // With a new key the chaincode majority (3 of 5) applies as well: still three.
      const withNewKey = await channel.submit(alice, 'demo:putMany', [
        '[["a","3"],["b","3"],["fresh","1"]]',
      ]);
      expect(withNewKey.endorsingOrgs).toEqual([ORG1, ORG4, ORG5]);
      // A policy of two named orgs among those without a key policy needs four.
      await channel.submit(alice, 'demo:putWithPolicy', ['c', '1', base64(outOf(2, [ORG2, ORG3]))]);
      const all = await channel.prepare(alice, 'demo:putMany', ['[["a","4"],["c","2"]]']);
      expect(all.endorsingOrgs).toEqual([ORG1, ORG2, ORG3, ORG4]);
    } finally {
      await channel.close();
    }
  });

  it('plans for two-level policies: all the parties AND m of the other members', async () => {
    const orgs = [ORG1, ORG2, ORG3, ORG4, ORG5];
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs });
    try {
      const policy = partiesAnd([ORG2, ORG4], 2, [ORG1, ORG3, ORG5]);
      await channel.submit(alice, 'demo:putWithPolicy', ['agreement', '1', base64(policy)]);

      const byAlice = await channel.submit(alice, 'demo:put', ['agreement', '2']);
      expect([...byAlice.endorsingOrgs].sort()).toEqual([ORG1, ORG2, ORG3, ORG4]);
      const byCarol = await channel.submit(carol, 'demo:put', ['agreement', '3']);
      expect(byCarol.endorsingOrgs).toEqual([ORG3, ORG1, ORG2, ORG4]);
      expect((await channel.ledger.getState('agreement'))?.toString()).toBe('3');
    } finally {
      await channel.close();
    }
  });

  it('accepts MEMBER principals, which a peer satisfies', async () => {
    const { channel, alice } = demoNetwork({ policy: 'all', orgs: [ORG1, ORG2, ORG3] });
    try {
      await channel.submit(alice, 'demo:putWithPolicy', [
        'k',
        '1',
        base64(outOf(2, [ORG2, ORG3], 'MEMBER')),
      ]);
      const result = await channel.submit(alice, 'demo:put', ['k', '2']);
      expect(result.endorsingOrgs).toEqual([ORG1, ORG2, ORG3]);
      // A policy written by a transaction counts from the next transaction on.
      const relaxed = await channel.submit(alice, 'demo:putWithPolicy', [
        'k',
        '3',
        base64(outOf(1, [ORG2], 'MEMBER')),
      ]);
      expect(relaxed.endorsingOrgs).toEqual([ORG1, ORG2, ORG3]);
      const after = await channel.prepare(alice, 'demo:put', ['k', '4']);
      expect(after.endorsingOrgs).toEqual([ORG1, ORG2]);
    } finally {
      await channel.close();
    }
  });

  it('fails like the gateway when no member organisations can satisfy a key’s policy', async () => {
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs: [ORG1, ORG2, ORG3] });
    try {
      await channel.submit(alice, 'demo:putWithPolicy', [
        'stranger',
        '1',
        base64(outOf(1, ['Org9MSP'])),
      ]);
      await channel.submit(alice, 'demo:putWithPolicy', [
        'admins',
        '1',
        base64(outOf(1, [ORG2], 'ADMIN')),
      ]);
      const heightBefore = channel.ledger.height;
      for (const key of ['stranger', 'admins']) {
        const error = await failure(channel.submit(alice, 'demo:put', [key, '2']));
        expect(error).toBeInstanceOf(EndorsementError);
        expect(error).toMatchObject({
          grpcStatus: 'FAILED_PRECONDITION',
          message:
            'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can satisfy the endorsement policy',
        });
      }
      expect(channel.ledger.height).toBe(heightBefore);
      expect((await channel.ledger.getState('stranger'))?.toString()).toBe('1');
    } finally {
      await channel.close();
    }
  });
});

describe('named endorsing organisations', () => {
  it('are used as given: a forged write without a party is invalidated at commit', async () => {
    const orgs = [ORG1, ORG2, ORG3, ORG4, ORG5];
    const { channel, alice } = demoNetwork({ policy: 'majority', orgs });
    try {
      const policy = partiesAnd([ORG2, ORG4], 1, [ORG1, ORG3, ORG5]);
      await channel.submit(alice, 'demo:putWithPolicy', ['service', 'up', base64(policy)]);

      // A channel majority without the party Org4.
      const error = await failure(
        channel.submit(alice, 'demo:put', ['service', 'down'], {
          endorsingOrgs: [ORG1, ORG2, ORG3],
        }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'ENDORSEMENT_POLICY_FAILURE', statusCode: 10 });
      expect((await channel.ledger.getState('service'))?.toString()).toBe('up');
      expect((await channel.ledger.transactions()).at(-1)?.endorsingOrgs).toEqual([
        ORG1,
        ORG2,
        ORG3,
      ]);

      const planned = await channel.submit(alice, 'demo:put', ['service', 'degraded']);
      expect(planned.endorsingOrgs).toEqual([ORG1, ORG2, ORG4]);
      expect((await channel.ledger.getState('service'))?.toString()).toBe('degraded');
    } finally {
      await channel.close();
    }
  });

  it('refuses an organisation without a peer on the channel', async () => {
    const { channel, alice } = demoNetwork();
    try {
      await expect(
        channel.prepare(alice, 'demo:put', ['k', 'v'], { endorsingOrgs: [ORG1, ORG3] }),
      ).rejects.toThrow(`failed to find any endorsing peers for org(s): ${ORG3}`);
      const { endorsingOrgs } = await channel.prepare(alice, 'demo:put', ['k', 'v'], {
        endorsingOrgs: [ORG2, ORG1],
      });
      expect(endorsingOrgs).toEqual([ORG1, ORG2]);
    } finally {
      await channel.close();
    }
  });
});
