import { z } from 'zod';
import { CREDENTIAL_VALUE_REASON, looksLikeCredential } from './credentials';
import { describe, gotUnlessString } from './issues';
import { boundedString, printableProblem } from './text';
import { instantProblem, secondsOf } from './instant';

/** Identifiers, organisations, accounts, money, basis points and integers as inputs carry them. */

export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MSP_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** "<MSP id>::<certificate subject>", e.g. "ConsumerOrgMSP::/C=US/O=ConsumerOrg/OU=client/CN=alice". */
export const ACCOUNT_ID_PATTERN = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})::(\/.+)$/s;
const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,35})$/;
const DIGITS_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

/** A key of a service, offer, agreement, session or proposal; it is written to the ledger, so never a credential. */
export const Identifier = boundedString(128)
  .regex(IDENTIFIER_PATTERN, {
    error: "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'",
    abort: true,
  })
  .refine((id) => !looksLikeCredential(id), { error: CREDENTIAL_VALUE_REASON });

export const MspId = boundedString(64).regex(MSP_ID_PATTERN, {
  error:
    "must be an MSP id such as \"AwsOrgMSP\": a letter or digit, then letters, digits, '.', '_' or '-'",
});

const ACCOUNT_ID_EXPECTED =
  'must be an account id "<MSP id>::<certificate subject>" such as "ConsumerOrgMSP::/C=US/O=ConsumerOrg/OU=client/CN=alice" (tokens:MyAccount tells yours)';

export const AccountId = boundedString(1024)
  .regex(ACCOUNT_ID_PATTERN, { error: ACCOUNT_ID_EXPECTED, abort: true })
  .superRefine((text, ctx) => {
    const problem =
      printableProblem(text) ?? (looksLikeCredential(text) ? CREDENTIAL_VALUE_REASON : undefined);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

function amountExpected(input: unknown): string {
  const got = typeof input === 'string' ? '' : ` (got ${describe(input)})`;
  return `must be a whole number of minor units written as a decimal string without sign or leading zeros, e.g. "1500"${got}`;
}

/** Money in minor units as a decimal string; zero allowed. */
export const Amount = z
  .string({ error: (issue) => amountExpected(issue.input) })
  .regex(AMOUNT_PATTERN, { error: (issue) => amountExpected(issue.input) });

export const PositiveAmount = Amount.refine((amount) => amount !== '0', {
  error: 'must be greater than zero',
});

function basisPointsExpected(input: unknown): string {
  return `must be a whole number of basis points between 0 and 10000 (1 % = 100), got ${describe(input)}`;
}

export const BasisPoints = z
  .number({ error: (issue) => basisPointsExpected(issue.input) })
  .int({ error: (issue) => basisPointsExpected(issue.input) })
  .min(0, { error: (issue) => basisPointsExpected(issue.input) })
  .max(10_000, { error: (issue) => basisPointsExpected(issue.input) });

/** A whole number in [min, max] given as a JSON number. */
export function integerIn(min: number, max: number) {
  const notInteger = (issue: { input?: unknown }): string =>
    `must be an integer, got ${describe(issue.input)}`;
  const outside = (issue: { input?: unknown }): string =>
    `must be between ${min} and ${max}, got ${describe(issue.input)}`;
  return z
    .number({ error: notInteger })
    .int({ error: notInteger, abort: true })
    .min(min, { error: outside })
    .max(max, { error: outside });
}

/** One of `values`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `must be one of ${values.join(', ')}${gotUnlessString(issue.input)}`,
  });
}

/** A point in time: ISO-8601 UTC or with an offset, whole seconds, or seconds since the epoch; read as seconds. */
export const Instant = z
  .union([z.number(), z.string()], { error: (issue) => instantProblem(issue.input) })
  .transform((value, ctx) => {
    const seconds = secondsOf(value);
    if (typeof seconds === 'number') return seconds;
    ctx.addIssue({ code: 'custom', message: seconds.problem });
    return z.NEVER;
  });

/** Transaction arguments are strings: a whole number in [min, max] written in digits. */
export function integerArgument(min: number, max: number) {
  return z
    .string({ error: 'must be a whole number written in digits' })
    .regex(DIGITS_PATTERN, { error: 'must be a whole number written in digits' })
    .transform(Number)
    .pipe(integerIn(min, max));
}

export const BooleanArgument = z
  .enum(['true', 'false'], { error: 'must be "true" or "false"' })
  .transform((text) => text === 'true');

export const MAX_PAGE_SIZE = 500;

export const PageSize = integerArgument(1, MAX_PAGE_SIZE);
