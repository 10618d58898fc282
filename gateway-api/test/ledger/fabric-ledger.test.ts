import { status } from '@grpc/grpc-js';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  SlaClient,
  TransactionConflict,
  TransactionInvalid,
  fabricLedger,
  type LedgerEvent,
  type LedgerPort,
} from '../../src';
import type { FakeGatewayService } from '../support/fake-gateway-service';
import { FakeFabric } from '../support/fake-fabric';
import { RecordedLog } from '../support/job-network';

const AWS_PEER = { address: 'peer0.aws.example.com:7051', mspId: 'AwsOrgMSP' };
const CONSUMER_PEER = { address: 'peer0.consumer.example.com:7051', mspId: 'ConsumerOrgMSP' };

describe('the Fabric ledger over gRPC', () => {
  let fabric: FakeFabric;
  let peer: FakeGatewayService;
  let ledger: LedgerPort;
  let log: RecordedLog;

  beforeEach(async () => {
    fabric = new FakeFabric();
    peer = await fabric.startPeer();
    log = new RecordedLog();
    ledger = fabricLedger(fabric.config([peer.port]), { logger: log });
  });
  afterEach(async () => {
    await ledger.close();
    await fabric.stop();
  });

  it('names its channels and identities', () => {
    expect(ledger.channels).toEqual(['channel-aws']);
    expect(ledger.identities()).toEqual([
      { name: 'aws-ops', mspId: 'AwsOrgMSP' },
      { name: 'aws-jobs', mspId: 'AwsOrgMSP' },
    ]);
  });

  it('submits (endorse, submit, commit status) and evaluates over one connection whatever the identity', async () => {
    peer.answer = (call) => ({ result: JSON.stringify({ called: call.args }) });
    const submitted = await ledger.submit('channel-aws', 'aws-ops', 'tokens:Mint', ['acc', '5']);
    expect(submitted).toEqual({
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
      result: '{"called":["tokens:Mint","acc","5"]}',
      blockNumber: 7,
    });
    await new SlaClient(ledger, 'channel-aws', 'aws-jobs').getService('jitsi');
    await ledger.submit('channel-aws', 'aws-jobs', 'services:Update', ['jitsi', '0', '60']);

    expect(peer.calls.map((call) => call.method)).toEqual([
      'Endorse',
      'Submit',
      'CommitStatus',
      'Evaluate',
      'Endorse',
      'Submit',
      'CommitStatus',
    ]);
    expect(new Set(peer.calls.map((call) => call.client)).size).toBe(1);
    expect(peer.calls[0]?.txId).toBe(submitted.txId);
  });

  it('sets a deadline on every call, and a call past it fails as LedgerUnavailable', async () => {
    peer.answer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return { result: '{}' };
    };
    const started = Date.now();
    const failure = await ledger
      .submit('channel-aws', 'aws-ops', 'services:Update', ['jitsi', '0', '60'])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LedgerUnavailable);
    expect((failure as Error).message).toMatch(/^DEADLINE_EXCEEDED: /);
    expect(Date.now() - started).toBeLessThan(1200);
    expect(peer.calls[0]?.deadlineInMs).toBeGreaterThan(200);
    expect(peer.calls[0]?.deadlineInMs).toBeLessThanOrEqual(400);

    peer.answer = () => ({ result: '{"ok":true}' });
    await expect(
      ledger.evaluate('channel-aws', 'aws-ops', 'services:Get', ['jitsi']),
    ).resolves.toBe('{"ok":true}');
    expect(new Set(peer.calls.map((call) => call.client)).size).toBe(1);
  });

  it("maps a chaincode refusal to a ChaincodeRejection naming the refusing organisation's peer", async () => {
    peer.answer = () => ({
      code: status.ABORTED,
      message: 'failed to endorse transaction, see attached details for more info',
      details: [
        { ...AWS_PEER, message: 'chaincode response 500, NOT_FOUND: service nope does not exist' },
      ],
    });
    const failure = await new SlaClient(ledger, 'channel-aws', 'aws-ops')
      .measure('nope', 0, 60)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChaincodeRejection);
    expect(failure).toMatchObject({
      code: 'NOT_FOUND',
      detail: 'service nope does not exist',
      endorsers: [{ mspId: 'AwsOrgMSP', peer: AWS_PEER.address }],
    });
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        fields: expect.objectContaining({
          code: 'ABORTED',
          details: [expect.objectContaining(AWS_PEER)],
        }),
      }),
    );
  });

  it('names the organisation whose monitor failed when its peer alone refused (ORACLE_UNAVAILABLE)', async () => {
    peer.answer = () => ({
      code: status.ABORTED,
      message:
        'failed to collect enough transaction endorsements, see attached details for more info',
      details: [
        {
          ...CONSUMER_PEER,
          message:
            'chaincode response 500, ORACLE_UNAVAILABLE: ConsumerOrgMSP has no monitoring credentials named "aws-monitoring" (needed for service jitsi); add them to its credentials store',
        },
      ],
    });
    const failure = await ledger
      .submit('channel-aws', 'aws-ops', 'services:UpdateMany', ['[]'])
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'ORACLE_UNAVAILABLE',
      endorsers: [expect.objectContaining({ mspId: 'ConsumerOrgMSP' })],
    });
    expect(log.at('warn')).toEqual([]);
  });

  it('maps endorsements that do not match, or a peer a block behind, to a TransactionConflict', async () => {
    peer.answer = () => ({
      code: status.ABORTED,
      message:
        'failed to collect enough transaction endorsements, see attached details for more info',
      details: [{ ...CONSUMER_PEER, message: 'ProposalResponsePayloads do not match' }],
    });
    await expect(
      ledger.submit('channel-aws', 'aws-ops', 'tokens:Collect', []),
    ).rejects.toMatchObject({
      constructor: TransactionConflict,
      reason: 'ENDORSEMENT_MISMATCH',
    });
    peer.answer = () => ({
      code: status.ABORTED,
      message:
        'failed to collect enough transaction endorsements, see attached details for more info',
      details: [
        {
          ...CONSUMER_PEER,
          message: 'chaincode response 500, FAILED_PRECONDITION: window [..) would leave a gap',
        },
      ],
    });
    await expect(
      ledger.submit('channel-aws', 'aws-ops', 'tokens:Collect', []),
    ).rejects.toMatchObject({
      constructor: TransactionConflict,
      reason: 'ENDORSEMENT_MISMATCH',
    });
    expect(log.at('warn')).toHaveLength(2);
  });

  it('maps invalid commit statuses: MVCC and phantom reads to conflicts, the rest to TransactionInvalid', async () => {
    peer.commitStatus = () => ({ code: 11, block: 9 });
    await expect(
      ledger.submit('channel-aws', 'aws-ops', 'tokens:Collect', []),
    ).rejects.toMatchObject({
      constructor: TransactionConflict,
      reason: 'MVCC_READ_CONFLICT',
    });
    peer.commitStatus = () => ({ code: 12, block: 9 });
    await expect(
      ledger.submit('channel-aws', 'aws-ops', 'tokens:Collect', []),
    ).rejects.toMatchObject({
      reason: 'PHANTOM_READ_CONFLICT',
    });
    peer.commitStatus = () => ({ code: 10, block: 9 });
    const invalid = await ledger
      .submit('channel-aws', 'aws-ops', 'tokens:Collect', [])
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(TransactionInvalid);
    expect(invalid).toMatchObject({
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('maps an evaluated refusal (gRPC UNKNOWN) to a ChaincodeRejection', async () => {
    peer.answer = () => ({
      code: status.UNKNOWN,
      message:
        'evaluate call to endorser returned error: chaincode response 500, FORBIDDEN: AwsOrgMSP may not read agreement a-1',
      details: [
        {
          ...AWS_PEER,
          message: 'chaincode response 500, FORBIDDEN: AwsOrgMSP may not read agreement a-1',
        },
      ],
    });
    await expect(
      ledger.evaluate('channel-aws', 'aws-ops', 'agreements:Get', ['a-1']),
    ).rejects.toMatchObject({
      constructor: ChaincodeRejection,
      code: 'FORBIDDEN',
    });
  });

  it('refuses channels and identities it does not hold', async () => {
    await expect(
      ledger.evaluate('channel-azure', 'aws-ops', 'services:Get', ['x']),
    ).rejects.toThrow('no channel channel-azure on this ledger');
    await expect(ledger.submit('channel-aws', 'alice', 'tokens:Collect', [])).rejects.toThrow(
      'no identity alice on this ledger',
    );
    expect(peer.calls).toEqual([]);
  });

  it('delivers chaincode events and resumes after its file checkpoint', async () => {
    peer.events.push(
      { block: 3, txId: 'tx-a', name: 'TokensMinted', payload: '{"n":1}' },
      { block: 3, txId: 'tx-b', name: 'TokensMinted', payload: '{"n":2}' },
      { block: 4, txId: 'tx-c', name: 'ServiceMeasured', payload: '{"n":3}' },
    );
    const read = async (count: number): Promise<LedgerEvent[]> => {
      const seen: LedgerEvent[] = [];
      const stop = new AbortController();
      for await (const event of ledger.events('channel-aws', { signal: stop.signal })) {
        seen.push(event);
        if (seen.length === count) break;
      }
      return seen;
    };

    const first = await read(2);
    expect(
      first.map((event) => [event.blockNumber, event.txId, event.name, event.payload]),
    ).toEqual([
      [3, 'tx-a', 'TokensMinted', '{"n":1}'],
      [3, 'tx-b', 'TokensMinted', '{"n":2}'],
    ]);
    // the second event was not yet asked past when the reader stopped: it comes again
    const again = await read(2);
    expect(again.map((event) => event.txId)).toEqual(['tx-b', 'tx-c']);
    expect(peer.eventStarts).toEqual([
      { block: 0, afterTxId: '' },
      { block: 3, afterTxId: 'tx-a' },
    ]);

    const after: LedgerEvent[] = [];
    const stop = new AbortController();
    const reading = (async () => {
      for await (const event of ledger.events('channel-aws', {
        after: { blockNumber: 3, txId: 'tx-b' },
        signal: stop.signal,
      })) {
        after.push(event);
        stop.abort();
      }
    })();
    await reading;
    expect(after.map((event) => event.txId)).toEqual(['tx-c']);
  });
});

describe('the Fabric ledger on several peers', () => {
  it("goes to a channel's next peer while the first cannot be reached, and needs the TLS host name", async () => {
    const fabric = new FakeFabric();
    const up = await fabric.startPeer();
    const down = await fabric.startPeer();
    const downPort = down.port;
    await down.stop();
    const log = new RecordedLog();
    const ledger = fabricLedger(fabric.config([downPort, up.port]), { logger: log });
    try {
      await ledger.submit('channel-aws', 'aws-ops', 'tokens:Collect', []);
      await ledger.evaluate('channel-aws', 'aws-ops', 'tokens:MyAccount', []);
      expect(up.calls.map((call) => call.method)).toEqual([
        'Endorse',
        'Submit',
        'CommitStatus',
        'Evaluate',
      ]);
      expect(log.at('warn')).toEqual([
        'peer peer0 cannot be reached; trying the next',
        'peer peer0 cannot be reached; trying the next',
      ]);
    } finally {
      await ledger.close();
    }

    const config = fabric.config([up.port]);
    const withoutOverride = fabricLedger(
      {
        ...config,
        peers: config.peers.map(({ hostNameOverride: _, ...peer }) => ({
          ...peer,
          endpoint: `localhost:${up.port}`,
        })),
      },
      { logger: log },
    );
    try {
      await expect(
        withoutOverride.evaluate('channel-aws', 'aws-ops', 'tokens:MyAccount', []),
      ).rejects.toBeInstanceOf(LedgerUnavailable);
    } finally {
      await withoutOverride.close();
      await fabric.stop();
    }
  });
});
