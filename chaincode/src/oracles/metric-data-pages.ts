import type { GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { Datapoint } from '../domain/readings';
import { FailedQuery, MalformedAnswer } from './oracle-failure';

/** Pages a GetMetricData answer may take beyond those its datapoints can fill. */
export const EXTRA_PAGES = 3;

/**
 * The answer to one GetMetricData request, collected page by page and accepted only when it
 * is complete: every page has exactly one result for every query, no datapoint comes twice or
 * beyond what the window holds, `PartialData` is followed by a `NextToken`, the last page says
 * `Complete` for every query, and the pages end within what the datapoints can fill.
 */
export class MetricDataPages {
  readonly #points = new Map<string, Datapoint[]>();
  readonly #seen = new Map<string, Set<number>>();
  readonly #periods: number;
  readonly #maxPages: number;
  #pages = 0;

  /**
   * @param ids the request's query ids
   * @param periods the most datapoints one query can have (periods in its window)
   * @param pageDatapoints the MaxDatapoints asked for per page
   * @param describe names a query id for messages (its service)
   */
  constructor(
    ids: readonly string[],
    periods: number,
    pageDatapoints: number,
    private readonly describe: (id: string) => string,
  ) {
    for (const id of ids) {
      this.#points.set(id, []);
      this.#seen.set(id, new Set());
    }
    this.#periods = periods;
    this.#maxPages = Math.ceil((ids.length * periods) / pageDatapoints) + EXTRA_PAGES;
  }

  datapoints(id: string): Datapoint[] {
    return this.#points.get(id) ?? [];
  }

  /** Takes one page; returns the token of the next page, or undefined once the answer is complete. */
  add(page: GetMetricDataCommandOutput): string | undefined {
    this.#pages += 1;
    const results = page.MetricDataResults;
    if (!Array.isArray(results)) {
      throw new MalformedAnswer('the answer has no MetricDataResults');
    }
    const answered = new Set<string>();
    let partial = false;
    for (const result of results) {
      const id = result.Id ?? '';
      if (!this.#points.has(id)) {
        throw new MalformedAnswer(`a result for unknown query id ${JSON.stringify(result.Id)}`);
      }
      if (answered.has(id)) {
        throw new MalformedAnswer(`two results for query ${this.describe(id)} on one page`);
      }
      answered.add(id);
      if (result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden') {
        const messages = (result.Messages ?? []).map((message) => message.Value).join('; ');
        throw new FailedQuery(
          `the query of ${this.describe(id)} failed with ${result.StatusCode}${messages ? ` (${messages})` : ''}`,
        );
      }
      if (result.StatusCode !== 'Complete' && result.StatusCode !== 'PartialData') {
        throw new MalformedAnswer(
          `the result of ${this.describe(id)} has status ${JSON.stringify(result.StatusCode)}`,
        );
      }
      partial ||= result.StatusCode === 'PartialData';
      this.#take(id, result.Timestamps, result.Values);
    }
    const missing = [...this.#points.keys()].filter((id) => !answered.has(id));
    if (missing.length > 0) {
      throw new MalformedAnswer(
        `no result for ${missing.slice(0, 3).map(this.describe).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`,
      );
    }
    const next = page.NextToken === '' ? undefined : page.NextToken;
    if (next === undefined) {
      if (partial) {
        throw new MalformedAnswer('a result says PartialData but the page has no NextToken');
      }
      return undefined;
    }
    if (this.#pages >= this.#maxPages) {
      throw new MalformedAnswer(
        `still a NextToken after ${this.#pages} pages, more than the datapoints asked for can fill`,
      );
    }
    return next;
  }

  #take(id: string, timestamps: Date[] | undefined, values: number[] | undefined): void {
    if (!Array.isArray(timestamps) || !Array.isArray(values)) {
      throw new MalformedAnswer(`the result of ${this.describe(id)} has no Timestamps or Values`);
    }
    if (timestamps.length !== values.length) {
      throw new MalformedAnswer(
        `the result of ${this.describe(id)} has ${timestamps.length} timestamps and ${values.length} values`,
      );
    }
    const seen = this.#seen.get(id) as Set<number>;
    const points = this.#points.get(id) as Datapoint[];
    timestamps.forEach((time, index) => {
      const timestamp = time instanceof Date ? time.getTime() / 1000 : Number.NaN;
      if (Number.isNaN(timestamp)) {
        throw new MalformedAnswer(`the result of ${this.describe(id)} has an invalid timestamp`);
      }
      if (seen.has(timestamp)) {
        throw new MalformedAnswer(
          `the datapoint of ${this.describe(id)} at ${timestamp} came twice`,
        );
      }
      seen.add(timestamp);
      points.push({ timestamp, value: values[index] as number });
    });
    if (points.length > this.#periods) {
      throw new MalformedAnswer(
        `${this.describe(id)} got ${points.length} datapoints for a window of ${this.#periods} periods`,
      );
    }
  }
}
