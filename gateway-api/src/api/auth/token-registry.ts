import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { HeldIdentity } from '../../ledger/ledger-port';
import { hashToken, readTokensFile, type TokenRole } from './tokens-file';

/** Who a request comes from, once its bearer token is known. */
export interface Caller {
  tokenId: string;
  /** The identity the ledger port holds, by its configured name. */
  identity: string;
  mspId: string;
  role: TokenRole;
}

export type Authentication =
  | { outcome: 'known'; caller: Caller }
  | { outcome: 'unknown' }
  /** The tokens file cannot be read or is malformed: nobody is let in until it is fixed. */
  | { outcome: 'unavailable' };

export interface TokenRegistry {
  authenticate(token: string): Promise<Authentication>;
}

interface Snapshot {
  /** What identifies the file's version on disk; a change (including a rename over it) means re-read. */
  signature: string;
  callers: ReadonlyMap<string, Caller> | undefined;
}

/**
 * The tokens of a tokens file, re-read whenever the file changes: each
 * request stats the file (cheap) and reads it again when its inode, size or
 * modification time moved, so a revocation or rotation takes effect on the
 * next request, without a restart. Entries naming an identity the ledger
 * port does not hold are skipped with a warning.
 */
export function tokensFromFile(
  path: string,
  identities: readonly HeldIdentity[],
  logger: Logger,
): TokenRegistry {
  const mspOf = new Map(identities.map((held) => [held.name, held.mspId]));
  let snapshot: Snapshot | undefined;
  let loading: { signature: string; snapshot: Promise<Snapshot> } | undefined;

  const load = async (signature: string): Promise<Snapshot> => {
    try {
      const file = await readTokensFile(path);
      const callers = new Map<string, Caller>();
      for (const entry of file.tokens) {
        const mspId = mspOf.get(entry.identity);
        if (mspId === undefined) {
          logger.warn(
            { tokenId: entry.id, identity: entry.identity },
            'a token names an identity this gateway does not hold; it is ignored',
          );
          continue;
        }
        callers.set(entry.sha256, {
          tokenId: entry.id,
          identity: entry.identity,
          mspId,
          role: entry.role,
        });
      }
      logger.info({ tokens: callers.size }, 'tokens file loaded');
      return { signature, callers };
    } catch (error) {
      logger.error(
        { error: (error as Error).message },
        'the tokens file cannot be used; every request is refused until it is fixed',
      );
      return { signature, callers: undefined };
    }
  };

  const current = async (): Promise<Snapshot> => {
    const signature = await signatureOf(path);
    if (snapshot?.signature === signature) return snapshot;
    let pending = loading?.signature === signature ? loading.snapshot : undefined;
    if (pending === undefined) {
      const started = { signature, snapshot: load(signature) };
      loading = started;
      void started.snapshot.finally(() => {
        if (loading === started) loading = undefined;
      });
      pending = started.snapshot;
    }
    snapshot = await pending;
    return snapshot;
  };

  return {
    async authenticate(token) {
      const { callers } = await current();
      if (callers === undefined) return { outcome: 'unavailable' };
      const caller = callers.get(hashToken(token));
      return caller === undefined ? { outcome: 'unknown' } : { outcome: 'known', caller };
    },
  };
}

async function signatureOf(path: string): Promise<string> {
  try {
    const info = await stat(path, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  } catch (error) {
    return `missing:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}
