import { mulDiv, minAmount, maxAmount } from './money';

/**
 * The four pricing models. The deposit is escrowed at acceptance; the charge
 * is what the consumer pays at settlement before any credit.
 */

export const PRICING_MODELS = ['fixed', 'dynamic', 'prepaid-minutes', 'flexible-period'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export type PriceTerms =
  | { model: 'fixed'; price: bigint; maxPeriodSeconds: number }
  | { model: 'dynamic'; price: bigint; maxPeriodSeconds: number }
  | { model: 'prepaid-minutes'; pricePerMinute: bigint; minutes: number; maxPeriodSeconds: number }
  | { model: 'flexible-period'; price: bigint; minimumCharge: bigint; maxPeriodSeconds: number };

export function depositFor(terms: PriceTerms): bigint {
  return terms.model === 'prepaid-minutes'
    ? terms.pricePerMinute * BigInt(terms.minutes)
    : terms.price;
}

/**
 * Used seconds: for dynamic and flexible period the time from acceptance to
 * the end (stop or lock time); for prepaid minutes the sessions' total duration.
 */
export function chargeFor(terms: PriceTerms, usedSeconds: number): bigint {
  const used = BigInt(Math.max(0, usedSeconds));
  switch (terms.model) {
    case 'fixed':
      return terms.price;
    case 'dynamic':
      return proportionalCharge(terms.price, used, terms.maxPeriodSeconds);
    case 'prepaid-minutes':
      return minAmount(mulDiv(used, terms.pricePerMinute, 60n), depositFor(terms));
    case 'flexible-period':
      return maxAmount(
        proportionalCharge(terms.price, used, terms.maxPeriodSeconds),
        terms.minimumCharge,
      );
  }
}

function proportionalCharge(deposit: bigint, used: bigint, maxSeconds: number): bigint {
  const max = BigInt(maxSeconds);
  return mulDiv(deposit, used < max ? used : max, max);
}
