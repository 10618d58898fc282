import { Readable } from 'node:stream';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { boundedStream, MAX_RESPONSE_BYTES } from './bounded-body';
import type { AwsCredentials } from './credentials-store';
import type { OracleSettings } from './oracle-settings';

/**
 * A CloudWatch client for one IAM identity and region, whose answers are bounded in size:
 * the body of every response is read through a limit, and the read fails as soon as it is
 * passed instead of buffering whatever the server sends.
 */
export function cloudWatchClient(
  region: string,
  credentials: AwsCredentials,
  settings: OracleSettings,
): CloudWatchClient {
  const client = new CloudWatchClient({
    region,
    ...(credentials.endpoint === undefined ? {} : { endpoint: credentials.endpoint }),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    maxAttempts: settings.maxAttempts,
    requestHandler: {
      connectionTimeout: settings.timeoutMs,
      requestTimeout: settings.timeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  // Low priority in the deserialize step: between the HTTP handler and the deserializer.
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { body?: unknown };
      if (response.body instanceof Readable) {
        response.body = boundedStream(response.body, MAX_RESPONSE_BYTES);
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'slaBoundedResponseBody' },
  );
  return client;
}
