import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointers,
  type ChaincodeEvent,
  type Checkpoint,
  type Checkpointer,
  type Network,
} from '@hyperledger/fabric-gateway';
import type { EventCheckpoint, LedgerEvent } from '../ledger-port';
import { ledgerErrorFrom } from './fabric-errors';

export interface ChaincodeEventsOptions {
  network: Network;
  chaincode: string;
  channel: string;
  after?: EventCheckpoint;
  signal?: AbortSignal;
  /** Keeps `<channel>.json` there (fabric-gateway's file checkpointer) when no `after` is given. */
  checkpointDirectory?: string;
}

/**
 * The chaincode's events on one channel: after the caller's checkpoint; or,
 * without one, after this gateway's file checkpoint (each event is
 * checkpointed once the reader asks for the next, so none is lost when the
 * process stops); or from the first block.
 */
export async function* chaincodeEvents(
  options: ChaincodeEventsOptions,
): AsyncGenerator<LedgerEvent> {
  const { network, chaincode, channel, after, signal } = options;
  if (signal?.aborted) return;
  const fileCheckpoint =
    after === undefined && options.checkpointDirectory !== undefined
      ? await fileCheckpointer(options.checkpointDirectory, channel)
      : undefined;
  const checkpoint = after === undefined ? fileCheckpoint : checkpointOf(after);
  let events: AsyncIterable<ChaincodeEvent> & { close(): void };
  try {
    events = await network.getChaincodeEvents(chaincode, {
      ...(checkpoint === undefined ? {} : { checkpoint }),
      startBlock: 0n,
    });
  } catch (error) {
    throw ledgerErrorFrom(error);
  }
  const stop = (): void => events.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const event of events) {
      yield {
        channel,
        blockNumber: Number(event.blockNumber),
        txId: event.transactionId,
        name: event.eventName,
        payload: Buffer.from(event.payload).toString('utf8'),
      };
      await fileCheckpoint?.checkpointChaincodeEvent(event);
    }
  } catch (error) {
    if (!signal?.aborted) throw ledgerErrorFrom(error);
  } finally {
    signal?.removeEventListener('abort', stop);
    events.close();
  }
}

async function fileCheckpointer(directory: string, channel: string): Promise<Checkpointer> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  return checkpointers.file(join(directory, `${channel}.json`));
}

function checkpointOf(after: EventCheckpoint): Checkpoint {
  return {
    getBlockNumber: () => BigInt(after.blockNumber),
    getTransactionId: () => after.txId,
  };
}
