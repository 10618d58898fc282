/**
 * Every key is `type NUL attribute NUL … NUL`: one scheme for records,
 * indexes and time series. Keys sort by their bytes, so the keys that extend
 * a prefix form one range, and a zero-padded time attribute orders a series
 * in time. (The shim refuses ranges over its own composite keys, which start
 * with NUL; these do not.)
 */

export const KEY = {
  member: 'member',
  anchor: 'anchor',
  tokenConfig: 'token-config',
  account: 'account',
  credit: 'credit',
  service: 'service',
  meter: 'meter',
  measurements: 'measurements',
  servicesOf: 'services-of',
  openAgreementsOfService: 'open-agreements-of-service',
  offer: 'offer',
  offersFor: 'offers-for',
  acceptances: 'acceptances',
  agreement: 'agreement',
  usage: 'usage',
  session: 'session',
  agreementsOf: 'agreements-of',
  due: 'due',
  proposal: 'proposal',
  ballot: 'ballot',
} as const;

export type KeyType = (typeof KEY)[keyof typeof KEY];

const SEPARATOR = '\u0000';
/** Sorts after every key that extends a prefix. */
const AFTER_EVERYTHING = '\u{10FFFF}';
const TIME_DIGITS = 12;

export function stateKey(type: KeyType, ...attributes: readonly string[]): string {
  for (const attribute of attributes) {
    if (attribute.includes(SEPARATOR) || /[\uD800-\uDFFF]/.test(attribute)) {
      throw new RangeError(`key attribute ${JSON.stringify(attribute)} cannot be stored`);
    }
  }
  return [type, ...attributes].join(SEPARATOR) + SEPARATOR;
}

/** The range [start, end) of the keys that extend `prefix` (itself made by stateKey). */
export function rangeOf(prefix: string): [string, string] {
  return [prefix, prefix + AFTER_EVERYTHING];
}

export function attributesOf(key: string): string[] {
  return key.split(SEPARATOR).slice(1, -1);
}

export function paddedTime(seconds: number): string {
  return String(seconds).padStart(TIME_DIGITS, '0');
}
