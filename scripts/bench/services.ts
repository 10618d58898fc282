/** The benchmarks' monitored services: Jitsi Meet on EC2 as the demo registers it, one instance each. */
import { SlaClient, jitsiOnEc2 } from '@sla-ledger/gateway-api';
import { CHANNEL } from './bench-constants';
import type { BenchWorld } from './bench-world';

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
      const service = jitsiOnEc2(serviceKeyOf(index), world.measuredFrom, world.instanceOf(index));
      await client.registerService(service);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return { keys, seconds: (performance.now() - started) / 1000 };
}
