import { Contract } from 'fabric-contract-api';
import { Forbidden, LedgerError } from '../domain/errors';
import { processEnvironment, type ChaincodeEnvironment } from '../environment';
import { canonicalJson } from '../state/canonical-json';
import { TxContext } from './tx-context';

/** Every sla-ledger contract gives its transactions a TxContext. */
export abstract class SlaContract extends Contract {
  private environment: ChaincodeEnvironment | undefined;

  /**
   * Gives this contract instance an environment of its own, for hosts that
   * run several organisations' chaincode in one process; otherwise the
   * process's environment is used.
   */
  useEnvironment(environment: ChaincodeEnvironment): void {
    this.environment = environment;
  }

  override createContext(): TxContext {
    return new TxContext(() => this.environment ?? processEnvironment());
  }

  /** Transactions come from client or admin identities, as the channel's Writers policy has it. */
  override async beforeTransaction(ctx: TxContext): Promise<void> {
    const kind = ctx.caller.nodeOu;
    if (kind === 'peer' || kind === 'orderer') {
      throw new Forbidden(
        `${kind} identities may not call sla-ledger transactions; use a client or admin identity of ${ctx.caller.mspId}`,
      );
    }
  }

  /** Every organisation whose records the transaction created endorses it (see StateStore). */
  override async afterTransaction(ctx: TxContext): Promise<void> {
    await ctx.state.anchorCreations();
  }

  override async unknownTransaction(ctx: TxContext): Promise<void> {
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
