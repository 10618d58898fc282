import { gotUnlessString } from './issues';

/**
 * Times in inputs: ISO-8601 with `Z` or an offset, in whole seconds, or whole
 * seconds since the Unix epoch (a JSON number or a string of digits).
 */

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const EPOCH_SECONDS = /^[0-9]{1,12}$/;
const MAX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

export function instantProblem(value: unknown): string {
  return `must be an ISO-8601 time such as "2026-11-25T10:00:00Z" or whole seconds since the Unix epoch${gotUnlessString(value)}`;
}

export function secondsOf(value: number | string): number | { problem: string } {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? inRange(value) : { problem: instantProblem(value) };
  }
  if (EPOCH_SECONDS.test(value)) {
    return inRange(Number(value));
  }
  const match = ISO_INSTANT.exec(value);
  if (!match) {
    return { problem: instantProblem(value) };
  }
  const [, year, month, day, hour, minute, second, fraction] = match;
  if (fraction !== undefined && !/^\.0+$/.test(fraction)) {
    return { problem: 'must be a whole second' };
  }
  const local = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const written = new Date(local).toISOString().slice(0, 19);
  const millis = Date.parse(value);
  if (Number.isNaN(millis) || written !== `${year}-${month}-${day}T${hour}:${minute}:${second}`) {
    return { problem: 'is not a valid calendar time' };
  }
  return inRange(millis / 1000);
}

function inRange(seconds: number): number | { problem: string } {
  return Number.isSafeInteger(seconds) && seconds >= 0 && seconds <= MAX_SECONDS
    ? seconds
    : { problem: 'must lie between 1970 and 9999' };
}
