import { z } from 'zod';
import { CREDENTIAL_VALUE_REASON, INVISIBLE, looksLikeCredential } from './credentials';
import { gotUnlessString } from './issues';

/**
 * Free text (descriptions, titles, metric names, regions…) is checked
 * against an allow-list, not only scanned for secrets: letters, combining
 * marks, decimal digits, the space and the punctuation below. Invisible,
 * control, private-use, unassigned and separator characters other than the
 * space are refused, and so are percent-encoded sequences, which would let
 * text say something other than what it shows.
 */

export const FREE_TEXT_PUNCTUATION = '.,:;!?\'"()[]/-_+=&#@%~';

const ALLOWED = new RegExp(
  `^[\\p{L}\\p{M}\\p{Nd} ${FREE_TEXT_PUNCTUATION.replace(/[\\\]\-^]/g, '\\$&')}]$`,
  'u',
);
const PERCENT_ENCODED = /%[0-9A-Fa-f]{2}/;

/** Why `text` is not acceptable free text, or undefined when it is. */
export function freeTextProblem(text: string): string | undefined {
  return characterProblem(text, (char) => ALLOWED.test(char)) ?? percentEncodingProblem(text);
}

/**
 * Why `text` is not printable: the same refusals as free text, but any
 * letter, number, punctuation or symbol is allowed (certificate subjects in
 * account ids).
 */
export function printableProblem(text: string): string | undefined {
  return characterProblem(text, (char) => PRINTABLE.test(char));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function characterProblem(text: string, allowed: (char: string) => boolean): string | undefined {
  let index = 0;
  for (const char of text) {
    if (INVISIBLE.test(char) || !allowed(char)) {
      return `${refusal(char)} (${codePoint(char)} at character ${index + 1})`;
    }
    index += char.length;
  }
  return undefined;
}

function refusal(char: string): string {
  if (INVISIBLE.test(char)) {
    return 'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides';
  }
  if (/\p{Cc}/u.test(char)) return 'must not contain control characters';
  if (/\p{Cs}/u.test(char)) return 'must not contain an unpaired surrogate';
  if (/\p{Co}/u.test(char)) return 'must not contain private-use characters';
  if (/\p{Cn}/u.test(char)) return 'must not contain unassigned characters';
  if (/\p{Z}/u.test(char)) return 'must not contain separators other than the space';
  return `may hold only letters, marks, digits, the space and ${FREE_TEXT_PUNCTUATION.split('').join(' ')}`;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function percentEncodingProblem(text: string): string | undefined {
  const match = PERCENT_ENCODED.exec(text);
  return match
    ? `must not contain percent-encoded sequences ('%' and two hex digits at character ${match.index + 1})`
    : undefined;
}

/** A required string of 1 to `maxLength` characters (UTF-16 code units). */
export function boundedString(maxLength: number) {
  return z
    .string({ error: (issue) => `must be a non-empty string${gotUnlessString(issue.input)}` })
    .min(1, { error: 'must be a non-empty string, got an empty string', abort: true })
    .max(maxLength, { error: `must be at most ${maxLength} characters long`, abort: true });
}

/** Free text of at most `maxLength` characters: allowed characters only, nothing like a credential. */
export function freeText(maxLength: number) {
  return boundedString(maxLength).superRefine((text, ctx) => {
    const problem =
      freeTextProblem(text) ?? (looksLikeCredential(text) ? CREDENTIAL_VALUE_REASON : undefined);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}
