import { Contract } from 'fabric-contract-api';
import type { MetricOracle } from '../oracles/metric-oracle';
import { Forbidden, LedgerError } from '../domain/errors';
import { canonicalJson } from '../state/canonical-json';
import { LedgerContext } from './ledger-context';

/** Every sla-ledger contract gives its transactions a LedgerContext. */
export abstract class LedgerContract extends Contract {
  private oracle: MetricOracle | undefined;

  /**
   * Gives this contract instance its own oracle, for hosts that run several
   * organisations' chaincode in one process; otherwise the process-wide one is used.
   */
  useOracle(oracle: MetricOracle): void {
    this.oracle = oracle;
  }

  override createContext(): LedgerContext {
    return new LedgerContext(this.oracle);
  }

  /** Transactions come from client or admin identities, as the channel's Writers policy has it. */
  override async beforeTransaction(ctx: LedgerContext): Promise<void> {
    const kind = ctx.caller.nodeOu;
    if (kind === 'peer' || kind === 'orderer') {
      throw new Forbidden(
        `${kind} identities may not call sla-ledger transactions; use a client or admin identity of ${ctx.caller.mspId}`,
      );
    }
  }

  override async unknownTransaction(ctx: LedgerContext): Promise<void> {
    throw new LedgerError(
      'NOT_FOUND',
      `transaction ${ctx.stub.getFunctionAndParameters().fcn} does not exist`,
    );
  }
}

/** Transaction results are canonical JSON text. */
export function result(value: unknown): string {
  return canonicalJson(value);
}
