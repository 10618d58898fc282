/** The channel, organisations and SLA timing every benchmark uses (no imports: the load generator reads them too). */
export const CONSUMER = 'ConsumerOrgMSP';
export const AWS = 'AwsOrgMSP';
export const CHANNEL = 'channel-aws';
export const REGION = 'eu-west-1';
export const PERIOD = 60;
export const SETTLE_LAG = 600;
