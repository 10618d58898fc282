import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { closedObject, firstIssue, oneOf } from '@sla-ledger/chaincode/schemas';
import { serialisedOn, writeFileAtomically } from '../../files/atomic-write';

/**
 * The tokens file the operator edits (by hand or with `npm run tokens`):
 * each bearer token maps to one identity the gateway holds and a role. Only
 * the SHA-256 of a token is kept, so the file gives no token away.
 *
 * {
 *   "format": "sla-ledger-tokens/1",
 *   "tokens": [
 *     { "id": "tok-3f9a1c2e", "sha256": "<64 hex>", "identity": "consumer-alice",
 *       "role": "member", "createdAt": "2026-11-25T10:00:00Z", "note": "alice's laptop" }
 *   ]
 * }
 */

export const TOKENS_FORMAT = 'sla-ledger-tokens/1';

/** `viewer`: reads only (GET and the event stream); `member`: reads and writes, as far as the chaincode lets the identity. */
export const TOKEN_ROLES = ['viewer', 'member'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

const TOKEN_ID = /^tok-[0-9a-f]{8,32}$/;
const IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export const TokenEntry = closedObject({
  id: z.string().regex(TOKEN_ID, { error: 'must be "tok-" and 8 to 32 hex digits' }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hex digits' }),
  identity: z.string().regex(IDENTITY_NAME, {
    error: 'must name an identity the gateway holds (letters, digits, ".", "_", "@", "-")',
  }),
  role: oneOf(TOKEN_ROLES),
  createdAt: z.string().max(64),
  note: z.string().max(256).optional(),
});
export type TokenEntry = z.output<typeof TokenEntry>;

export const TokensFile = closedObject({
  format: z.literal(TOKENS_FORMAT, { error: `must be "${TOKENS_FORMAT}"` }),
  tokens: z.array(TokenEntry).max(10_000),
});
export type TokensFile = z.output<typeof TokensFile>;

export class TokensFileError extends Error {}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random bearer token (256 bits) and the id that names it in the file. */
export function newToken(): { token: string; id: string } {
  return {
    token: `slt_${randomBytes(32).toString('base64url')}`,
    id: `tok-${randomBytes(4).toString('hex')}`,
  };
}

export function emptyTokensFile(): TokensFile {
  return { format: TOKENS_FORMAT, tokens: [] };
}

export function parseTokensFile(text: string, source: string): TokensFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TokensFileError(`${source} is not JSON`);
  }
  const result = TokensFile.safeParse(value);
  if (!result.success) {
    const { field, reason } = firstIssue(result.error.issues, '');
    throw new TokensFileError(`${source}: ${field} ${reason}`);
  }
  const ids = new Set<string>();
  for (const entry of result.data.tokens) {
    if (ids.has(entry.id))
      throw new TokensFileError(`${source}: token id ${entry.id} appears twice`);
    ids.add(entry.id);
  }
  return result.data;
}

/** The file's tokens; a file that does not exist yet holds none. */
export async function readTokensFile(path: string): Promise<TokensFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyTokensFile();
    throw new TokensFileError(
      `cannot read the tokens file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseTokensFile(text, path);
}

/** Reads, changes and rewrites the file atomically, one change at a time. */
export function updateTokensFile<T>(
  path: string,
  change: (file: TokensFile) => { file: TokensFile; result: T },
): Promise<T> {
  return serialisedOn(path, async () => {
    const { file, result } = change(await readTokensFile(path));
    await writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`);
    return result;
  });
}

export function isoNow(clock: () => Date = () => new Date()): string {
  return clock()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}
