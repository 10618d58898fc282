/** ISO 8601 instants and durations as Azure Monitor's query parameters use them. */

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `PT5M` → 300000. Days, hours, minutes and seconds only; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text.toUpperCase() === 'P' || text.toUpperCase().endsWith('T')) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number(seconds ?? 0) * SECOND)
  );
}

/** An ISO 8601 date-time in milliseconds since the epoch; no offset means UTC, as in Azure. */
export function parseInstant(text: string): number | undefined {
  const match = INSTANT.exec(text);
  if (!match) {
    return undefined;
  }
  const millis = Date.parse(match[1] ? text : `${text}Z`);
  return Number.isNaN(millis) ? undefined : millis;
}

/** `2026-11-25T10:05:00Z`: the form Azure Monitor writes timestamps in (no milliseconds). */
export function formatInstant(millis: number): string {
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** .NET TimeSpan text (`00:05:00`, `1.00:00:00`), which Azure's time-grain errors list. */
export function formatTimeSpan(millis: number): string {
  const days = Math.floor(millis / DAY);
  const clock = [
    Math.floor((millis % DAY) / HOUR),
    Math.floor((millis % HOUR) / MINUTE),
    Math.floor((millis % MINUTE) / SECOND),
  ]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}.${clock}` : clock;
}

export function floorToMinute(millis: number): number {
  return Math.floor(millis / MINUTE) * MINUTE;
}
