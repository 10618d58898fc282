/**
 * Answers in an order CloudWatch does not promise: results in any order, and
 * each result's datapoints in any order unless the request gave ScanBy.
 */
import type { GetMetricDataOutput } from './get-metric-data';

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function shuffleMetricData(
  output: GetMetricDataOutput,
  shuffleDatapoints: boolean,
  random: () => number,
): GetMetricDataOutput {
  return {
    ...output,
    MetricDataResults: shuffled(output.MetricDataResults, random).map((result) => {
      if (!shuffleDatapoints) return result;
      const order = shuffled(
        result.Timestamps.map((_, index) => index),
        random,
      );
      return {
        ...result,
        Timestamps: order.map((index) => result.Timestamps[index]),
        Values: order.map((index) => result.Values[index]),
      };
    }),
  };
}
