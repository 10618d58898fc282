/**
 * Settlement time with few and with many measurement windows behind the
 * agreement: settlement reads each linked service's running totals at the
 * agreement's boundaries, so its cost must not grow with the service's
 * history. The history is imported into the ledger (measuring 100,000
 * windows one transaction each would take hours); the agreement's own hour
 * is measured by a real transaction; then the agreements are settled one
 * after the other, each through the endorsement of both organisations.
 *   npm run bench:settlement -w chaincode [-- --windows 10,100000 --agreements 5]
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { parseArgs } from 'node:util';
import type { StateEntry } from '@sla-ledger/embedded-network';
import { recordsOfWindow, totalsOf, type VerdictTotals } from '../src/domain/measurement-blocks';
import { KEY, paddedTime, stateKey } from '../src/state/keys';
import type { MeterRecord } from '../src/state/records';
import { canonicalJson } from '../src/state/canonical-json';
import { cloudWatchService } from '../test/fixtures/services';
import { accept, feedMinutes, fund, monitorOf, registerService } from '../test/support/scenario';
import { T0, slaNetwork, type SlaNetwork } from '../test/support/sla-network';

const MINUTE = 60;
const HOUR = 3600;
const SERVICE_KEY = 'jitsi-eu-1';

/** A ledger whose service was measured, one window a minute, for `windows` minutes before T0. */
async function ledgerWithHistory(windows: number, agreements: number): Promise<SlaNetwork> {
  const measuredFrom = T0 - windows * MINUTE;
  const service = cloudWatchService({
    sla: { ...(cloudWatchService().sla as object), measuredFrom },
  });
  const scratch = await slaNetwork();
  scratch.setTime(T0 - 5 * MINUTE);
  await registerService(scratch, scratch.people.aws, service);
  await fund(scratch, scratch.people.alice, 1_000_000n);
  await scratch.submit(
    scratch.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'o',
      model: 'fixed',
      price: '1000',
      maxPeriodSeconds: HOUR,
      services: [SERVICE_KEY],
    }),
  );
  const base = await scratch.channel.ledger.entries();
  await scratch.channel.close();

  const history: StateEntry[] = [];
  let totals: VerdictTotals = { available: 0, unavailable: 0, excluded: 0 };
  for (let start = measuredFrom; start < T0; start += MINUTE) {
    const verdicts = (start / MINUTE) % 97 === 0 ? 'U' : 'A';
    const { records } = recordsOfWindow(
      SERVICE_KEY,
      { start, end: start + MINUTE, periodSeconds: MINUTE, verdicts },
      totals,
    );
    totals = { ...totals, ...sum(totals, totalsOf(verdicts)) };
    for (const record of records) {
      history.push(
        entry(stateKey(KEY.measurements, SERVICE_KEY, paddedTime(record.start)), record, base),
      );
    }
  }
  const meterKey = stateKey(KEY.meter, SERVICE_KEY);
  const meter: MeterRecord = { serviceKey: SERVICE_KEY, measuredUntil: T0, totals, windows };
  const entries = [
    ...base.filter((e) => e.key !== meterKey),
    entry(meterKey, meter, base),
    ...history,
  ];

  const net = await slaNetwork({ init: false });
  await net.channel.importState(entries);
  feedMinutes(net, monitorOf(service), T0, T0 + HOUR, (t) => ((t / MINUTE) % 7 === 0 ? 1 : 0));
  net.setTime(T0);
  for (let index = 0; index < agreements; index += 1) {
    await accept(net, net.people.alice, 'o', `a-${index}`);
  }
  net.setTime(T0 + HOUR + 11 * MINUTE);
  await net.submit(net.people.aws, 'services:Update', SERVICE_KEY, String(T0), String(T0 + HOUR));
  return net;
}

function sum(a: VerdictTotals, b: VerdictTotals): VerdictTotals {
  return {
    available: a.available + b.available,
    unavailable: a.unavailable + b.unavailable,
    excluded: a.excluded + b.excluded,
  };
}

/** A state entry written as the chaincode writes it, under the meter's version and metadata. */
function entry(key: string, value: unknown, base: readonly StateEntry[]): StateEntry {
  const meter = base.find((e) => e.key === stateKey(KEY.meter, SERVICE_KEY)) as StateEntry;
  return {
    key,
    value: Buffer.from(canonicalJson(value), 'utf8'),
    version: meter.version,
    metadata: meter.metadata,
  };
}

async function settleAll(net: SlaNetwork, agreements: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < agreements; index += 1) {
    const started = process.hrtime.bigint();
    const settled = await net.submit<{ status: string }>(
      net.people.alice,
      'agreements:Settle',
      `a-${index}`,
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (settled.status !== 'settled') throw new Error(`agreement a-${index} is ${settled.status}`);
  }
  return times;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      windows: { type: 'string', default: '10,100000' },
      agreements: { type: 'string', default: '7' },
    },
  });
  const sizes = (values.windows ?? '').split(',').map(Number);
  const agreements = Number(values.agreements);
  console.log(
    'settlement benchmark: channel-aws, two organisations endorsing, in-process chaincode, ledger in memory',
  );
  console.log(
    `each size: ${agreements} agreements of one hour on one service, settled one after the other\n`,
  );
  console.log('windows behind   median settle (ms)   min     max     measurement rows read');
  const medians: number[] = [];
  for (const windows of sizes) {
    const net = await ledgerWithHistory(windows, agreements);
    const simulation = await net.channel.simulate(net.people.alice, 'agreements:Settle', ['a-0']);
    const rows = simulation.rangeQueries.reduce((total, query) => total + query.reads.length, 0);
    const times = await settleAll(net, agreements);
    medians.push(median(times));
    console.log(
      `${String(windows).padEnd(17)}${median(times).toFixed(1).padEnd(21)}${Math.min(...times)
        .toFixed(1)
        .padEnd(8)}${Math.max(...times)
        .toFixed(1)
        .padEnd(8)}${rows}`,
    );
    await net.channel.close();
  }
  if (medians.length > 1) {
    console.log(
      `\nratio of the largest history to the smallest: ${((medians.at(-1) as number) / (medians[0] as number)).toFixed(2)} (target ≤ 1.5)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
