/**
 * The gateway's update cycle at 1,000 and 10,000 services: the embedded
 * ledger (durable), the CloudWatch emulator over loopback and the gateway's
 * ScheduledJobs measuring every service once per period of simulated time.
 * Each size runs in a child process of its own (with --expose-gc), so peak
 * RSS is that size's alone.
 *   node scripts/dist/bench/update-cycle.js [--services 1000,10000] [--cycles 4]
 *     [--in-flight 200] [--identities aws-admin]
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatTable, type Cell } from './table';
import type { CycleMessage } from './update-cycle-run';
import { GATEWAY_ENVIRONMENT, GATEWAY_NODE_FLAGS } from './bench-constants';

const TARGET_SECONDS_AT_10K = 60;
const TARGET_PEAK_MIB_AT_10K = 400;

function runSize(services: number, args: string[]): Promise<CycleMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: CycleMessage[] = [];
    const child = fork(
      join(__dirname, 'update-cycle-run.js'),
      ['--services', String(services), ...args],
      {
        execArgv: ['--expose-gc', ...GATEWAY_NODE_FLAGS],
        env: { ...process.env, ...GATEWAY_ENVIRONMENT },
      },
    );
    child.on('message', (message: CycleMessage) => {
      messages.push(message);
      console.log(describe(message));
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(messages)
        : reject(new Error(`the ${services}-service run exited ${code}`)),
    );
  });
}

function describe(message: CycleMessage): string {
  const memory = `peak RSS ${message.peakRssMiB.toFixed(0)} MiB, RSS after GC ${message.rssMiB.toFixed(0)} MiB`;
  if (message.kind === 'registered') {
    return `  ${message.services} services registered in ${message.seconds.toFixed(1)} s (${(message.services / message.seconds).toFixed(0)}/s); ${memory}`;
  }
  return `  cycle ${message.cycle}: ${message.seconds.toFixed(2)} s, ${message.windowsMeasured} measured, ${message.outcome}; ${memory}`;
}

function row(message: Extract<CycleMessage, { kind: 'cycle' }>): Cell[] {
  return [
    message.services,
    message.cycle,
    message.seconds,
    message.windowsMeasured / message.seconds,
    message.windowsMeasured,
    message.transactions,
    message.failures,
    message.peakRssMiB,
    message.rssMiB,
    message.heapUsedMiB,
    message.heapTotalMiB,
    message.newSpaceMiB,
    message.externalMiB,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      services: { type: 'string', default: '1000,10000' },
      cycles: { type: 'string', default: '4' },
      'in-flight': { type: 'string', default: '200' },
      identities: { type: 'string', default: 'aws-admin' },
    },
  });
  const sizes = values.services.split(',').map(Number);
  const args = [
    '--cycles',
    values.cycles,
    '--in-flight',
    values['in-flight'],
    '--identities',
    values.identities,
  ];
  console.log(
    `update cycle: ScheduledJobs.updateServices() as ${values.identities}, one period (${60} s) of simulated time per cycle`,
  );
  const cycles: Extract<CycleMessage, { kind: 'cycle' }>[] = [];
  for (const size of sizes) {
    console.log(`${size} services:`);
    for (const message of await runSize(size, args))
      if (message.kind === 'cycle') cycles.push(message);
  }
  console.log();
  console.log(
    formatTable(
      [
        'services',
        'cycle',
        's/cycle',
        'services/s',
        'measured',
        'txs',
        'failed',
        'peak RSS MiB',
        'RSS after GC MiB',
        'heap used MiB',
        'heap total MiB',
        'new space MiB',
        'external MiB',
      ],
      cycles.map(row),
    ),
  );
  console.log();
  for (const size of sizes) {
    const runs = cycles.filter((cycle) => cycle.services === size);
    if (runs.length === 0) continue;
    const worst = Math.max(...runs.map((run) => run.seconds));
    const peak = Math.max(...runs.map((run) => run.peakRssMiB));
    const first = runs[0] as CycleMessage;
    const last = runs[runs.length - 1] as CycleMessage;
    const verdicts =
      size === 10_000
        ? ` — target ≤ ${TARGET_SECONDS_AT_10K} s/cycle: ${worst <= TARGET_SECONDS_AT_10K ? 'met' : 'MISSED'}; target < ${TARGET_PEAK_MIB_AT_10K} MiB peak: ${peak < TARGET_PEAK_MIB_AT_10K ? 'met' : 'MISSED'}`
        : '';
    console.log(
      `${size} services: slowest cycle ${worst.toFixed(2)} s, peak RSS ${peak.toFixed(0)} MiB, RSS after GC cycle 1 → ${runs.length}: ${first.rssMiB.toFixed(0)} → ${last.rssMiB.toFixed(0)} MiB (target: flat)${verdicts}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
