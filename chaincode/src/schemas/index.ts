/**
 * The inputs of sla-ledger's transactions as zod schemas, for the chaincode
 * and for any client that wants to check a request before sending it (the
 * gateway). Each schema's output is what the chaincode works with:
 * normalised (lists sorted, defaults filled in, times in epoch seconds,
 * money as decimal strings). JSON text must first go through
 * `parseStrictJson`, which refuses duplicate keys; `firstIssue` turns a
 * failed parse into the field path and reason the chaincode reports.
 */
import type { z } from 'zod';
import type { AgreementFilter } from './agreement-filter';
import type { Constraints, Placement } from './constraints';
import type { Monitor } from './monitor';
import type { Approval, Offer, Price, ProviderShare } from './offer';
import type { OfferChange, Proposal } from './proposal';
import type { ServiceDefinition, ServiceFields } from './service';
import type { Sla } from './sla';
import type { TokensConfig } from './tokens-config';
import type { UpdateRequest, UpdateRequests } from './update-requests';

export * from './agreement-filter';
export * from './constraints';
export * from './credentials';
export * from './instant';
export * from './issues';
export * from './monitor';
export * from './offer';
export * from './proposal';
export * from './scalars';
export * from './service';
export * from './sla';
export * from './strict-json';
export * from './structure';
export * from './text';
export * from './tokens-config';
export * from './update-requests';

/** What a caller sends as JSON (`…Json`) and what the chaincode reads from it (`…Parsed`). */
export type ServiceJson = z.input<typeof ServiceFields>;
export type ServiceParsed = z.output<typeof ServiceDefinition>;
export type MonitorJson = z.input<typeof Monitor>;
export type MonitorParsed = z.output<typeof Monitor>;
export type SlaJson = z.input<typeof Sla>;
export type SlaParsed = z.output<typeof Sla>;
export type OfferJson = z.input<typeof Offer>;
export type OfferParsed = z.output<typeof Offer>;
export type PriceJson = z.input<typeof Price>;
export type PriceParsed = z.output<typeof Price>;
export type ProviderShareJson = z.input<typeof ProviderShare>;
export type ApprovalJson = z.input<typeof Approval>;
export type ApprovalParsed = z.output<typeof Approval>;
export type ProposalJson = z.input<typeof Proposal>;
export type ProposalParsed = z.output<typeof Proposal>;
export type OfferChangeJson = z.input<typeof OfferChange>;
export type ConstraintsJson = z.input<typeof Constraints>;
export type ConstraintsParsed = z.output<typeof Constraints>;
export type PlacementJson = z.input<typeof Placement>;
export type PlacementParsed = z.output<typeof Placement>;
export type TokensConfigJson = z.input<typeof TokensConfig>;
export type TokensConfigParsed = z.output<typeof TokensConfig>;
export type UpdateRequestJson = z.input<typeof UpdateRequest>;
export type UpdateRequestsParsed = z.output<typeof UpdateRequests>;
export type AgreementFilterJson = z.input<typeof AgreementFilter>;
export type AgreementFilterParsed = z.output<typeof AgreementFilter>;
