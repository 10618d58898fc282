/** Bounds on every monitoring call, from the chaincode process environment. */
export interface OracleSettings {
  /** Whole time one API call may take, retries included. */
  timeoutMs: number;
  /** Attempts per API call (1 = no retry); the next scheduled run retries anyway. */
  maxAttempts: number;
  /** Datapoints CloudWatch may return per page (its maximum, 100,800, unless a test wants pages). */
  cloudWatchPageDatapoints?: number;
}

export const DEFAULT_ORACLE_SETTINGS: OracleSettings = { timeoutMs: 10_000, maxAttempts: 2 };

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
  };
}
