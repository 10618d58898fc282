import { Identifier, Instant } from './scalars';
import { closedObject, listOf, uniqueBy } from './structure';

/**
 * `services:UpdateMany`: one closed window per service. One GetMetricData
 * call covers 500 services' windows; the oracle reads each distinct window
 * with its own queries, so a transaction takes at most 10 of them.
 */

export const MAX_UPDATE_REQUESTS = 500;
export const MAX_DISTINCT_WINDOWS = 10;

export const UpdateRequest = closedObject({
  serviceKey: Identifier,
  windowStart: Instant,
  windowEnd: Instant,
});

export const UpdateRequests = listOf(UpdateRequest, 1, MAX_UPDATE_REQUESTS)
  .superRefine(uniqueBy((request) => request.serviceKey, 'show-key'))
  .superRefine((requests, ctx) => {
    const windows = new Set<string>();
    for (const [index, request] of requests.entries()) {
      windows.add(`${request.windowStart}-${request.windowEnd}`);
      if (windows.size > MAX_DISTINCT_WINDOWS) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `opens window ${MAX_DISTINCT_WINDOWS + 1}: one transaction measures at most ${MAX_DISTINCT_WINDOWS} distinct (windowStart, windowEnd) pairs; split the batch by window`,
        });
        return;
      }
    }
  })
  .transform((requests) =>
    requests.map((request, index) => ({
      serviceKey: request.serviceKey,
      start: request.windowStart,
      end: request.windowEnd,
      /** Where the request sits in the input, for the errors of later checks. */
      field: `requests[${index}].`,
    })),
  );
