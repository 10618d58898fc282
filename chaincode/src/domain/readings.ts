import { canonicalReading } from './decimal';

/**
 * A monitor's answer reduced to canonical form before anything is written:
 * one entry per period of the window, the period's value or null when the
 * monitor had no datapoint. Request ids, call times and response order are gone.
 */
export type CanonicalReadings = Array<string | null>;

export interface Datapoint {
  /** Start of the period the datapoint aggregates, seconds since the epoch. */
  timestamp: number;
  value: number;
}

export class MalformedReadings extends Error {}

export function canonicalizeReadings(
  datapoints: readonly Datapoint[],
  window: { start: number; end: number },
  periodSeconds: number,
): CanonicalReadings {
  const periods = (window.end - window.start) / periodSeconds;
  const readings: CanonicalReadings = new Array<string | null>(periods).fill(null);
  for (const point of datapoints) {
    if (!Number.isFinite(point.timestamp) || !Number.isFinite(point.value)) {
      throw new MalformedReadings(`datapoint ${point.timestamp} has a non-finite time or value`);
    }
    const offset = point.timestamp - window.start;
    if (offset < 0 || point.timestamp >= window.end) {
      throw new MalformedReadings(`datapoint at ${point.timestamp} lies outside the window`);
    }
    if (offset % periodSeconds !== 0) {
      throw new MalformedReadings(
        `datapoint at ${point.timestamp} is not aligned to the ${periodSeconds} s period`,
      );
    }
    const index = offset / periodSeconds;
    const value = canonicalReading(point.value);
    const earlier = readings[index];
    if (earlier !== null && earlier !== value) {
      throw new MalformedReadings(
        `two different values for the period starting at ${point.timestamp}`,
      );
    }
    readings[index] = value;
  }
  return readings;
}
