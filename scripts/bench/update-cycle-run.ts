/**
 * One size of the update-cycle benchmark, in a process of its own (so that
 * its peak RSS is its own): registers the services, then runs the gateway's
 * update-services job cycle after cycle, the simulated clock one period on
 * before each, and reports every cycle to the parent (or prints it).
 *   node --expose-gc update-cycle-run.js --services 1000 --cycles 4
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { parseArgs } from 'node:util';
import { ScheduledJobs, createMetrics, silentLogger } from '@sla-ledger/gateway-api';
import { PERIOD } from './bench-constants';
import { openWorld } from './bench-world';
import { memoryFigures, type MemoryFigures } from './memory';
import { registerServices } from './services';

export type CycleMessage =
  | ({ kind: 'registered'; services: number; seconds: number } & MemoryFigures)
  | ({
      kind: 'cycle';
      services: number;
      cycle: number;
      seconds: number;
      windowsMeasured: number;
      transactions: number;
      failures: number;
      outcome: string;
    } & MemoryFigures);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      services: { type: 'string', default: '1000' },
      cycles: { type: 'string', default: '4' },
      'in-flight': { type: 'string', default: '200' },
      identities: { type: 'string', default: 'aws-admin' },
    },
  });
  const services = Number(values.services);
  const cycles = Number(values.cycles);
  const report = (message: CycleMessage): void => {
    if (process.send) process.send(message);
    else console.log(JSON.stringify(message));
  };

  const world = await openWorld({ instances: services, minutes: cycles + 5, periodsOpen: 0 });
  try {
    const registered = await registerServices(world, services, Number(values['in-flight']));
    report({ kind: 'registered', services, seconds: registered.seconds, ...memoryFigures() });
    const jobs = new ScheduledJobs({
      ledger: world.ledger,
      registry: createMetrics({ processMetrics: false }).registry,
      clock: world.clock,
      logger: silentLogger,
      settings: { identities: values.identities.split(',') },
    });
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      world.clock.advance(PERIOD);
      const started = performance.now();
      const run = await jobs.updateServices();
      const seconds = (performance.now() - started) / 1000;
      // The emulator keeps a record of every call it answered; that is the emulator's, not the gateway's.
      world.cloudWatch.clearCalls();
      report({
        kind: 'cycle',
        services,
        cycle,
        seconds,
        windowsMeasured: run.windowsMeasured,
        transactions: run.transactions,
        failures: run.failures.length,
        outcome: run.outcome,
        ...memoryFigures(),
      });
    }
  } finally {
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
