import { compareDecimals, parseDecimal, type Decimal } from './decimal';
import type { ConflictRule, MonitorSpec } from './monitor';
import type { CanonicalReadings } from './readings';
import { ratioInBasisPoints } from './money';

/** Per-period verdicts: available, unavailable, or excluded from both counts. */
export type Verdict = 'A' | 'U' | 'X';

export function monitorVerdict(monitor: MonitorSpec, reading: string | null): Verdict {
  if (reading === null) {
    return missingDataVerdict(monitor);
  }
  const condition = monitor.availableWhen;
  if (condition.comparison === 'present') {
    return 'A';
  }
  const order = compareDecimals(decimal(reading), decimal(condition.threshold));
  const holds = {
    eq: order === 0,
    ne: order !== 0,
    lt: order < 0,
    le: order <= 0,
    gt: order > 0,
    ge: order >= 0,
  }[condition.comparison];
  return holds ? 'A' : 'U';
}

export function missingDataVerdict(monitor: Pick<MonitorSpec, 'missingData'>): Verdict {
  return { unavailable: 'U', available: 'A', excluded: 'X' }[monitor.missingData] as Verdict;
}

/** One verdict from several monitors; an excluded monitor abstains, and with no votes the period is excluded. */
export function combineVerdicts(rule: ConflictRule, verdicts: readonly Verdict[]): Verdict {
  const votes = verdicts.filter((verdict) => verdict !== 'X');
  if (votes.length === 0) {
    return 'X';
  }
  const available = votes.filter((verdict) => verdict === 'A').length;
  switch (rule) {
    case 'all-must-agree-available':
      return available === votes.length ? 'A' : 'U';
    case 'any-available':
      return available > 0 ? 'A' : 'U';
    case 'majority':
      return available * 2 > votes.length ? 'A' : 'U';
  }
}

export interface VerdictCounts {
  /** Periods that count: available plus unavailable. */
  measured: number;
  available: number;
  excluded: number;
}

export function countVerdicts(verdicts: string): VerdictCounts {
  let available = 0;
  let excluded = 0;
  for (const verdict of verdicts) {
    if (verdict === 'A') available += 1;
    else if (verdict === 'X') excluded += 1;
  }
  return { measured: verdicts.length - excluded, available, excluded };
}

export interface WindowMeasurement extends VerdictCounts {
  start: number;
  end: number;
  periods: number;
  /** One character per period, in time order. */
  verdicts: string;
}

export function measureWindow(
  monitors: readonly MonitorSpec[],
  rule: ConflictRule,
  window: { start: number; end: number; periodSeconds: number },
  readings: readonly CanonicalReadings[],
): WindowMeasurement {
  const periods = (window.end - window.start) / window.periodSeconds;
  let verdicts = '';
  for (let index = 0; index < periods; index += 1) {
    const perMonitor = monitors.map((monitor, m) =>
      monitorVerdict(monitor, readings[m]?.[index] ?? null),
    );
    verdicts += combineVerdicts(rule, perMonitor);
  }
  return {
    start: window.start,
    end: window.end,
    periods,
    verdicts,
    ...countVerdicts(verdicts),
  };
}

/** available ÷ measured in basis points, rounded down; undefined when nothing was measured. */
export function availabilityBp(
  counts: Pick<VerdictCounts, 'measured' | 'available'>,
): number | undefined {
  return counts.measured === 0 ? undefined : ratioInBasisPoints(counts.available, counts.measured);
}

function decimal(text: string): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed) {
    throw new RangeError(`reading ${JSON.stringify(text)} is not a decimal number`);
  }
  return parsed;
}
