import { join } from 'node:path';
import { defaultDataDir } from '../api/config';
import {
  TOKEN_ROLES,
  isoNow,
  newToken,
  hashToken,
  updateTokensFile,
  readTokensFile,
  type TokenRole,
} from '../api/auth/tokens-file';

/**
 * `npm run tokens -w gateway-api -- <command>`: manages the gateway's bearer
 * tokens file (SLA_TOKENS_FILE, or --file). A running gateway sees every
 * change on its next request.
 *
 *   add <identity> [--role member|viewer] [--note text]   prints a new token, once
 *   revoke <token id | token>
 *   list                                                  ids, identities, roles; never tokens
 */

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const USAGE = `usage: npm run tokens -w gateway-api -- <command> [--file tokens.json]
  add <identity> [--role member|viewer] [--note text]   create a token for an identity the gateway holds; prints it once
  revoke <token id | token>                             remove a token (a running gateway refuses it at once)
  list                                                  the tokens' ids, identities and roles (never the tokens)
The file is --file, else SLA_TOKENS_FILE, else tokens.json in SLA_DATA_DIR (the gateway's default).`;

export async function runTokensCli(argv: readonly string[], io: CliIo): Promise<number> {
  const { positional, options } = parseArguments(argv);
  const file =
    options.get('file') ||
    io.env.SLA_TOKENS_FILE ||
    join(io.env.SLA_DATA_DIR || defaultDataDir(io.env), 'tokens.json');
  const [command, subject] = positional;
  if (command === undefined || command === 'help' || options.has('help')) {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case 'add': {
      if (subject === undefined) return usage(io, 'add needs the identity the token acts as');
      const role = (options.get('role') ?? 'member') as TokenRole;
      if (!TOKEN_ROLES.includes(role))
        return usage(io, `--role must be one of ${TOKEN_ROLES.join(', ')}`);
      const note = options.get('note');
      const { token, id } = newToken();
      try {
        await updateTokensFile(file, (current) => ({
          file: {
            ...current,
            tokens: [
              ...current.tokens,
              {
                id,
                sha256: hashToken(token),
                identity: subject,
                role,
                createdAt: isoNow(),
                ...(note === undefined ? {} : { note }),
              },
            ],
          },
          result: undefined,
        }));
      } catch (error) {
        io.err((error as Error).message);
        return 1;
      }
      io.err(`token ${id} for ${subject} (${role}) added to ${file}; it is shown once:`);
      io.out(token);
      return 0;
    }
    case 'revoke': {
      if (subject === undefined) return usage(io, 'revoke needs a token id or the token');
      const hash = hashToken(subject);
      const removed = await updateTokensFile(file, (current) => {
        const kept = current.tokens.filter(
          (entry) => entry.id !== subject && entry.sha256 !== hash,
        );
        return { file: { ...current, tokens: kept }, result: current.tokens.length - kept.length };
      });
      if (removed === 0) {
        io.err(`no token ${subject.startsWith('tok-') ? subject : '(the one given)'} in ${file}`);
        return 1;
      }
      io.err(`revoked ${removed} token(s) in ${file}`);
      return 0;
    }
    case 'list': {
      for (const entry of (await readTokensFile(file)).tokens) {
        io.out(
          `${entry.id}\t${entry.identity}\t${entry.role}\t${entry.createdAt}${entry.note === undefined ? '' : `\t${entry.note}`}`,
        );
      }
      return 0;
    }
    default:
      return usage(io, `unknown command ${JSON.stringify(command)}`);
  }
}

function usage(io: CliIo, problem: string): number {
  io.err(problem);
  io.err(USAGE);
  return 2;
}

function parseArguments(argv: readonly string[]): {
  positional: string[];
  options: Map<string, string>;
} {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--help') options.set('help', '');
    else if (argument.startsWith('--')) {
      const [name, inline] = argument.slice(2).split('=', 2) as [string, string | undefined];
      const value = inline ?? argv[index + 1];
      if (inline === undefined) index += 1;
      if (value !== undefined) options.set(name, value);
    } else positional.push(argument);
  }
  return { positional, options };
}

if (require.main === module) {
  runTokensCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
