/**
 * What the chaincode and the ledger see of a transaction: ids computed like Fabric clients,
 * timestamps from the caller or the channel clock, transient data kept off the ledger, and the
 * envelope stored in the block with verifiable signatures.
 */
import { createHash, verify, X509Certificate } from 'crypto';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { createIdentity } from '../src/identities';
import { EmbeddedChannel, EndorsementError, chaincodeFromContracts } from '../src';
import { makeDemoContract } from './fixtures/demo-contract';
import { ORG1, ORG2, demoNetwork, json, type DemoNetwork } from './fixtures/demo-network';

interface TxInfo {
  txId: string;
  channelId: string;
  date: string;
  seconds: string;
  nanos: number;
  args: string[];
  transient: Record<string, string>;
  creatorMspId: string;
  creatorPem: string;
  signatureLength: number;
  binding: string;
}

function parseEnvelope(bytes: Buffer) {
  const envelope = common.Envelope.deserializeBinary(bytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader() as common.Header;
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const signatureHeader = common.SignatureHeader.deserializeBinary(
    header.getSignatureHeader_asU8(),
  );
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(
    transaction.getActionsList()[0].getPayload_asU8(),
  );
  const endorsed = actionPayload.getAction() as peer.ChaincodeEndorsedAction;
  return { envelope, channelHeader, signatureHeader, actionPayload, endorsed };
}

describe('transaction format', () => {
  let net: DemoNetwork;

  beforeEach(() => {
    net = demoNetwork();
  });

  afterEach(() => net.channel.close());

  it('computes the transaction id as hex(sha256(nonce || creator)) like Fabric clients', async () => {
    const { channel, alice } = net;
    const result = await channel.submit(alice, 'demo:put', ['k', 'v']);
    const record = await channel.ledger.transaction(result.txId);
    const { channelHeader, signatureHeader } = parseEnvelope(record?.envelope as Buffer);

    const nonce = signatureHeader.getNonce_asU8();
    const creator = signatureHeader.getCreator_asU8();
    expect(nonce).toHaveLength(24);
    expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sha256').update(nonce).update(creator).digest('hex')).toBe(result.txId);
    expect(channelHeader.getTxId()).toBe(result.txId);
    expect(channelHeader.getType()).toBe(common.HeaderType.ENDORSER_TRANSACTION);
    expect(channelHeader.getChannelId()).toBe('demo-channel');
    const identity = msp.SerializedIdentity.deserializeBinary(creator);
    expect(identity.getMspid()).toBe(ORG1);
    expect(Buffer.from(identity.getIdBytes_asU8()).toString()).toBe(alice.certificate);
  });

  it('gives the chaincode the proposal’s tx id, channel, timestamp, creator, args and transient data', async () => {
    const { channel, alice } = net;
    const timestamp = new Date('2025-06-30T23:59:58.123Z');
    channel.clock = () => new Date('2025-07-01T00:00:00Z');
    const simulation = await channel.simulate(alice, 'demo:txInfo', [], {
      timestamp,
      transient: { apiKey: 's3cr3t' },
    });
    const info = json<TxInfo>(simulation.payload);
    expect(info).toMatchObject({
      txId: simulation.txId,
      channelId: 'demo-channel',
      date: '2025-06-30T23:59:58.123Z',
      seconds: String(Math.floor(timestamp.getTime() / 1000)),
      nanos: 123_000_000,
      args: ['demo:txInfo'],
      transient: { apiKey: 's3cr3t' },
      creatorMspId: ORG1,
      creatorPem: alice.certificate,
    });
    expect(info.signatureLength).toBeGreaterThan(60);
    expect(info.binding).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps arguments on the ledger and transient data off it', async () => {
    const { channel, alice } = net;
    const result = await channel.submit(alice, 'demo:put', ['visible-key', 'visible-value'], {
      transient: { secret: 'transient-only-value' },
    });
    const record = await channel.ledger.transaction(result.txId);
    expect(record).toMatchObject({
      functionName: 'demo:put',
      args: ['visible-key', 'visible-value'],
      creatorMspId: ORG1,
      validationCode: 'VALID',
    });
    const envelope = record?.envelope as Buffer;
    expect(envelope.includes(Buffer.from('visible-value'))).toBe(true);
    expect(envelope.includes(Buffer.from('transient-only-value'))).toBe(false);
  });

  it('stores an envelope signed by the client and endorsements signed by each peer', async () => {
    const { channel, alice } = net;
    const result = await channel.submit(alice, 'demo:put', ['k', 'v']);
    const { envelope, endorsed } = parseEnvelope(
      (await channel.ledger.transaction(result.txId))?.envelope as Buffer,
    );

    const clientKey = new X509Certificate(alice.certificate).publicKey;
    expect(
      verify('sha256', envelope.getPayload_asU8(), clientKey, envelope.getSignature_asU8()),
    ).toBe(true);

    const prp = endorsed.getProposalResponsePayload_asU8();
    const endorsers = endorsed.getEndorsementsList().map((endorsement) => {
      const identity = msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8());
      const key = new X509Certificate(Buffer.from(identity.getIdBytes_asU8())).publicKey;
      const signed = Buffer.concat([prp, endorsement.getEndorser_asU8()]);
      expect(verify('sha256', signed, key, endorsement.getSignature_asU8())).toBe(true);
      return identity.getMspid();
    });
    expect(endorsers).toEqual([ORG1, ORG2]);
  });

  it('uses the channel clock when no timestamp is given', async () => {
    const { channel, alice } = net;
    channel.clock = () => new Date('2030-01-01T00:00:00.000Z');
    const result = await channel.submit(alice, 'demo:put', ['k', 'v']);
    expect((await channel.ledger.transaction(result.txId))?.timestamp).toEqual(
      new Date('2030-01-01T00:00:00.000Z'),
    );
  });
});

describe('peer time window', () => {
  it('refuses proposals more than a minute from the peer clock by default', async () => {
    const channel = new EmbeddedChannel({
      channelId: 'tw-default',
      endorsers: [{ mspId: ORG1, chaincode: chaincodeFromContracts([makeDemoContract()]) }],
      policy: 'all',
      clock: () => new Date('2025-01-01T12:00:00Z'),
      shimLogLevel: 'CRITICAL',
    });
    const alice = createIdentity({ mspId: ORG1, commonName: 'alice' });
    try {
      await channel.submit(alice, 'demo:put', ['k', 'v'], {
        timestamp: new Date('2025-01-01T11:59:00Z'),
      });
      await expect(
        channel.submit(alice, 'demo:put', ['k', 'v'], {
          timestamp: new Date('2025-01-01T12:01:00.001Z'),
        }),
      ).rejects.toThrow(
        'request unauthorized due to incorrect timestamp 2025-01-01T12:01:00Z, peer time 2025-01-01T12:00:00Z, peer.authentication.timewindow 1m0s',
      );
    } finally {
      await channel.close();
    }
  });

  it('refuses proposals outside a configured window', async () => {
    const channel = new EmbeddedChannel({
      channelId: 'tw',
      endorsers: [{ mspId: ORG1, chaincode: chaincodeFromContracts([makeDemoContract()]) }],
      policy: 'all',
      clock: () => new Date('2025-01-01T12:00:00Z'),
      timeWindowMs: 15 * 60_000,
      shimLogLevel: 'CRITICAL',
    });
    const alice = createIdentity({ mspId: ORG1, commonName: 'alice' });
    try {
      await channel.submit(alice, 'demo:put', ['k', 'v'], {
        timestamp: new Date('2025-01-01T12:14:00Z'),
      });
      await expect(
        channel.submit(alice, 'demo:put', ['k', 'v'], {
          timestamp: new Date('2025-01-01T12:16:00Z'),
        }),
      ).rejects.toThrow(
        new EndorsementError({
          message:
            'request unauthorized due to incorrect timestamp 2025-01-01T12:16:00Z, peer time 2025-01-01T12:00:00Z, peer.authentication.timewindow 15m0s',
          txId: '',
          endorser: '',
        }),
      );
    } finally {
      await channel.close();
    }
  });
});
