/**
 * The errors the emulator answers with, shaped like CloudWatch's awsJson1_0 +
 * awsQueryCompatible errors: `__type` names the Smithy shape, and the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header carries the legacy
 * Query error code, which is what the SDK names its exception after
 * (`InvalidParameterValue` → `InvalidParameterValueException`,
 * `Throttling` → a `CloudWatchServiceException` named `Throttling`).
 */
export type ErrorFault = 'Sender' | 'Receiver';

export class CloudWatchError extends Error {
  readonly fault: ErrorFault;

  constructor(
    readonly statusCode: number,
    readonly queryCode: string,
    readonly shapeId: string,
    message: string,
  ) {
    super(message);
    this.name = queryCode;
    this.fault = statusCode >= 500 ? 'Receiver' : 'Sender';
  }
}

const modeled = (shape: string): string => `com.amazonaws.cloudwatch#${shape}`;
const frontEnd = (shape: string): string => `com.amazon.coral.service#${shape}`;

export const ACCOUNT_ID = '000000000000';

export const serviceErrors = {
  invalidParameterValue: (message: string) =>
    new CloudWatchError(
      400,
      'InvalidParameterValue',
      modeled('InvalidParameterValueException'),
      message,
    ),
  invalidParameterCombination: (message: string) =>
    new CloudWatchError(
      400,
      'InvalidParameterCombination',
      modeled('InvalidParameterCombinationException'),
      message,
    ),
  missingParameter: (message: string) =>
    new CloudWatchError(
      400,
      'MissingParameter',
      modeled('MissingRequiredParameterException'),
      message,
    ),
  validation: (message: string) =>
    new CloudWatchError(400, 'ValidationError', modeled('ValidationException'), message),
  invalidNextToken: (message: string) =>
    new CloudWatchError(400, 'InvalidNextToken', modeled('InvalidNextToken'), message),
  serialization: (message: string) =>
    new CloudWatchError(400, 'SerializationException', frontEnd('SerializationException'), message),
  malformedHttpRequest: (message: string) =>
    new CloudWatchError(
      400,
      'MalformedHttpRequestException',
      frontEnd('MalformedHttpRequestException'),
      message,
    ),
  requestEntityTooLarge: (size: number, limit: number) =>
    new CloudWatchError(
      413,
      'RequestEntityTooLarge',
      frontEnd('RequestEntityTooLargeException'),
      `Request size ${size} exceeded ${limit} bytes`,
    ),
  unknownOperation: (message: string) =>
    new CloudWatchError(400, 'InvalidAction', frontEnd('UnknownOperationException'), message),
  missingAuthenticationToken: () =>
    new CloudWatchError(
      403,
      'MissingAuthenticationToken',
      frontEnd('MissingAuthenticationTokenException'),
      'Request is missing Authentication Token',
    ),
  incompleteSignature: (message: string) =>
    new CloudWatchError(
      400,
      'IncompleteSignature',
      frontEnd('IncompleteSignatureException'),
      message,
    ),
  invalidClientTokenId: () =>
    new CloudWatchError(
      403,
      'InvalidClientTokenId',
      frontEnd('UnrecognizedClientException'),
      'The security token included in the request is invalid.',
    ),
  signatureDoesNotMatch: (message: string) =>
    new CloudWatchError(
      403,
      'SignatureDoesNotMatch',
      frontEnd('InvalidSignatureException'),
      message,
    ),
  accessDenied: (accessKeyId: string, operation: string) =>
    new CloudWatchError(
      403,
      'AccessDenied',
      frontEnd('AccessDeniedException'),
      `User: arn:aws:iam::${ACCOUNT_ID}:user/${accessKeyId} is not authorized to perform: ` +
        `cloudwatch:${operation} because no identity-based policy allows the cloudwatch:${operation} action`,
    ),
  throttling: () =>
    new CloudWatchError(
      400,
      'Throttling',
      'com.amazon.coral.availability#ThrottlingException',
      'Rate exceeded',
    ),
  internalFailure: () =>
    new CloudWatchError(
      500,
      'InternalFailure',
      frontEnd('InternalFailure'),
      'The request processing has failed because of an unknown error, exception or failure.',
    ),
  serviceUnavailable: () =>
    new CloudWatchError(
      503,
      'ServiceUnavailable',
      frontEnd('ServiceUnavailableException'),
      'The request has failed due to a temporary failure of the server.',
    ),
};
