import {
  BLOCK_PERIODS,
  NO_VERDICTS,
  blockStartOf,
  blocksOfWindow,
  recordWindow,
  totalsAt,
  type MeasurementBlock,
} from '../../src/domain/measurement-blocks';

const P = 60;
const BLOCK = BLOCK_PERIODS * P; // 12,000 s

function window(start: number, verdicts: string) {
  return { start, end: start + verdicts.length * P, periodSeconds: P, verdicts };
}

describe('measurement blocks', () => {
  it('align to multiples of 200 periods since the epoch', () => {
    expect(blockStartOf(0, P)).toBe(0);
    expect(blockStartOf(BLOCK - P, P)).toBe(0);
    expect(blockStartOf(BLOCK, P)).toBe(BLOCK);
    expect(blocksOfWindow(BLOCK - 2 * P, BLOCK + 3 * P, P)).toEqual([0, BLOCK]);
    expect(blocksOfWindow(BLOCK, BLOCK + 200 * P, P)).toEqual([BLOCK]);
  });

  it('start the first block at measuredFrom and carry the totals before each block', () => {
    const first = recordWindow('s', window(BLOCK - 3 * P, 'AUX'), NO_VERDICTS, new Map());
    expect(first.blocks).toEqual([
      {
        serviceKey: 's',
        periodSeconds: P,
        from: BLOCK - 3 * P,
        verdicts: 'AUX',
        before: NO_VERDICTS,
      },
    ]);
    const existing = new Map<number, MeasurementBlock>([[0, first.blocks[0] as MeasurementBlock]]);
    const second = recordWindow('s', window(BLOCK, 'AAU'), first.totalsAfter, existing);
    expect(second.blocks).toEqual([
      {
        serviceKey: 's',
        periodSeconds: P,
        from: BLOCK,
        verdicts: 'AAU',
        before: { available: 1, unavailable: 1, excluded: 1 },
      },
    ]);
    expect(second.totalsAfter).toEqual({ available: 3, unavailable: 2, excluded: 1 });
  });

  it('split a window that crosses a block boundary and append to a block that ends where it starts', () => {
    const start = BLOCK - 2 * P;
    const opened = recordWindow('s', window(start - 2 * P, 'AA'), NO_VERDICTS, new Map());
    const existing = new Map([[0, opened.blocks[0] as MeasurementBlock]]);
    const crossing = recordWindow('s', window(start, 'UUAAX'), opened.totalsAfter, existing);
    expect(crossing.blocks.map((b) => [b.from, b.verdicts, b.before])).toEqual([
      [start - 2 * P, 'AAUU', NO_VERDICTS],
      [BLOCK, 'AAX', { available: 2, unavailable: 2, excluded: 0 }],
    ]);
  });

  it('refuse a window that does not start where the block ends', () => {
    const opened = recordWindow('s', window(0, 'AA'), NO_VERDICTS, new Map());
    const existing = new Map([[0, opened.blocks[0] as MeasurementBlock]]);
    expect(() => recordWindow('s', window(3 * P, 'A'), opened.totalsAfter, existing)).toThrow(
      'ends at 120, not at 180',
    );
  });

  it('give the totals before any instant they hold', () => {
    const block: MeasurementBlock = {
      serviceKey: 's',
      periodSeconds: P,
      from: BLOCK,
      verdicts: 'AUXA',
      before: { available: 10, unavailable: 2, excluded: 1 },
    };
    expect(totalsAt(block, BLOCK)).toEqual({ available: 10, unavailable: 2, excluded: 1 });
    expect(totalsAt(block, BLOCK + 3 * P)).toEqual({ available: 11, unavailable: 3, excluded: 2 });
    expect(totalsAt(block, BLOCK + 4 * P)).toEqual({ available: 12, unavailable: 3, excluded: 2 });
    expect(() => totalsAt(block, BLOCK + 5 * P)).toThrow('does not hold');
  });
});
