/**
 * A service's verdicts are kept in blocks of 200 periods aligned to the
 * epoch, each with the running totals of every period before it. The totals
 * up to any measured instant are then one block away, so settling an
 * agreement costs the same whatever the length of the service's history.
 */

/** Periods per block: a measurement window (at most 200 periods) touches at most two blocks. */
export const BLOCK_PERIODS = 200;

export interface VerdictTotals {
  available: number;
  unavailable: number;
  excluded: number;
}

export interface MeasurementBlock {
  serviceKey: string;
  periodSeconds: number;
  /** Start of the block's first recorded period: the block's start, or `measuredFrom` in the first block. */
  from: number;
  /** One verdict per period from `from`, in time order: A available, U unavailable, X excluded. */
  verdicts: string;
  /** Totals of every period of the service before `from`. */
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

/** Where the recorded periods of a block end. */
export function blockEnd(block: MeasurementBlock): number {
  return block.from + block.verdicts.length * block.periodSeconds;
}

/** Starts of the blocks that hold the periods of [start, end). */
export function blocksOfWindow(start: number, end: number, periodSeconds: number): number[] {
  const first = blockStartOf(start, periodSeconds);
  const last = blockStartOf(end - periodSeconds, periodSeconds);
  return first === last ? [first] : [first, last];
}

/**
 * Records a window's verdicts: appended to the block that holds its start
 * (which must end exactly there) and, past that block's end, in a new one.
 */
export function recordWindow(
  serviceKey: string,
  window: { start: number; end: number; periodSeconds: number; verdicts: string },
  totalsBefore: VerdictTotals,
  existing: ReadonlyMap<number, MeasurementBlock>,
): { blocks: MeasurementBlock[]; totalsAfter: VerdictTotals } {
  const period = window.periodSeconds;
  const blocks: MeasurementBlock[] = [];
  let totals = totalsBefore;
  let at = window.start;
  while (at < window.end) {
    const start = blockStartOf(at, period);
    const until = Math.min(window.end, start + BLOCK_PERIODS * period);
    const verdicts = window.verdicts.slice(
      (at - window.start) / period,
      (until - window.start) / period,
    );
    const block = existing.get(start);
    if (block !== undefined) {
      if (blockEnd(block) !== at) {
        throw new RangeError(
          `block ${start} of service ${serviceKey} ends at ${blockEnd(block)}, not at ${at}`,
        );
      }
      blocks.push({ ...block, verdicts: block.verdicts + verdicts });
    } else {
      blocks.push({ serviceKey, periodSeconds: period, from: at, verdicts, before: totals });
    }
    totals = addTotals(totals, totalsOf(verdicts));
    at = until;
  }
  return { blocks, totalsAfter: totals };
}

/** Totals of every period before `instant`, which the block's recorded periods must reach. */
export function totalsAt(block: MeasurementBlock, instant: number): VerdictTotals {
  if (instant < block.from || instant > blockEnd(block)) {
    throw new RangeError(
      `block of service ${block.serviceKey} from ${block.from} to ${blockEnd(block)} does not hold ${instant}`,
    );
  }
  const count = (instant - block.from) / block.periodSeconds;
  return addTotals(block.before, totalsOf(block.verdicts.slice(0, count)));
}
