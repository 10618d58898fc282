import { InvalidArgument } from './errors';

/**
 * Time on the ledger is whole seconds since the Unix epoch, taken from the
 * transaction timestamp; it is written as ISO-8601 UTC without fractions.
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

export function parseInstant(field: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return checkRange(field, value);
  }
  if (typeof value === 'string' && /^[0-9]{1,12}$/.test(value)) {
    return checkRange(field, Number(value));
  }
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new InvalidArgument(
      field,
      `must be an ISO-8601 time such as "2026-11-25T10:00:00Z" or whole seconds since the Unix epoch, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}`,
    );
  }
  const fraction = ISO_INSTANT.exec(value)?.[7];
  if (fraction !== undefined && !/^\.0+$/.test(fraction)) {
    throw new InvalidArgument(field, 'must be a whole second');
  }
  const millis = Date.parse(value);
  const [, year, month, day, hour, minute, second] = ISO_INSTANT.exec(value) ?? [];
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const written = new Date(local).toISOString().slice(0, 19);
  if (Number.isNaN(millis) || written !== `${year}-${month}-${day}T${hour}:${minute}:${second}`) {
    throw new InvalidArgument(field, `is not a valid calendar time (${value})`);
  }
  return checkRange(field, millis / 1000);
}

export function formatInstant(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Seconds of a transaction timestamp, truncated to whole seconds. */
export function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function isAligned(seconds: number, periodSeconds: number): boolean {
  return seconds % periodSeconds === 0;
}

export function alignDown(seconds: number, periodSeconds: number): number {
  return seconds - (seconds % periodSeconds);
}

export function alignUp(seconds: number, periodSeconds: number): number {
  const rest = seconds % periodSeconds;
  return rest === 0 ? seconds : seconds + periodSeconds - rest;
}

function checkRange(field: string, seconds: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
    throw new InvalidArgument(field, 'must lie between 1970 and 9999');
  }
  return seconds;
}
