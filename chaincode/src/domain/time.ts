import { parseWith } from './input';
import { Instant } from '../schemas/scalars';

/**
 * Time on the ledger is whole seconds since the Unix epoch, taken from the
 * transaction timestamp; it is written as ISO-8601 UTC without fractions.
 */

export function parseInstant(field: string, value: unknown): number {
  return parseWith(Instant, field, value);
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
