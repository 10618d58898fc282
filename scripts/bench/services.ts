/** The benchmarks' monitored services: Jitsi Meet on EC2 as the demo registers it, one instance each. */
import { SlaClient } from '@sla-ledger/gateway-api';
import { AWS, CHANNEL, CONSUMER, PERIOD, REGION, SETTLE_LAG } from './bench-constants';
import type { BenchWorld } from './bench-world';

export function jitsiOnEc2(key: string, instanceId: string, measuredFrom: number): object {
  return {
    key,
    description: 'Jitsi Meet (web, prosody, jicofo, jvb) on EC2 in eu-west-1',
    providerOrg: AWS,
    consumerOrg: CONSUMER,
    monitor: {
      kind: 'cloudwatch',
      credentialsRef: 'aws-monitoring',
      region: REGION,
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: [{ name: 'InstanceId', value: instanceId }],
      statistic: 'Maximum',
      availableWhen: { comparison: 'eq', threshold: '0' },
      missingData: 'unavailable',
    },
    sla: {
      periodSeconds: PERIOD,
      promisedAvailabilityBp: 9999,
      creditTiers: [
        { belowBp: 9999, creditBp: 1000 },
        { belowBp: 9900, creditBp: 3000 },
        { belowBp: 9500, creditBp: 10000 },
      ],
      fullRefundBelowBp: 7500,
      measuredFrom,
      settleLagSeconds: SETTLE_LAG,
    },
  };
}

export function serviceKeyOf(index: number): string {
  return `jitsi-${String(index).padStart(6, '0')}`;
}

/**
 * Registers `count` services as the provider, `inFlight` transactions at a time
 * (services:Register has no batch form); returns their keys and the seconds it took.
 */
export async function registerServices(
  world: BenchWorld,
  count: number,
  inFlight: number,
): Promise<{ keys: string[]; seconds: number }> {
  const client = new SlaClient(world.ledger, CHANNEL, 'aws-admin');
  const keys = Array.from({ length: count }, (_, index) => serviceKeyOf(index));
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      const service = jitsiOnEc2(serviceKeyOf(index), world.instanceOf(index), world.measuredFrom);
      await client.registerService(service);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return { keys, seconds: (performance.now() - started) / 1000 };
}
