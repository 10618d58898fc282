import { Info, Returns, Transaction } from 'fabric-contract-api';
import { accountOrg, parseAccountId } from '../domain/accounts';
import { AlreadyExists, FailedPrecondition, Forbidden, InvalidArgument } from '../domain/errors';
import { parseTokensConfig } from '../domain/tokens-config';
import { formatAmount, parseAmount } from '../domain/money';
import { balanceOf, collect, credit, debit } from '../state/balances';
import { KEY, stateKey } from '../state/keys';
import type { TokenConfig } from '../state/records';
import { SlaContract, result } from './sla-contract';
import type { Caller } from './tx-context';
import { TxContext } from './tx-context';

const CONFIG_KEY = stateKey(KEY.tokenConfig);

@Info({
  title: 'tokens',
  description: 'Token accounts in integer minor units: minting, transfers, balances',
})
export class TokensContract extends SlaContract {
  constructor() {
    super('tokens');
  }

  /**
   * Initialises the channel once, by an administrator of the issuing
   * organisation that every endorser's settings name: the members the
   * settings name join it, and the config says which of the issuer's
   * accounts, and whether its identities holding role=issuer, may mint.
   */
  @Transaction()
  @Returns('string')
  async Init(ctx: TxContext, configJson: string): Promise<string> {
    const caller = ctx.caller;
    const issuer = ctx.channel.tokenIssuer;
    if (caller.mspId !== issuer) {
      throw new Forbidden(
        `${caller.mspId} may not initialise the tokens of channel ${ctx.channel.channel}: this organisation's settings name ${issuer} as their issuer`,
      );
    }
    if (!caller.isAdmin) {
      throw new Forbidden(`only an administrator of ${issuer} may initialise the tokens`);
    }
    if (await ctx.state.exists(CONFIG_KEY)) {
      throw new AlreadyExists('token configuration of channel', ctx.channel.channel);
    }
    const { issuers, issuerMsps } = parseTokensConfig(configJson);
    const foreign = [...issuers.map(accountOrg), ...issuerMsps].filter((org) => org !== issuer);
    if (foreign.length > 0) {
      throw new InvalidArgument(
        'config',
        `may name issuers of ${issuer}, the issuing organisation, only (not ${[...new Set(foreign)].join(', ')})`,
      );
    }
    const config: TokenConfig = {
      issuers,
      issuerMsps,
      initializedAt: ctx.now,
      initializedBy: caller.mspId,
    };
    for (const mspId of ctx.channel.members) {
      await ctx.state.join({ mspId, joinedAt: ctx.now, joinedBy: caller.mspId });
    }
    await ctx.state.createFirst(CONFIG_KEY, config, [issuer]);
    ctx.emit('TokensInitialized', {
      issuers: config.issuers,
      issuerMsps: config.issuerMsps,
      members: ctx.channel.members,
    });
    return result(config);
  }

  /** Creates tokens in an account; only an issuer may. They arrive to be collected. */
  @Transaction()
  @Returns('string')
  async Mint(ctx: TxContext, accountId: string, amount: string): Promise<string> {
    const account = parseAccountId('accountId', accountId);
    const value = parseAmount('amount', amount);
    if (!(await isIssuer(ctx, ctx.caller))) {
      throw new Forbidden(
        `the caller ${ctx.caller.accountId} is not an issuer: only the accounts and role=issuer identities of the issuing organisation named at tokens:Init may mint`,
      );
    }
    ctx.requireMembers('accountId', [accountOrg(account)]);
    await credit(ctx, account, value, 'mint', ctx.caller.accountId);
    ctx.emit('TokensMinted', { accountId: account, amount: formatAmount(value) });
    return result({ accountId: account, minted: formatAmount(value) });
  }

  /** Moves tokens the caller may spend to another account, where they arrive to be collected. */
  @Transaction()
  @Returns('string')
  async Transfer(ctx: TxContext, toAccountId: string, amount: string): Promise<string> {
    const to = parseAccountId('toAccountId', toAccountId);
    const value = parseAmount('amount', amount);
    ctx.requireMembers('toAccountId', [accountOrg(to)]);
    const from = ctx.caller.accountId;
    await debit(ctx, from, value, 'this transfer');
    await credit(ctx, to, value, 'transfer', from);
    ctx.emit('TokensTransferred', { from, to, amount: formatAmount(value) });
    return result({ from, to, amount: formatAmount(value) });
  }

  /**
   * Makes what arrived in the caller's account spendable (up to 1,000
   * arrivals a call; `more` says whether others wait).
   */
  @Transaction()
  @Returns('string')
  async Collect(ctx: TxContext): Promise<string> {
    const account = ctx.caller.accountId;
    const collected = await collect(ctx, account);
    if (collected.rows === 0) {
      throw new FailedPrecondition(`nothing arrived in account ${account} to collect`);
    }
    ctx.emit('TokensCollected', {
      accountId: account,
      amount: formatAmount(collected.collected),
      arrivals: collected.rows,
    });
    return result({
      accountId: account,
      collected: formatAmount(collected.collected),
      arrivals: collected.rows,
      more: collected.more,
      spendable: formatAmount(collected.spendable),
    });
  }

  /** The balance of an account: what it may spend and what arrived; for its own organisation and issuers. */
  @Transaction(false)
  @Returns('string')
  async Balance(ctx: TxContext, accountId: string): Promise<string> {
    const account = parseAccountId('accountId', accountId);
    if (accountOrg(account) !== ctx.caller.mspId && !(await isIssuer(ctx, ctx.caller))) {
      throw new Forbidden(
        `${ctx.caller.mspId} may not read the balance of an account of ${accountOrg(account)}`,
      );
    }
    return result({ accountId: account, ...(await balanceView(ctx, account)) });
  }

  /** The caller's own account id and balance. */
  @Transaction(false)
  @Returns('string')
  async MyAccount(ctx: TxContext): Promise<string> {
    const caller = ctx.caller;
    return result({
      accountId: caller.accountId,
      mspId: caller.mspId,
      ...(await balanceView(ctx, caller.accountId)),
      issuer: await isIssuer(ctx, caller),
    });
  }
}

async function balanceView(ctx: TxContext, accountId: string): Promise<Record<string, string>> {
  const { spendable, arriving } = await balanceOf(ctx, accountId);
  return {
    balance: formatAmount(spendable + arriving),
    spendable: formatAmount(spendable),
    arriving: formatAmount(arriving),
  };
}

/** Issuers are the accounts named at initialisation and role=issuer identities of the issuing organisation. */
async function isIssuer(ctx: TxContext, caller: Caller): Promise<boolean> {
  const config = await ctx.state.get<TokenConfig>(CONFIG_KEY);
  if (config === undefined) {
    return false;
  }
  return (
    config.issuers.includes(caller.accountId) ||
    (caller.role === 'issuer' && config.issuerMsps.includes(caller.mspId))
  );
}
