/**
 * A service's verdicts are kept as one record per measured window, each with
 * the running totals of every period before it. Windows are cut at the
 * boundaries of blocks of 200 periods aligned to the epoch, so the record
 * holding any period starts in that period's block: the totals up to any
 * measured instant are found among the records of one block, and settling an
 * agreement costs the same whatever the length of the service's history.
 * Records are never rewritten, so reading them never conflicts with measuring.
 */

/** Periods per block: a measurement window (at most 200 periods) spans at most two blocks. */
export const BLOCK_PERIODS = 200;

export interface VerdictTotals {
  available: number;
  unavailable: number;
  excluded: number;
}

export interface MeasurementRecord {
  serviceKey: string;
  periodSeconds: number;
  start: number;
  /** One verdict per period from `start`, in time order: A available, U unavailable, X excluded. */
  verdicts: string;
  /** Totals of every period of the service before `start`. */
  before: VerdictTotals;
}

export const NO_VERDICTS: VerdictTotals = { available: 0, unavailable: 0, excluded: 0 };

export function totalsOf(verdicts: string): VerdictTotals {
  const totals = { ...NO_VERDICTS };
  for (const verdict of verdicts) {
    if (verdict === 'A') totals.available += 1;
    else if (verdict === 'U') totals.unavailable += 1;
    else totals.excluded += 1;
  }
  return totals;
}

export function addTotals(a: VerdictTotals, b: VerdictTotals): VerdictTotals {
  return {
    available: a.available + b.available,
    unavailable: a.unavailable + b.unavailable,
    excluded: a.excluded + b.excluded,
  };
}

export function subtractTotals(a: VerdictTotals, b: VerdictTotals): VerdictTotals {
  return {
    available: a.available - b.available,
    unavailable: a.unavailable - b.unavailable,
    excluded: a.excluded - b.excluded,
  };
}

export function blockStartOf(periodStart: number, periodSeconds: number): number {
  const size = BLOCK_PERIODS * periodSeconds;
  return periodStart - (periodStart % size);
}

export function recordEnd(record: MeasurementRecord): number {
  return record.start + record.verdicts.length * record.periodSeconds;
}

/** The records of a measured window: one per block it spans, each with the totals before it. */
export function recordsOfWindow(
  serviceKey: string,
  window: { start: number; end: number; periodSeconds: number; verdicts: string },
  totalsBefore: VerdictTotals,
): { records: MeasurementRecord[]; totalsAfter: VerdictTotals } {
  const period = window.periodSeconds;
  const records: MeasurementRecord[] = [];
  let totals = totalsBefore;
  for (let at = window.start; at < window.end;) {
    const until = Math.min(window.end, blockStartOf(at, period) + BLOCK_PERIODS * period);
    const verdicts = window.verdicts.slice(
      (at - window.start) / period,
      (until - window.start) / period,
    );
    records.push({ serviceKey, periodSeconds: period, start: at, verdicts, before: totals });
    totals = addTotals(totals, totalsOf(verdicts));
    at = until;
  }
  return { records, totalsAfter: totals };
}

/** Totals of every period before `instant`, which must lie within the record. */
export function totalsAt(record: MeasurementRecord, instant: number): VerdictTotals {
  if (instant < record.start || instant > recordEnd(record)) {
    throw new RangeError(
      `the measurement of service ${record.serviceKey} from ${record.start} to ${recordEnd(record)} does not hold ${instant}`,
    );
  }
  const count = (instant - record.start) / record.periodSeconds;
  return addTotals(record.before, totalsOf(record.verdicts.slice(0, count)));
}
