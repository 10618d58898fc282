import { nextWindow, serviceCredit } from '@sla-ledger/chaincode/domain';
import type { ServiceView } from '../../ledger/views';

/**
 * A service as the API shows it: the chaincode's view (terms and meter)
 * and, from the meter and the SLA's tiers by the chaincode's own rules,
 * the credit an agreement covering everything measured so far would give.
 */
export interface ServiceDetails extends ServiceView {
  soFar: {
    availabilityBp?: number;
    promisedAvailabilityBp: number;
    creditBp: number;
    fullRefund: boolean;
  };
}

export function serviceDetails(view: ServiceView): ServiceDetails {
  const { available, unavailable } = view.meter;
  const decision = serviceCredit(view.sla, { measured: available + unavailable, available });
  return {
    ...view,
    soFar: {
      ...(decision.availabilityBp === undefined ? {} : { availabilityBp: decision.availabilityBp }),
      promisedAvailabilityBp: view.sla.promisedAvailabilityBp,
      creditBp: decision.creditBp,
      fullRefund: decision.fullRefund,
    },
  };
}

/** The next window that may be measured at `now` (seconds), by the chaincode's rule; undefined when none has closed. */
export function windowDue(view: ServiceView, now: number) {
  return view.status === 'active' ? nextWindow(view.sla, view.meter.measuredUntil, now) : undefined;
}
