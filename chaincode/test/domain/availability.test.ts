import {
  availabilityBp,
  combineVerdicts,
  measureWindow,
  monitorVerdict,
} from '../../src/domain/availability';
import type { MonitorSpec } from '../../src/domain/monitor';
import { canonicalizeReadings, MalformedReadings, type Datapoint } from '../../src/domain/readings';

function monitor(overrides: Partial<MonitorSpec> = {}): MonitorSpec {
  return {
    kind: 'cloudwatch',
    credentialsRef: 'aws-main',
    region: 'eu-west-1',
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: [{ name: 'InstanceId', value: 'i-1' }],
    statistic: 'Maximum',
    availableWhen: { comparison: 'eq', threshold: '0' },
    missingData: 'unavailable',
    ...overrides,
  } as MonitorSpec;
}

describe('one monitor, one period', () => {
  it('is available when the condition holds', () => {
    expect(monitorVerdict(monitor(), '0')).toBe('A');
    expect(monitorVerdict(monitor(), '1')).toBe('U');
  });

  it('compares decimals exactly, not as floating point', () => {
    const cpuBelow = monitor({ availableWhen: { comparison: 'le', threshold: '0.3' } });
    expect(monitorVerdict(cpuBelow, '0.3')).toBe('A');
    expect(monitorVerdict(cpuBelow, String(0.1 + 0.2))).toBe('U'); // 0.30000000000000004
    expect(
      monitorVerdict(
        monitor({ availableWhen: { comparison: 'gt', threshold: '1e-7' } }),
        '0.0000002',
      ),
    ).toBe('A');
  });

  it('counts any datapoint as available under "present"', () => {
    expect(monitorVerdict(monitor({ availableWhen: { comparison: 'present' } }), '-5')).toBe('A');
  });

  it('follows the missing-data rule when there is no datapoint', () => {
    expect(monitorVerdict(monitor(), null)).toBe('U');
    expect(monitorVerdict(monitor({ missingData: 'available' }), null)).toBe('A');
    expect(monitorVerdict(monitor({ missingData: 'excluded' }), null)).toBe('X');
  });
});

describe('several monitors', () => {
  it('needs all voters available under all-must-agree-available', () => {
    expect(combineVerdicts('all-must-agree-available', ['A', 'A'])).toBe('A');
    expect(combineVerdicts('all-must-agree-available', ['A', 'U'])).toBe('U');
    expect(combineVerdicts('all-must-agree-available', ['A', 'X'])).toBe('A');
  });

  it('needs one available voter under any-available', () => {
    expect(combineVerdicts('any-available', ['U', 'A'])).toBe('A');
    expect(combineVerdicts('any-available', ['U', 'X'])).toBe('U');
  });

  it('needs strictly more than half of those who voted under majority', () => {
    expect(combineVerdicts('majority', ['A', 'A', 'U'])).toBe('A');
    expect(combineVerdicts('majority', ['A', 'U'])).toBe('U');
    expect(combineVerdicts('majority', ['A', 'U', 'X'])).toBe('U');
    expect(combineVerdicts('majority', ['A', 'X', 'X'])).toBe('A');
  });

  it('excludes a period nobody voted on', () => {
    expect(combineVerdicts('majority', ['X', 'X'])).toBe('X');
    expect(combineVerdicts('any-available', [])).toBe('X');
  });
});

describe('measuring a window', () => {
  const window = { start: 6000, end: 6300, periodSeconds: 60 };
  // Instance down from 6120 to 6240: StatusCheckFailed = 1 there, no data at 6240.
  const points: Datapoint[] = [
    { timestamp: 6000, value: 0 },
    { timestamp: 6060, value: 0 },
    { timestamp: 6120, value: 1 },
    { timestamp: 6180, value: 1 },
  ];

  it('gives one verdict per period and counts them', () => {
    const readings = [canonicalizeReadings(points, window, 60)];
    expect(readings[0]).toEqual(['0', '0', '1', '1', null]);
    const measured = measureWindow([monitor()], 'all-must-agree-available', window, readings);
    expect(measured).toMatchObject({
      periods: 5,
      verdicts: 'AAUUU',
      measured: 5,
      available: 2,
      excluded: 0,
    });
  });

  it('leaves excluded periods out of both counts', () => {
    const readings = [canonicalizeReadings(points, window, 60)];
    const measured = measureWindow(
      [monitor({ missingData: 'excluded' })],
      'all-must-agree-available',
      window,
      readings,
    );
    expect(measured).toMatchObject({ verdicts: 'AAUUX', measured: 4, available: 2, excluded: 1 });
  });

  it('depends on the verdicts only: readings that differ but agree on every verdict measure the same', () => {
    const cpu = monitor({ metricName: 'CPUUtilization', availableWhen: { comparison: 'present' } });
    const early = [
      { timestamp: 6000, value: 12.5 },
      { timestamp: 6060, value: 40 },
    ];
    const revised = [
      { timestamp: 6060, value: 41.25 },
      { timestamp: 6000, value: 12.7 },
    ];
    const a = measureWindow([cpu], 'majority', window, [canonicalizeReadings(early, window, 60)]);
    const b = measureWindow([cpu], 'majority', window, [canonicalizeReadings(revised, window, 60)]);
    expect(b).toEqual(a);
    expect(Object.keys(a).sort()).toEqual(
      ['available', 'end', 'excluded', 'measured', 'periods', 'start', 'verdicts'].sort(),
    );
  });

  it('rejects misaligned, foreign and contradicting datapoints', () => {
    expect(() => canonicalizeReadings([{ timestamp: 6030, value: 0 }], window, 60)).toThrow(
      MalformedReadings,
    );
    expect(() => canonicalizeReadings([{ timestamp: 6300, value: 0 }], window, 60)).toThrow(
      'outside the window',
    );
    expect(() =>
      canonicalizeReadings(
        [
          { timestamp: 6000, value: 0 },
          { timestamp: 6000, value: 1 },
        ],
        window,
        60,
      ),
    ).toThrow('two different values');
    expect(() =>
      canonicalizeReadings([{ timestamp: 6000, value: Number.NaN }], window, 60),
    ).toThrow('non-finite');
  });

  it('computes availability in basis points, rounded down', () => {
    expect(availabilityBp({ measured: 3, available: 2 })).toBe(6666);
    expect(availabilityBp({ measured: 0, available: 0 })).toBeUndefined();
  });
});
