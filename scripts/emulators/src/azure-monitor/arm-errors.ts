/**
 * Error responses of Azure Resource Manager and of the Azure Monitor metrics provider behind it.
 * ARM itself answers `{"error":{"code","message"}}`; the metrics provider's own validation errors
 * come back unwrapped, `{"code":"BadRequest","message"}` (its 2018-01-01 ErrorResponse schema).
 * Either way @azure/core-client raises a RestError whose `code` is that code.
 */
import { randomUUID } from 'node:crypto';
import { formatInstant } from './iso8601';
import { json, type EmulatorResponse } from './http-exchange';

export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorResponse {
  return json(status, { error: { code, message } }, headers);
}

export function metricsBadRequest(message: string): EmulatorResponse {
  return json(400, { code: 'BadRequest', message });
}

export function authorizationFailed(
  clientId: string,
  objectId: string,
  resourceUri: string,
): EmulatorResponse {
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope '${resourceUri}/providers/Microsoft.Insights' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export function subscriptionRequestsThrottled(
  subscriptionId: string,
  objectId: string,
  retryAfterSeconds: number,
): EmulatorResponse {
  return armError(
    429,
    'SubscriptionRequestsThrottled',
    `Number of 'read' requests for subscription '${subscriptionId}' actor '${objectId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
    {
      'retry-after': String(retryAfterSeconds),
      'x-ms-ratelimit-remaining-subscription-reads': '0',
    },
  );
}

export function internalServerError(now: number): EmulatorResponse {
  return armError(
    500,
    'InternalServerError',
    `Encountered internal server error. Diagnostic information: timestamp '${formatInstant(now)}', tracking id '${randomUUID()}', request correlation id '${randomUUID()}'.`,
  );
}

export function serviceUnavailable(): EmulatorResponse {
  return armError(
    503,
    'ServiceUnavailable',
    'The service is currently unavailable. Please try again later.',
  );
}

export function resourceNotFound(resourceUri: string): EmulatorResponse {
  const group = /\/resourceGroups\/([^/]+)/i.exec(resourceUri)?.[1] ?? '';
  const providerPath = resourceUri.split(/\/providers\//i).pop() ?? resourceUri;
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${providerPath}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}
