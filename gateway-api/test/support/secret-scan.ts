import type { EmbeddedLedger } from '../../src';

/**
 * Every place of the embedded ledger a secret could have reached, and
 * which of them holds `secret`: world state (keys and values), each key's
 * history, chaincode events, and every transaction of every block —
 * arguments, write set, response and the signed envelope as stored.
 */
export async function placesHolding(ledger: EmbeddedLedger, secret: string): Promise<string[]> {
  const found: string[] = [];
  const needle = Buffer.from(secret, 'utf8');
  const holds = (bytes: Uint8Array | string | undefined): boolean =>
    bytes !== undefined && Buffer.from(bytes).includes(needle);
  for (const channel of ledger.channels) {
    const view = await ledger.ledgerView(channel);
    for (const entry of await view.entries()) {
      if (holds(entry.key) || holds(entry.value)) found.push(`${channel} state ${entry.key}`);
      for (const change of await view.history(entry.key)) {
        if (holds(change.value)) found.push(`${channel} history ${entry.key}`);
      }
    }
    for (const event of await view.events()) {
      if (holds(event.payload) || holds(event.name)) found.push(`${channel} event ${event.txId}`);
    }
    for (const block of await view.blocks()) {
      for (const tx of block.transactions) {
        const where = `${channel} block ${block.number} tx ${tx.txId}`;
        if (tx.args.some((arg) => holds(arg))) found.push(`${where} arguments`);
        if (tx.writes.some((write) => holds(write.key) || holds(write.value)))
          found.push(`${where} writes`);
        if (holds(tx.response.payload) || holds(tx.response.message))
          found.push(`${where} response`);
        if (holds(tx.envelope)) found.push(`${where} envelope`);
      }
    }
  }
  return found;
}

/** How many blocks of transactions the scan read, so a test can tell it read something. */
export async function transactionsScanned(ledger: EmbeddedLedger): Promise<number> {
  let count = 0;
  for (const channel of ledger.channels) {
    count += (await (await ledger.ledgerView(channel)).transactions()).length;
  }
  return count;
}
