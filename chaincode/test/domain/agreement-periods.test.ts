import {
  agreementPeriods,
  countAgreementPeriods,
  sessionSeconds,
  type AgreementService,
  type SessionRecord,
} from '../../src/domain/agreement';
import { checkPlacement } from '../../src/domain/constraints';

const service: AgreementService = {
  key: 'svc',
  periodSeconds: 60,
  measuredFrom: 600,
  creditTiers: [],
  settleLagSeconds: 600,
  unmeasured: 'U',
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

  it('counts the verdicts inside the agreement from windows that overlap it', () => {
    const windows = [
      { start: 600, verdicts: 'AAU' }, // 600, 660, 720
      { start: 780, verdicts: 'UAA' }, // 780, 840, 900
    ];
    expect(countAgreementPeriods(service, { first: 660, until: 900 }, windows, 960)).toEqual({
      measured: 4,
      available: 2,
      excluded: 0,
    });
  });

  it('counts periods nobody measured by the missing-data rule', () => {
    const windows = [{ start: 600, verdicts: 'AA' }];
    expect(countAgreementPeriods(service, { first: 600, until: 840 }, windows, 720)).toEqual({
      measured: 4,
      available: 2,
      excluded: 0,
    });
    expect(
      countAgreementPeriods(
        { ...service, unmeasured: 'X' },
        { first: 600, until: 840 },
        windows,
        720,
      ),
    ).toEqual({
      measured: 2,
      available: 2,
      excluded: 2,
    });
  });
});

describe('session time', () => {
  const session = (startedAt: number, stoppedAt?: number): SessionRecord => ({
    agreementId: 'a',
    sessionId: `s${startedAt}`,
    placement: { cluster: 'c', region: 'r' },
    startedAt,
    startedBy: 'X',
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
  });

  it('adds up overlapping sessions and ends open ones at the given time', () => {
    expect(sessionSeconds([session(100, 160), session(130, 190), session(200)], 260)).toBe(
      60 + 60 + 60,
    );
  });

  it('cuts sessions at the agreement end', () => {
    expect(sessionSeconds([session(100, 400)], 250)).toBe(150);
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
