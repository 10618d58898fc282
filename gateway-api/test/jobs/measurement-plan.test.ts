import { MAX_DISTINCT_WINDOWS, MAX_UPDATE_REQUESTS } from '@sla-ledger/chaincode/schemas';
import {
  behindSeconds,
  planBatches,
  windowToMeasure,
  type TrackedService,
  type WindowRequest,
} from '../../src/jobs/measurement-plan';

const T0 = 1_764_064_800; // aligned to the minute
const actor = { channel: 'channel-aws', identity: 'aws-ops', mspId: 'AwsOrgMSP' };

function service(overrides: Partial<TrackedService> = {}): TrackedService {
  return {
    actor,
    serviceKey: 's',
    role: 'provider',
    providerOrg: 'AwsOrgMSP',
    periodSeconds: 60,
    settleLagSeconds: 600,
    measuredUntil: T0,
    monitorGroup: 'cloudwatch eu-west-1 (aws-monitoring)',
    monitors: ['cloudwatch eu-west-1 (aws-monitoring)'],
    ...overrides,
  };
}

function requests(count: number, window: (index: number) => number, group = 'g'): WindowRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    service: service({ serviceKey: `${group}-${index}`, monitorGroup: group }),
    window: { start: window(index), end: window(index) + 60 },
  }));
}

describe('the measurement plan', () => {
  it('gives the provider the window up to the settle lag before now, 200 periods at most', () => {
    expect(windowToMeasure(service(), T0 + 30 * 60 + 59)).toEqual({ start: T0, end: T0 + 20 * 60 });
    expect(windowToMeasure(service(), T0 + 10 * 3600)).toEqual({ start: T0, end: T0 + 200 * 60 });
    expect(windowToMeasure(service(), T0 + 10 * 60 + 59)).toBeUndefined();
  });

  it('gives the consumer only what is unmeasured twice the settle lag after it closed', () => {
    const consumer = service({ role: 'consumer' });
    expect(windowToMeasure(consumer, T0 + 30 * 60)).toEqual({ start: T0, end: T0 + 10 * 60 });
    expect(windowToMeasure(consumer, T0 + 20 * 60 + 59)).toBeUndefined();
  });

  it('measures how far behind a service is against the settle lag, whatever its role', () => {
    expect(behindSeconds(service({ role: 'consumer' }), T0 + 30 * 60)).toBe(20 * 60);
    expect(behindSeconds(service({ measuredUntil: T0 + 20 * 60 }), T0 + 30 * 60)).toBe(0);
  });

  it(`puts at most ${MAX_UPDATE_REQUESTS} requests in a batch`, () => {
    const batches = planBatches(
      requests(1200, () => T0),
      MAX_UPDATE_REQUESTS,
    );
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 200]);
  });

  it(`puts at most ${MAX_DISTINCT_WINDOWS} distinct windows in a batch`, () => {
    const batches = planBatches(
      requests(24, (index) => T0 + (index % 12) * 60),
      MAX_UPDATE_REQUESTS,
    );
    expect(batches.map((batch) => batch.length)).toEqual([20, 4]);
    for (const batch of batches) {
      const windows = new Set(batch.map(({ window }) => window.start));
      expect(windows.size).toBeLessThanOrEqual(MAX_DISTINCT_WINDOWS);
    }
  });

  it('keeps services of different monitoring accounts, identities or channels apart', () => {
    const mixed = [
      ...requests(3, () => T0, 'cloudwatch eu-west-1 (a)'),
      ...requests(2, () => T0, 'cloudwatch us-east-1 (a)'),
      {
        service: service({ serviceKey: 'x', actor: { ...actor, channel: 'channel-market' } }),
        window: { start: T0, end: T0 + 60 },
      },
    ];
    const batches = planBatches(mixed, MAX_UPDATE_REQUESTS);
    expect(batches.map((batch) => batch.map(({ service }) => service.serviceKey))).toEqual([
      ['cloudwatch eu-west-1 (a)-0', 'cloudwatch eu-west-1 (a)-1', 'cloudwatch eu-west-1 (a)-2'],
      ['cloudwatch us-east-1 (a)-0', 'cloudwatch us-east-1 (a)-1'],
      ['x'],
    ]);
  });
});
