/**
 * Block headers hash as Fabric's protoutil does; a chain of blocks verifies and a changed block
 * does not. The expected bytes come from Go's encoding/asn1 marshalling protoutil's asn1Header
 * (number as big.Int, previous_hash, data_hash), as `BlockHeaderBytes` does.
 */
import { createHash } from 'crypto';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  chainFault,
  createBlock,
  headerOf,
  setTransactionsFilter,
} from '../src/block-format';
import { createIdentity } from '../src/identities';

const DATA_HASH = createHash('sha256').update('envelope-1envelope-2').digest();
const PREVIOUS = createHash('sha256').update('previous').digest();
const TAIL =
  '04206da0633528deaa0144e7b058315f0b753ec0b945163a72bf96a0d18180f9de0d042069d782f746adf369c072aba1a4142b27980c56b4d965903754be6bb47bb80ec0';

describe('block header bytes and hash (protoutil BlockHeaderBytes / BlockHeaderHash)', () => {
  it.each([
    [1, `3047020101${TAIL}`, '4e5f669398e64b6464b49f1306259ebc768a4f04771432e8d6ebeef2a3d18745'],
    [127, `304702017f${TAIL}`, '2ca9a65519e86a9cfa39c088bf72b7871f01f2e21a19a96a6bd9abfe49b3e2b1'],
    [
      128,
      `304802020080${TAIL}`,
      '129bda25d61bca5e0d9bd87ac5d62a31fbd455535d633f85244480d4ba7cab61',
    ],
    [
      255,
      `3048020200ff${TAIL}`,
      '7a9997532c73385563d8e4d95ae6339589dca4cb721f3981ad132832d7c45d9a',
    ],
    [
      256,
      `304802020100${TAIL}`,
      '6bb01615bcdd7bf29ba17960ec4f4d31285a6f6e53db74e9a0f0c564edb5540b',
    ],
    [
      2 ** 40,
      `304c0206010000000000${TAIL}`,
      '4d0fa2397ef60f5e7c8043d0fdc24ad9cbaefa4ceb108d9af4de467c71ad58de',
    ],
  ])('encodes block %d as Go does', (number, der, hash) => {
    const header = { number, previousHash: PREVIOUS, dataHash: DATA_HASH };
    expect(blockHeaderBytes(header).toString('hex')).toBe(der);
    expect(blockHeaderHash(header).toString('hex')).toBe(hash);
  });

  it('encodes the genesis header with an empty previous hash', () => {
    const header = { number: 0, previousHash: new Uint8Array(), dataHash: DATA_HASH };
    expect(blockHeaderHash(header).toString('hex')).toBe(
      'a1d92357f0bcd2f91c7ad880824786fef5fd539adce9c1a8b314cd3dc093bc43',
    );
  });

  it('hashes the concatenated envelopes as the data hash (ComputeBlockDataHash)', () => {
    expect(blockDataHash([Buffer.from('envelope-1'), Buffer.from('envelope-2')])).toEqual(
      DATA_HASH,
    );
  });
});

describe('chain verification', () => {
  const orderer = createIdentity({
    mspId: 'OrdererMSP',
    commonName: 'orderer0',
    nodeOu: 'orderer',
  });
  const first = createBlock(0, new Uint8Array(), [Buffer.from('config')], orderer);
  setTransactionsFilter(first, [0]);
  const firstHash = blockHeaderHash(headerOf(first));

  it('accepts a block that follows the previous header, signed by the orderer', () => {
    const next = createBlock(1, firstHash, [Buffer.from('a'), Buffer.from('b')], orderer);
    setTransactionsFilter(next, [0, 11]);
    expect(chainFault(first, 0, new Uint8Array())).toBeUndefined();
    expect(chainFault(next, 1, firstHash)).toBeUndefined();
  });

  it('finds a changed transaction, a broken link, a wrong number and a missing filter', () => {
    const changed = createBlock(1, firstHash, [Buffer.from('a')], orderer);
    setTransactionsFilter(changed, [0]);
    changed.getData()?.setDataList([Buffer.from('A')]);
    expect(chainFault(changed, 1, firstHash)).toBe(
      'block 1: data_hash does not match its transactions',
    );
    const unlinked = createBlock(1, Buffer.alloc(32), [Buffer.from('a')], orderer);
    setTransactionsFilter(unlinked, [0]);
    expect(chainFault(unlinked, 1, firstHash)).toBe(
      "block 1: previous_hash does not match the hash of block 0's header",
    );
    expect(chainFault(unlinked, 2, firstHash)).toBe('block 2 carries number 1');
    const unfiltered = createBlock(1, firstHash, [Buffer.from('a')], orderer);
    expect(chainFault(unfiltered, 1, firstHash)).toBe(
      'block 1: TRANSACTIONS_FILTER does not hold one code per transaction',
    );
  });

  it('finds a header changed after the orderer signed it', () => {
    const resigned = createBlock(1, firstHash, [Buffer.from('a')], orderer);
    setTransactionsFilter(resigned, [0]);
    const header = resigned.getHeader();
    header?.setDataHash(blockDataHash([Buffer.from('b')]));
    resigned.getData()?.setDataList([Buffer.from('b')]);
    expect(chainFault(resigned, 1, firstHash)).toBe(
      "block 1: the orderer's signature does not verify",
    );
  });
});
