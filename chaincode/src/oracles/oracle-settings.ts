/** Bounds on the monitoring reads of a chaincode process, from its environment. */
export interface OracleSettings {
  /** Whole time one API call may take, retries included. */
  timeoutMs: number;
  /** Attempts per API call (1 = no retry); later attempts only while the budget lasts. */
  maxAttempts: number;
  /**
   * Whole time the oracle reads of one transaction may take, tokens and every call included.
   * A slow monitor holds the channel's commit lock on a real peer, so this stays well under
   * the peer's execute timeout (30 s by default).
   */
  budgetMs?: number;
  /** Datapoints CloudWatch may return per page (its maximum, 100,800, unless a test wants pages). */
  cloudWatchPageDatapoints?: number;
}

export const DEFAULT_ORACLE_SETTINGS = {
  timeoutMs: 10_000,
  maxAttempts: 2,
  budgetMs: 12_000,
} as const satisfies OracleSettings;

/** The most SLA_ORACLE_BUDGET_MS may be: the peer's default execute timeout less a margin. */
export const MAX_BUDGET_MS = 25_000;

export function budgetOf(settings: OracleSettings): number {
  return settings.budgetMs ?? DEFAULT_ORACLE_SETTINGS.budgetMs;
}

export function oracleSettingsFrom(env: Record<string, string | undefined>): OracleSettings {
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(
        `${name} must be a whole number between ${min} and ${max}, got ${JSON.stringify(text)}`,
      );
    }
    return value;
  };
  return {
    timeoutMs: number('SLA_ORACLE_TIMEOUT_MS', DEFAULT_ORACLE_SETTINGS.timeoutMs, 100, 120_000),
    maxAttempts: number('SLA_ORACLE_MAX_ATTEMPTS', DEFAULT_ORACLE_SETTINGS.maxAttempts, 1, 5),
    budgetMs: number('SLA_ORACLE_BUDGET_MS', DEFAULT_ORACLE_SETTINGS.budgetMs, 100, MAX_BUDGET_MS),
  };
}
