/**
 * GetMetricData answers spoiled on purpose (the `malformedAnswer` fault): each is what a
 * faulty or hostile front end might send with a 200, so that readers prove they accept only
 * complete answers.
 */
import type { MalformedAnswer } from './faults';
import type {
  GetMetricDataOutput,
  GetMetricDataRequest,
  MetricDataResult,
} from './get-metric-data';

/** The body to send instead of `output`: JSON text, or '' for an empty body. */
export function malformedBody(
  kind: MalformedAnswer,
  request: GetMetricDataRequest,
  output: GetMetricDataOutput,
  endlessToken: () => string,
): string {
  const results = output.MetricDataResults;
  const partial = (result: MetricDataResult): MetricDataResult => ({
    ...result,
    StatusCode: 'PartialData',
  });
  switch (kind) {
    case 'empty-object':
      return '{}';
    case 'empty-body':
      return '';
    case 'empty-results':
      return JSON.stringify({ ...output, MetricDataResults: [] });
    case 'results-without-data':
      return JSON.stringify({
        ...output,
        MetricDataResults: results.map(({ Id, Label, StatusCode, Messages }) => ({
          Id,
          Label,
          StatusCode,
          Messages,
        })),
      });
    case 'partial-without-token': {
      const spoiled: Partial<GetMetricDataOutput> = {
        ...output,
        MetricDataResults: results.map(partial),
      };
      delete spoiled.NextToken;
      return JSON.stringify(spoiled);
    }
    case 'endless-next-token':
      return JSON.stringify({
        ...output,
        MetricDataResults: results.map(partial),
        NextToken: output.NextToken ?? endlessToken(),
      });
    case 'unknown-result-id':
      return JSON.stringify({
        ...output,
        MetricDataResults: [...results, { ...results[0], Id: 'nobody_asked' }],
      });
    case 'duplicate-result':
      return JSON.stringify({ ...output, MetricDataResults: [...results, results[0]] });
    case 'missing-result':
      return JSON.stringify({ ...output, MetricDataResults: results.slice(1) });
    case 'datapoint-outside-window': {
      const [first, ...others] = results;
      const beyond = first && {
        ...first,
        Timestamps: [...first.Timestamps.slice(0, -1), request.endTime],
        Values: [...first.Values.slice(0, -1), first.Values.at(-1) ?? 1],
      };
      return JSON.stringify({ ...output, MetricDataResults: beyond ? [beyond, ...others] : [] });
    }
  }
}
