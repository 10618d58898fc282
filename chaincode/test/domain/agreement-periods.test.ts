import {
  agreementPeriods,
  noUsage,
  startedSession,
  stoppedSession,
  usageSeconds,
  type AgreementService,
} from '../../src/domain/agreement';
import { checkPlacement } from '../../src/domain/constraints';

const service: AgreementService = {
  key: 'svc',
  periodSeconds: 60,
  measuredFrom: 600,
  creditTiers: [],
  settleLagSeconds: 600,
};

describe('the periods an agreement counts', () => {
  it('starts at the first period starting at or after acceptance and stops before the end', () => {
    // Accepted at 630, ended at 870: periods starting 660, 720, 780, 840.
    expect(agreementPeriods(service, 630, 870)).toEqual({ first: 660, until: 900 });
    expect(agreementPeriods(service, 660, 840)).toEqual({ first: 660, until: 840 });
  });

  it('never counts periods before measuredFrom', () => {
    expect(agreementPeriods(service, 0, 720)).toEqual({ first: 600, until: 720 });
  });
});

describe('session usage', () => {
  it('adds up overlapping sessions and counts open ones until the given time', () => {
    let usage = noUsage('a');
    usage = startedSession(usage, 100);
    usage = startedSession(usage, 130);
    usage = stoppedSession(usage, { startedAt: 100, stoppedAt: 160 });
    usage = stoppedSession(usage, { startedAt: 130, stoppedAt: 190 });
    usage = startedSession(usage, 200);
    expect(usage).toMatchObject({ started: 3, open: 1, closedSeconds: 120 });
    expect(usageSeconds(usage, 260)).toBe(60 + 60 + 60);
  });

  it('ends open sessions at the agreement end', () => {
    const usage = startedSession(startedSession(noUsage('a'), 100), 200);
    expect(usageSeconds(usage, 250)).toBe(150 + 50);
  });
});

describe('placement constraints', () => {
  it('allows a placement inside the allowed regions and jurisdictions', () => {
    expect(() =>
      checkPlacement(
        { regions: ['eu-west-1'], jurisdictions: ['EU'] },
        { cluster: 'c1', region: 'eu-west-1', jurisdiction: 'EU' },
      ),
    ).not.toThrow();
  });

  it('refuses a placement outside them with a clear error', () => {
    expect(() =>
      checkPlacement({ regions: ['eu-west-1'] }, { cluster: 'c1', region: 'us-east-1' }),
    ).toThrow('placement.region us-east-1 is not allowed (allowed regions: eu-west-1)');
    expect(() =>
      checkPlacement({ jurisdictions: ['EU'] }, { cluster: 'c1', region: 'eu-west-1' }),
    ).toThrow('placement.jurisdiction is required');
    expect(() =>
      checkPlacement(
        { jurisdictions: ['EU'] },
        { cluster: 'c1', region: 'us-east-1', jurisdiction: 'US' },
      ),
    ).toThrow('placement.jurisdiction US is not allowed');
  });
});
