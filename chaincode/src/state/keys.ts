/**
 * Where each record lives. Records and exact-match indexes use composite
 * keys; the two time-ordered series (measurement windows, agreements due for
 * settlement) use simple keys with a zero-padded time so that a plain key
 * range selects exactly a time interval — partial composite keys can only
 * match a prefix.
 */

export const RECORD = {
  config: 'config',
  service: 'service',
  meter: 'meter',
  offer: 'offer',
  agreement: 'agreement',
  session: 'session',
  proposal: 'proposal',
  balance: 'balance',
} as const;

export const INDEX = {
  servicesByParty: 'party~service',
  agreementsByParty: 'party~agreement',
  agreementsByOffer: 'offer~agreement',
  openAgreementsByService: 'service~open-agreement',
  proposalsByOffer: 'offer~proposal',
} as const;

const TIME_DIGITS = 12;
const SEPARATOR = '|';

export function paddedTime(seconds: number): string {
  return String(seconds).padStart(TIME_DIGITS, '0');
}

export const measurementKeys = {
  key: (serviceKey: string, start: number): string =>
    ['msr', serviceKey, paddedTime(start)].join(SEPARATOR),
  /** Windows of one service starting in [from, until). */
  range: (serviceKey: string, from: number, until: number): [string, string] => [
    measurementKeys.key(serviceKey, from),
    measurementKeys.key(serviceKey, until),
  ],
  all: (serviceKey: string): [string, string] => [
    `msr${SEPARATOR}${serviceKey}${SEPARATOR}`,
    `msr${SEPARATOR}${serviceKey}${SEPARATOR}~`,
  ],
};

export const dueKeys = {
  key: (mspId: string, end: number, agreementId: string): string =>
    ['due', mspId, paddedTime(end), agreementId].join(SEPARATOR),
  /** Agreements of one party that ended before `until`. */
  endedBefore: (mspId: string, until: number): [string, string] => [
    `due${SEPARATOR}${mspId}${SEPARATOR}`,
    `due${SEPARATOR}${mspId}${SEPARATOR}${paddedTime(until)}`,
  ],
};
