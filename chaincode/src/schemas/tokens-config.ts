import { z } from 'zod';
import { AccountId, MspId } from './scalars';
import { closedObject, listOf, uniqueBy } from './structure';

/** `tokens:Init`: who may mint, by account or by organisation (identities with role=issuer). */

export const MAX_ISSUER_ACCOUNTS = 100;

export const TokensConfig = closedObject({
  issuers: listOf(AccountId, 0, MAX_ISSUER_ACCOUNTS)
    .superRefine(uniqueBy((account) => account, 'show-key'))
    .optional(),
  issuerMsps: listOf(MspId, 0, 1).optional(),
}).transform((config, ctx) => {
  const issuers = [...(config.issuers ?? [])].sort();
  const issuerMsps = config.issuerMsps ?? [];
  if (issuers.length === 0 && issuerMsps.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'must name issuer accounts (issuers) or the issuing organisation (issuerMsps)',
    });
    return z.NEVER;
  }
  return { issuers, issuerMsps };
});
