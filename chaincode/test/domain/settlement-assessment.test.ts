import type { AgreementRecord } from '../../src/domain/agreement';
import { NO_VERDICTS } from '../../src/domain/measurement-blocks';
import {
  assessSettlement,
  measurementDeadline,
  settleWithCredit,
  type ServiceMeasurement,
} from '../../src/domain/settlement-assessment';

const HOUR = 3600;
const service = {
  key: 'svc',
  periodSeconds: 60,
  measuredFrom: 0,
  creditTiers: [
    { belowBp: 9999, creditBp: 1000 },
    { belowBp: 9900, creditBp: 3000 },
  ],
  settleLagSeconds: 600,
};
const agreement: AgreementRecord = {
  agreementId: 'a',
  offerId: 'o',
  offerVersion: 1,
  consumerOrg: 'C',
  consumerAccount: 'C::/CN=c',
  providers: [{ mspId: 'P', shareBp: 10000, payoutAccount: 'P::/CN=p' }],
  price: { model: 'fixed', price: '10000', maxPeriodSeconds: 2 * HOUR },
  deposit: '10000',
  services: [service],
  constraints: {},
  settlementGraceSeconds: HOUR,
  minCoverageBp: 9000,
  disputeSeconds: 86_400,
  acceptedAt: 0,
  lockUntil: 2 * HOUR,
  status: 'active',
};

const measured = (until: number, available: number, unavailable = 0): ServiceMeasurement => ({
  key: 'svc',
  first: 0,
  until: 2 * HOUR,
  measuredUntil: until,
  totals: { ...NO_VERDICTS, available, unavailable },
});

describe('assessing an ended agreement', () => {
  it('waits for unmeasured periods until the grace period and the settle lag have passed', () => {
    expect(measurementDeadline(service, agreement)).toBe(3 * HOUR);
    const assessment = assessSettlement(agreement, [measured(HOUR, 60)], undefined, 3 * HOUR - 1);
    expect(assessment).toMatchObject({ kind: 'waiting' });
  });

  it('excludes periods never measured: credit from the measured ones only', () => {
    // 110 of 120 minutes measured (9166 bp coverage), 1 of them unavailable.
    const assessment = assessSettlement(
      agreement,
      [measured(110 * 60, 109, 1)],
      undefined,
      3 * HOUR,
    );
    expect(assessment).toMatchObject({
      kind: 'settle',
      creditBp: 1000,
      services: [{ periods: 120, measuredPeriods: 110, coverageBp: 9166, availabilityBp: 9909 }],
    });
  });

  it('disputes instead of deciding a credit when coverage falls below the minimum', () => {
    const assessment = assessSettlement(agreement, [measured(107 * 60, 107)], undefined, 3 * HOUR);
    expect(assessment).toMatchObject({
      kind: 'disputed',
      shortfalls: [
        {
          key: 'svc',
          periods: 120,
          measuredPeriods: 107,
          coverageBp: 8916,
          missingFrom: 107 * 60,
          missingUntil: 2 * HOUR,
        },
      ],
    });
  });

  it('never disputes a service with no period in the agreement', () => {
    const empty = { ...measured(0, 0), until: 0 };
    expect(assessSettlement(agreement, [empty], undefined, 3 * HOUR)).toMatchObject({
      kind: 'settle',
      creditBp: 0,
      services: [{ periods: 0, coverageBp: 10000 }],
    });
  });

  it('settles a resolved dispute with the credit the parties named', () => {
    const settlement = settleWithCredit(agreement, undefined, 2500);
    expect(settlement.result).toMatchObject({ charge: 10000n, credit: 2500n, refund: 2500n });
    expect(settlement.result.payouts.get('P')).toBe(7500n);
  });
});
