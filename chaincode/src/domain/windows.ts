import { FailedPrecondition, InvalidArgument } from './errors';
import type { SlaTerms } from './sla';
import { alignDown, formatInstant, isAligned } from './time';

/**
 * Measurement windows: closed, aligned to the period, contiguous per service,
 * never measured twice, and old enough that the monitor's data is final.
 */

/** 500 services × 200 periods stays within one GetMetricData call's 100,800 datapoints. */
export const MAX_WINDOW_PERIODS = 200;

export interface Window {
  start: number;
  end: number;
}

export function checkWindow(
  serviceKey: string,
  sla: Pick<SlaTerms, 'periodSeconds' | 'settleLagSeconds'>,
  measuredUntil: number,
  window: Window,
  now: number,
  fieldPrefix = '',
): void {
  const period = sla.periodSeconds;
  const startField = `${fieldPrefix}windowStart`;
  const endField = `${fieldPrefix}windowEnd`;
  if (!isAligned(window.start, period)) {
    throw new InvalidArgument(
      startField,
      `${formatInstant(window.start)} is not aligned to the ${period} s period of service ${serviceKey}`,
    );
  }
  if (!isAligned(window.end, period)) {
    throw new InvalidArgument(
      endField,
      `${formatInstant(window.end)} is not aligned to the ${period} s period of service ${serviceKey}`,
    );
  }
  if (window.end <= window.start) {
    throw new InvalidArgument(endField, 'must be later than windowStart');
  }
  const periods = (window.end - window.start) / period;
  if (periods > MAX_WINDOW_PERIODS) {
    throw new InvalidArgument(
      endField,
      `makes a window of ${periods} periods; at most ${MAX_WINDOW_PERIODS} are measured at once`,
    );
  }
  if (window.end <= measuredUntil) {
    throw new FailedPrecondition(
      `window ${describe(window)} of service ${serviceKey} was already measured (measured up to ${formatInstant(measuredUntil)})`,
    );
  }
  if (window.start < measuredUntil) {
    throw new FailedPrecondition(
      `window ${describe(window)} overlaps periods of service ${serviceKey} already measured; the next window starts at ${formatInstant(measuredUntil)}`,
    );
  }
  if (window.start > measuredUntil) {
    throw new FailedPrecondition(
      `window ${describe(window)} would leave a gap: service ${serviceKey} is measured up to ${formatInstant(measuredUntil)} and the next window starts there`,
    );
  }
  const readableUntil = now - sla.settleLagSeconds;
  if (window.end > readableUntil) {
    throw new FailedPrecondition(
      `window ${describe(window)} of service ${serviceKey} is too recent: it may end at most ${sla.settleLagSeconds} s (the settle lag) before the transaction time ${formatInstant(now)}, so not before ${formatInstant(window.end + sla.settleLagSeconds)}`,
    );
  }
}

/** The longest window that may be measured now, or undefined when none is closed yet. */
export function nextWindow(
  sla: Pick<SlaTerms, 'periodSeconds' | 'settleLagSeconds'>,
  measuredUntil: number,
  now: number,
  maxPeriods = MAX_WINDOW_PERIODS,
): Window | undefined {
  const readableUntil = alignDown(now - sla.settleLagSeconds, sla.periodSeconds);
  const end = Math.min(readableUntil, measuredUntil + maxPeriods * sla.periodSeconds);
  return end > measuredUntil ? { start: measuredUntil, end } : undefined;
}

function describe(window: Window): string {
  return `[${formatInstant(window.start)}, ${formatInstant(window.end)})`;
}
