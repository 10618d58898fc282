import { parseJsonWith } from './input';
import { UpdateRequests } from '../schemas/update-requests';
import type { Window } from './windows';

/** One window of one service to measure, as `services:UpdateMany` asks. */
export interface UpdateRequestInput extends Window {
  serviceKey: string;
  /** Where the request sits in the caller's input, for error messages ("requests[3]."). */
  field: string;
}

/** `services:UpdateMany`'s argument: 1 to 500 requests, each service once, at most 10 distinct windows. */
export function parseUpdateRequests(text: string): UpdateRequestInput[] {
  return parseJsonWith(UpdateRequests, 'requestsJson', text);
}
