import { Info, Returns, Transaction } from 'fabric-contract-api';
import { accountOrg, parseAccountId } from '../domain/accounts';
import { AlreadyExists, Forbidden, InvalidArgument } from '../domain/errors';
import { arrayOf, mspId, onlyKnownFields, parseJsonObject, uniqueBy } from '../domain/input';
import { formatAmount, parseAmount } from '../domain/money';
import { RECORD } from '../state/keys';
import type { LedgerConfig } from '../state/records';
import { balanceOf, credit, debit } from '../state/balances';
import type { Caller } from './ledger-context';
import { LedgerContext } from './ledger-context';
import { LedgerContract, result } from './ledger-contract';

@Info({
  title: 'tokens',
  description: 'Token accounts in integer minor units: minting, transfers, balances',
})
export class TokensContract extends LedgerContract {
  constructor() {
    super('tokens');
  }

  /**
   * Configures the channel once, at chaincode initialisation, by an
   * administrator of the organisation that issues tokens: which of its
   * accounts, and whether its identities holding role=issuer, may mint.
   */
  @Transaction()
  @Returns('string')
  async Init(ctx: LedgerContext, configJson: string): Promise<string> {
    const caller = ctx.caller;
    if (!caller.isAdmin) {
      throw new Forbidden('only an organisation administrator may initialise the ledger');
    }
    const key = configKey(ctx);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('ledger configuration of channel', ctx.stub.getChannelID());
    }
    const input = parseJsonObject('configJson', configJson);
    onlyKnownFields('config', input, ['issuers', 'issuerMsps']);
    const issuers = arrayOf('config.issuers', input.issuers ?? [], parseAccountId, {
      min: 0,
      max: 100,
    });
    uniqueBy('config.issuers', issuers, (id) => id);
    const issuerMsps = arrayOf('config.issuerMsps', input.issuerMsps ?? [], mspId, {
      min: 0,
      max: 1,
    });
    const foreign = [...issuers.map(accountOrg), ...issuerMsps].filter(
      (org) => org !== caller.mspId,
    );
    if (foreign.length > 0) {
      throw new InvalidArgument(
        'config',
        `may name issuers of ${caller.mspId}, the initialising organisation, only (not ${[...new Set(foreign)].join(', ')})`,
      );
    }
    if (issuers.length === 0 && issuerMsps.length === 0) {
      throw new InvalidArgument(
        'config',
        'must name issuer accounts (issuers) or the issuing organisation (issuerMsps)',
      );
    }
    const config: LedgerConfig = {
      issuers: [...issuers].sort(),
      issuerMsps,
      initializedAt: ctx.now,
      initializedBy: caller.mspId,
    };
    await ctx.state.put(key, config);
    ctx.emit('LedgerInitialized', { issuers: config.issuers, issuerMsps: config.issuerMsps });
    return result(config);
  }

  /** Creates tokens in an account; only an issuer may. */
  @Transaction()
  @Returns('string')
  async Mint(ctx: LedgerContext, accountId: string, amount: string): Promise<string> {
    const account = parseAccountId('accountId', accountId);
    const value = parseAmount('amount', amount);
    if (!(await isIssuer(ctx, ctx.caller))) {
      throw new Forbidden(
        `the caller ${ctx.caller.accountId} is not an issuer: only the accounts and role=issuer identities of the issuing organisation named at tokens:Init may mint`,
      );
    }
    await credit(ctx, account, value);
    ctx.emit('TokensMinted', { accountId: account, amount: formatAmount(value) });
    return result({ accountId: account, minted: formatAmount(value) });
  }

  /** Moves tokens from the caller's account to another account. */
  @Transaction()
  @Returns('string')
  async Transfer(ctx: LedgerContext, toAccountId: string, amount: string): Promise<string> {
    const to = parseAccountId('toAccountId', toAccountId);
    const value = parseAmount('amount', amount);
    const from = ctx.caller.accountId;
    await debit(ctx, from, value, 'this transfer');
    await credit(ctx, to, value);
    ctx.emit('TokensTransferred', { from, to, amount: formatAmount(value) });
    return result({ from, to, amount: formatAmount(value) });
  }

  /** The balance of an account; readable by its own organisation and by issuers. */
  @Transaction(false)
  @Returns('string')
  async Balance(ctx: LedgerContext, accountId: string): Promise<string> {
    const account = parseAccountId('accountId', accountId);
    if (accountOrg(account) !== ctx.caller.mspId && !(await isIssuer(ctx, ctx.caller))) {
      throw new Forbidden(
        `${ctx.caller.mspId} may not read the balance of an account of ${accountOrg(account)}`,
      );
    }
    return result({ accountId: account, balance: formatAmount(await balanceOf(ctx, account)) });
  }

  /** The caller's own account id and balance. */
  @Transaction(false)
  @Returns('string')
  async MyAccount(ctx: LedgerContext): Promise<string> {
    const caller = ctx.caller;
    return result({
      accountId: caller.accountId,
      mspId: caller.mspId,
      balance: formatAmount(await balanceOf(ctx, caller.accountId)),
      issuer: await isIssuer(ctx, caller),
    });
  }
}

function configKey(ctx: LedgerContext): string {
  return ctx.state.key(RECORD.config, []);
}

/** Issuers are the accounts named at initialisation and role=issuer identities of the issuing organisation. */
async function isIssuer(ctx: LedgerContext, caller: Caller): Promise<boolean> {
  const config = await ctx.state.get<LedgerConfig>(configKey(ctx));
  if (config === undefined) {
    return false;
  }
  return (
    config.issuers.includes(caller.accountId) ||
    (caller.role === 'issuer' && config.issuerMsps.includes(caller.mspId))
  );
}
