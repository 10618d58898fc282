import { cloudWatchService } from '../fixtures/services';
import {
  accept,
  feedMinutes,
  fund,
  measureUntil,
  monitorOf,
  registerService,
} from '../support/scenario';
import { T0, slaNetwork } from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;

/** Rows a simulation read: keys and the records of range queries. */
function rowsRead(simulation: {
  reads: readonly unknown[];
  rangeQueries: ReadonlyArray<{ reads: readonly unknown[] }>;
}): number {
  return (
    simulation.reads.length +
    simulation.rangeQueries.reduce((rows, query) => rows + query.reads.length, 0)
  );
}

describe('settlement reads the running totals at the agreement boundaries', () => {
  it('reads the records of at most two blocks, however long the history', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService();
    await registerService(net, net.people.aws, service);
    feedMinutes(net, monitorOf(service), T0, T0 + 12 * HOUR, (t) => (t % 7 === 0 ? 1 : 0));
    await fund(net, net.people.alice, 10_000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '100',
        maxPeriodSeconds: HOUR,
        services: [service.key],
      }),
    );
    await accept(net, net.people.alice, 'o', 'early');
    net.setTime(T0 + 9 * HOUR);
    await accept(net, net.people.alice, 'o', 'late');
    net.setTime(T0 + 11 * HOUR);
    // Windows of ten minutes, as a measuring job running every ten minutes writes them: 60 of them.
    const serviceKey = service.key as string;
    for (let until = T0 + 10 * MINUTE; until <= T0 + 10 * HOUR; until += 10 * MINUTE) {
      await measureUntil(net, net.people.aws, serviceKey, until);
    }
    const early = await net.channel.simulate(net.people.alice, 'agreements:Settle', ['early']);
    const late = await net.channel.simulate(net.people.alice, 'agreements:Settle', ['late']);
    expect(early.status).toBe(200);
    expect(late.status).toBe(200);
    // 60 windows exist; each boundary is found among the records of one block of 200 periods
    // (20 windows of ten minutes), and besides them settlement reads a fixed set of keys.
    const keyReads = (simulation: typeof early): number => simulation.reads.length;
    expect(keyReads(late)).toBe(keyReads(early));
    for (const simulation of [early, late]) {
      expect(rowsRead(simulation) - keyReads(simulation)).toBeLessThanOrEqual(2 * 20);
    }
  });
});
