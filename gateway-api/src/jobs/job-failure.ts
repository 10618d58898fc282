import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
} from '../ledger/ledger-errors';
import type { JobFailure } from './job-report';

/** A failed transaction as a job reports it: why, and which organisations' peers refused. */
export function jobFailure(channel: string, subjects: string[], error: unknown): JobFailure {
  return {
    channel,
    subjects,
    reason: reasonOf(error),
    organisations: organisationsOf(error),
    message: error instanceof Error ? error.message : String(error),
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof ChaincodeRejection) return error.code;
  if (error instanceof TransactionConflict) return 'CONFLICT';
  if (error instanceof TransactionInvalid) return error.validationCode;
  if (error instanceof LedgerUnavailable) return 'UNAVAILABLE';
  return 'ERROR';
}

function organisationsOf(error: unknown): string[] {
  const endorsers =
    error instanceof ChaincodeRejection ||
    error instanceof TransactionConflict ||
    error instanceof LedgerUnavailable
      ? error.endorsers
      : [];
  return [...new Set(endorsers.map((endorser) => endorser.mspId))].sort();
}
