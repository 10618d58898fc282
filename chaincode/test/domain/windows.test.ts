import { checkWindow, nextWindow } from '../../src/domain/windows';
import { parseInstant } from '../../src/domain/time';

const sla = { periodSeconds: 60, settleLagSeconds: 600 };
const t = (iso: string): number => parseInstant('t', iso);
const measuredUntil = t('2026-11-25T10:00:00Z');
const now = t('2026-11-25T12:00:00Z');
const check = (start: string, end: string, at = now): void =>
  checkWindow('svc-1', sla, measuredUntil, { start: t(start), end: t(end) }, at);

describe('measurement windows', () => {
  it('accepts a closed, aligned window that starts where the last one ended', () => {
    expect(() => check('2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z')).not.toThrow();
  });

  it('refuses a misaligned start or end, naming the field', () => {
    expect(() => check('2026-11-25T10:00:30Z', '2026-11-25T10:30:00Z')).toThrow(
      'INVALID_ARGUMENT: windowStart 2026-11-25T10:00:30Z is not aligned to the 60 s period of service svc-1',
    );
    expect(() => check('2026-11-25T10:00:00Z', '2026-11-25T10:30:01Z')).toThrow(
      'INVALID_ARGUMENT: windowEnd',
    );
  });

  it('refuses an empty or reversed window', () => {
    expect(() => check('2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z')).toThrow(
      'windowEnd must be later than windowStart',
    );
  });

  it('refuses a window over 200 periods', () => {
    expect(() =>
      check('2026-11-25T10:00:00Z', '2026-11-25T13:21:00Z', t('2026-11-26T00:00:00Z')),
    ).toThrow('makes a window of 201 periods; at most 200');
    expect(() =>
      check('2026-11-25T10:00:00Z', '2026-11-25T13:20:00Z', t('2026-11-26T00:00:00Z')),
    ).not.toThrow();
  });

  it('refuses to measure a window twice', () => {
    expect(() => check('2026-11-25T09:30:00Z', '2026-11-25T10:00:00Z')).toThrow(
      'FAILED_PRECONDITION: window [2026-11-25T09:30:00Z, 2026-11-25T10:00:00Z) of service svc-1 was already measured',
    );
  });

  it('refuses a window overlapping measured periods', () => {
    expect(() => check('2026-11-25T09:59:00Z', '2026-11-25T10:05:00Z')).toThrow(
      'overlaps periods of service svc-1 already measured; the next window starts at 2026-11-25T10:00:00Z',
    );
  });

  it('refuses a window that leaves a gap', () => {
    expect(() => check('2026-11-25T10:01:00Z', '2026-11-25T10:05:00Z')).toThrow(
      'would leave a gap',
    );
  });

  it('refuses a window that ends inside the settle lag', () => {
    // Transaction at 10:39:59: readable only up to 10:29:59, so a window ending at 10:30 is too recent.
    expect(() =>
      check('2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z', t('2026-11-25T10:39:59Z')),
    ).toThrow(
      'is too recent: it may end at most 600 s (the settle lag) before the transaction time 2026-11-25T10:39:59Z, so not before 2026-11-25T10:40:00Z',
    );
    expect(() =>
      check('2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z', t('2026-11-25T10:40:00Z')),
    ).not.toThrow();
  });
});

describe('the next window to measure', () => {
  it('ends at the last period closed before the settle lag', () => {
    expect(nextWindow(sla, measuredUntil, t('2026-11-25T10:40:59Z'))).toEqual({
      start: measuredUntil,
      end: t('2026-11-25T10:30:00Z'),
    });
  });

  it('is at most 200 periods long', () => {
    expect(nextWindow(sla, measuredUntil, t('2026-11-27T00:00:00Z'))?.end).toBe(
      measuredUntil + 200 * 60,
    );
  });

  it('does not exist while no period has closed', () => {
    expect(nextWindow(sla, measuredUntil, t('2026-11-25T10:10:59Z'))).toBeUndefined();
  });
});

describe('times given as arguments', () => {
  it('accept ISO-8601 with an offset and whole seconds since the epoch', () => {
    expect(parseInstant('t', '2026-02-28T00:00:00+01:00')).toBe(
      Date.parse('2026-02-27T23:00:00Z') / 1000,
    );
    expect(parseInstant('t', '1764064800')).toBe(1764064800);
  });

  it('refuse impossible dates instead of rolling them over', () => {
    expect(() => parseInstant('t', '2026-02-30T00:00:00Z')).toThrow(
      't is not a valid calendar time',
    );
    expect(() => parseInstant('t', '2026-11-25T24:00:00Z')).toThrow('not a valid calendar time');
  });

  it('refuse fractions of a second', () => {
    expect(() => parseInstant('t', '2026-11-25T10:00:00.5Z')).toThrow('t must be a whole second');
  });
});
