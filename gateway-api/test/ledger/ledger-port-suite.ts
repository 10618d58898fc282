import {
  ChaincodeRejection,
  SlaClient,
  TransactionConflict,
  retrying,
  type LedgerEvent,
  type LedgerPort,
} from '../../src';

/**
 * What every ledger behind the port must do, run here on the embedded
 * ledger and by the network work on real peers. The ledger holds channel
 * `channel-aws` (ConsumerOrgMSP and AwsOrgMSP, tokens issued by
 * ConsumerOrgMSP) and the identities `consumer-admin` (admin),
 * `consumer-treasury` (role=issuer), `consumer-alice`, `consumer-bob` and
 * `aws-ops`; a fresh one per test.
 */
export function describeLedgerPort(name: string, open: () => Promise<LedgerPort>): void {
  describe(`the ledger port on ${name}`, () => {
    let ledger: LedgerPort;
    let admin: SlaClient;
    beforeEach(async () => {
      ledger = await open();
      admin = new SlaClient(ledger, 'channel-aws', 'consumer-admin');
      await admin.initTokens({ issuerMsps: ['ConsumerOrgMSP'] });
    });
    afterEach(async () => {
      await ledger.close();
    });

    it('names its channels and the identities it holds', () => {
      expect(ledger.channels).toContain('channel-aws');
      expect(ledger.identities()).toEqual(
        expect.arrayContaining([
          { name: 'consumer-alice', mspId: 'ConsumerOrgMSP' },
          { name: 'aws-ops', mspId: 'AwsOrgMSP' },
        ]),
      );
    });

    it('submits, commits and returns the chaincode result; evaluates without writing', async () => {
      const alice = admin.as('consumer-alice');
      const account = await alice.myAccount();
      const submitted = await ledger.submit('channel-aws', 'consumer-treasury', 'tokens:Mint', [
        account.accountId,
        '1500',
      ]);
      expect(submitted.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(submitted.blockNumber).toBeGreaterThan(0);
      expect(JSON.parse(submitted.result)).toEqual({
        accountId: account.accountId,
        minted: '1500',
      });
      await expect(alice.myAccount()).resolves.toMatchObject({ arriving: '1500', spendable: '0' });
    });

    it('turns a refusal of the chaincode into a ChaincodeRejection naming the code and the field', async () => {
      const failure = await admin
        .as('consumer-treasury')
        .mint('not-an-account', '5')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ChaincodeRejection);
      expect(failure).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'accountId' });
      const forbidden = await admin
        .as('consumer-alice')
        .mint('ConsumerOrgMSP::/CN=x', '5')
        .catch((error: unknown) => error);
      expect(forbidden).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('reports a lost race as a TransactionConflict, which a retrying ledger submits again', async () => {
      const alice = admin.as('consumer-alice');
      const bob = await admin.as('consumer-bob').myAccount();
      await admin.as('consumer-treasury').mint((await alice.myAccount()).accountId, '100');
      await alice.collect();
      const spend = (): Promise<unknown> =>
        ledger
          .submit('channel-aws', 'consumer-alice', 'tokens:Transfer', [bob.accountId, '10'])
          .then(
            () => 'committed',
            (error: unknown) => error,
          );
      const outcomes = await Promise.all([spend(), spend()]);
      expect(outcomes).toContain('committed');
      expect(outcomes.find((outcome) => outcome !== 'committed')).toBeInstanceOf(
        TransactionConflict,
      );
      const patient = retrying(ledger, { attempts: 5, baseDelayMs: 10 });
      const both = await Promise.all(
        [1, 2].map(() =>
          patient.submit('channel-aws', 'consumer-alice', 'tokens:Transfer', [bob.accountId, '10']),
        ),
      );
      expect(both).toHaveLength(2);
      await expect(alice.myAccount()).resolves.toMatchObject({ spendable: '70' });
    });

    it('delivers chaincode events after a checkpoint, then as they commit', async () => {
      const alice = await admin.as('consumer-alice').myAccount();
      const treasury = admin.as('consumer-treasury');
      const first = await ledger.submit('channel-aws', 'consumer-treasury', 'tokens:Mint', [
        alice.accountId,
        '1',
      ]);
      await treasury.mint(alice.accountId, '2');
      const controller = new AbortController();
      const seen: LedgerEvent[] = [];
      const reading = (async () => {
        for await (const event of ledger.events('channel-aws', {
          after: { blockNumber: first.blockNumber, txId: first.txId },
          signal: controller.signal,
        })) {
          seen.push(event);
          if (seen.length === 2) controller.abort();
        }
      })();
      await treasury.mint(alice.accountId, '3');
      await reading;
      expect(seen.map((event) => [event.name, JSON.parse(event.payload).amount])).toEqual([
        ['TokensMinted', '2'],
        ['TokensMinted', '3'],
      ]);
    });
  });
}
