import type { StatisticSample } from './metric-store';

export const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type Statistic = (typeof STATISTICS)[number];

export function isStatistic(name: string): name is Statistic {
  return (STATISTICS as readonly string[]).includes(name);
}

/** The statistic over a non-empty set of samples, each of which may itself be a statistic set. */
export function aggregate(samples: readonly StatisticSample[], statistic: Statistic): number {
  let sampleCount = 0;
  let sum = 0;
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    sampleCount += sample.sampleCount;
    sum += sample.sum;
    minimum = Math.min(minimum, sample.minimum);
    maximum = Math.max(maximum, sample.maximum);
  }
  switch (statistic) {
    case 'SampleCount':
      return sampleCount;
    case 'Sum':
      return sum;
    case 'Average':
      return sum / sampleCount;
    case 'Minimum':
      return minimum;
    case 'Maximum':
      return maximum;
  }
}
