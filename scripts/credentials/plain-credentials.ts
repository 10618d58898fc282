/**
 * Reads the plain credentials file an operator seals. Whatever is wrong with it, the error
 * says where (line and column) and never what: Node's JSON.parse messages quote the text
 * around the fault, which here is a neighbourhood of a secret.
 */
import { readFileSync } from 'node:fs';
import {
  CredentialsStoreError,
  type MonitoringCredentials,
} from '@sla-ledger/chaincode/credentials';

export function readPlainCredentials(path: string): Record<string, MonitoringCredentials> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CredentialsStoreError(
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return JSON.parse(text) as Record<string, MonitoringCredentials>;
  } catch (error) {
    throw new CredentialsStoreError(`${path} is not valid JSON${whereIn(text, error)}`);
  }
}

/** " at line L, column C" of the first character JSON.parse refuses, or "" at the end of the text. */
function whereIn(text: string, error: unknown): string {
  const offset = positionIn(error) ?? firstRefusedOffset(text);
  if (offset === undefined || offset >= text.length) {
    return ' (it ends too early)';
  }
  const lines = text.slice(0, offset).split('\n');
  return ` at line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
}

function positionIn(error: unknown): number | undefined {
  const position = /\bposition (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? undefined : Number(position);
}

/**
 * Where JSON.parse first refuses the text when its message names no position (it quotes the
 * text instead): the shortest prefix that fails for another reason than ending too early
 * ends with the refused character.
 */
function firstRefusedOffset(text: string): number | undefined {
  const refused = (length: number): boolean => {
    const prefix = text.slice(0, length);
    try {
      JSON.parse(prefix);
      return false;
    } catch (error) {
      const position = positionIn(error);
      if (position !== undefined) return position < prefix.length;
      return !/end of (JSON )?input/i.test(error instanceof Error ? error.message : '');
    }
  };
  if (!refused(text.length)) return undefined;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (refused(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}
