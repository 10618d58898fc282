import { z } from 'zod';
import { writeFileAtomically } from '../files/atomic-write';
import { readKeptJson } from '../files/kept-json';
import { hashToken, isoNow, newToken, updateTokensFile } from '../api/auth/tokens-file';

/** Where the demo keeps its tokens in the clear, so every start can print them again. */
export const DEMO_TOKENS_FILE = 'demo-tokens.json';

/**
 * One member token per demo identity, added to the tokens file on the first
 * start and kept in the clear beside it (owner-only) for the next starts to
 * print. A demo convenience: an organisation's gateway hands out tokens with
 * `npm run tokens`, which shows each once and keeps only its hash.
 */
export async function demoTokens(
  clearFile: string,
  tokensFile: string,
  identities: readonly string[],
): Promise<Record<string, string>> {
  const kept = readKeptJson(clearFile, z.record(z.string(), z.string())) ?? {};
  const missing = identities.filter((identity) => kept[identity] === undefined);
  if (missing.length === 0) return kept;
  const created = missing.map((identity) => ({ identity, ...newToken() }));
  await updateTokensFile(tokensFile, (file) => ({
    file: {
      ...file,
      tokens: [
        ...file.tokens,
        ...created.map(({ identity, id, token }) => ({
          id,
          sha256: hashToken(token),
          identity,
          role: 'member' as const,
          createdAt: isoNow(),
          note: 'demo token (npm start)',
        })),
      ],
    },
    result: undefined,
  }));
  for (const { identity, token } of created) kept[identity] = token;
  await writeFileAtomically(clearFile, `${JSON.stringify(kept, null, 2)}\n`);
  return kept;
}
