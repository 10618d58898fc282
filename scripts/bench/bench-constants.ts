/** The channel, organisations and SLA timing every benchmark uses (no imports: the load generator reads them too). */
export const CONSUMER = 'ConsumerOrgMSP';
export const AWS = 'AwsOrgMSP';
export const CHANNEL = 'channel-aws';
export const REGION = 'eu-west-1';
export const PERIOD = 60;
export const SETTLE_LAG = 600;

/**
 * How `npm start` and the Dockerfile launch the gateway (see package.json `start:gateway`):
 * V8's young generation capped at 16 MiB semi-spaces and glibc limited to two malloc arenas.
 * The benchmarks run the gateway's work the same way.
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=16'];
export const GATEWAY_ENVIRONMENT = { MALLOC_ARENA_MAX: '2' };
