import {
  BLOCK_PERIODS,
  NO_VERDICTS,
  blockStartOf,
  recordsOfWindow,
  totalsAt,
  type MeasurementRecord,
} from '../../src/domain/measurement-blocks';

const P = 60;
const BLOCK = BLOCK_PERIODS * P; // 12,000 s

function window(start: number, verdicts: string) {
  return { start, end: start + verdicts.length * P, periodSeconds: P, verdicts };
}

describe('measurement records', () => {
  it('belong to blocks of 200 periods aligned to the epoch', () => {
    expect(blockStartOf(0, P)).toBe(0);
    expect(blockStartOf(BLOCK - P, P)).toBe(0);
    expect(blockStartOf(BLOCK, P)).toBe(BLOCK);
    expect(blockStartOf(3 * BLOCK + 7 * P, P)).toBe(3 * BLOCK);
  });

  it('carry the totals of every period before them', () => {
    const first = recordsOfWindow('s', window(BLOCK - 3 * P, 'AUX'), NO_VERDICTS);
    expect(first.records).toEqual([
      {
        serviceKey: 's',
        periodSeconds: P,
        start: BLOCK - 3 * P,
        verdicts: 'AUX',
        before: NO_VERDICTS,
      },
    ]);
    const second = recordsOfWindow('s', window(BLOCK, 'AAU'), first.totalsAfter);
    expect(second.records[0]?.before).toEqual({ available: 1, unavailable: 1, excluded: 1 });
    expect(second.totalsAfter).toEqual({ available: 3, unavailable: 2, excluded: 1 });
  });

  it('cut a window that crosses a block boundary in two', () => {
    const crossing = recordsOfWindow('s', window(BLOCK - 2 * P, 'UUAAX'), NO_VERDICTS);
    expect(crossing.records.map((r) => [r.start, r.verdicts, r.before])).toEqual([
      [BLOCK - 2 * P, 'UU', NO_VERDICTS],
      [BLOCK, 'AAX', { available: 0, unavailable: 2, excluded: 0 }],
    ]);
  });

  it('give the totals before any instant they hold', () => {
    const record: MeasurementRecord = {
      serviceKey: 's',
      periodSeconds: P,
      start: BLOCK,
      verdicts: 'AUXA',
      before: { available: 10, unavailable: 2, excluded: 1 },
    };
    expect(totalsAt(record, BLOCK)).toEqual({ available: 10, unavailable: 2, excluded: 1 });
    expect(totalsAt(record, BLOCK + 3 * P)).toEqual({ available: 11, unavailable: 3, excluded: 2 });
    expect(totalsAt(record, BLOCK + 4 * P)).toEqual({ available: 12, unavailable: 3, excluded: 2 });
    expect(() => totalsAt(record, BLOCK + 5 * P)).toThrow('does not hold');
  });
});
