import { LedgerUnavailable } from './ledger-errors';
import type { IdentityName, LedgerPort } from './ledger-port';
import type {
  AccountView,
  AgreementView,
  Collected,
  MeasurementRecord,
  MemberView,
  Minted,
  MyAccountView,
  OfferView,
  Page,
  PageRequest,
  ProposalView,
  ServiceView,
  SessionRecord,
  SettleDueResult,
  TokenConfig,
  Transferred,
  WindowMeasurement,
} from './views';

export const DEFAULT_PAGE_SIZE = 50;

/** A window to measure, as services:UpdateMany takes it (times in seconds or ISO-8601). */
export interface UpdateRequest {
  serviceKey: string;
  windowStart: number | string;
  windowEnd: number | string;
}

/**
 * The sla-ledger chaincode as typed functions, one per transaction, for one
 * identity on one channel: arguments written as the chaincode reads them,
 * results parsed. Failures are the port's LedgerErrors, the chaincode's
 * refusals among them as ChaincodeRejection.
 */
export class SlaClient {
  constructor(
    private readonly ledger: LedgerPort,
    readonly channel: string,
    readonly identity: IdentityName,
  ) {}

  /** The same client for another identity or channel. */
  as(identity: IdentityName, channel = this.channel): SlaClient {
    return new SlaClient(this.ledger, channel, identity);
  }

  // services

  registerService(service: object): Promise<ServiceView> {
    return this.submit('services:Register', JSON.stringify(service));
  }

  getService(serviceKey: string): Promise<ServiceView> {
    return this.evaluate('services:Get', serviceKey);
  }

  listServices(page: PageRequest = {}): Promise<Page<ServiceView>> {
    return this.page('services', 'services:List', page);
  }

  measurements(serviceKey: string, page: PageRequest = {}): Promise<Page<MeasurementRecord>> {
    return this.page('measurements', 'services:Measurements', page, serviceKey);
  }

  measure(
    serviceKey: string,
    windowStart: number | string,
    windowEnd: number | string,
  ): Promise<WindowMeasurement> {
    return this.submit('services:Update', serviceKey, String(windowStart), String(windowEnd));
  }

  measureMany(requests: readonly UpdateRequest[]): Promise<{ measurements: WindowMeasurement[] }> {
    return this.submit('services:UpdateMany', JSON.stringify(requests));
  }

  deactivateService(serviceKey: string): Promise<ServiceView> {
    return this.submit('services:Deactivate', serviceKey);
  }

  // tokens

  initTokens(config: { issuers?: string[]; issuerMsps?: string[] }): Promise<TokenConfig> {
    return this.submit('tokens:Init', JSON.stringify(config));
  }

  mint(accountId: string, amount: string): Promise<Minted> {
    return this.submit('tokens:Mint', accountId, amount);
  }

  transfer(toAccountId: string, amount: string): Promise<Transferred> {
    return this.submit('tokens:Transfer', toAccountId, amount);
  }

  collect(): Promise<Collected> {
    return this.submit('tokens:Collect');
  }

  balance(accountId: string): Promise<AccountView> {
    return this.evaluate('tokens:Balance', accountId);
  }

  myAccount(): Promise<MyAccountView> {
    return this.evaluate('tokens:MyAccount');
  }

  // offers

  createOffer(offer: object): Promise<OfferView> {
    return this.submit('offers:Create', JSON.stringify(offer));
  }

  approveOffer(
    offerId: string,
    approval: { shareBp: number; payoutAccount?: string },
  ): Promise<OfferView> {
    return this.submit('offers:Approve', offerId, JSON.stringify(approval));
  }

  withdrawOffer(offerId: string): Promise<OfferView> {
    return this.submit('offers:Withdraw', offerId);
  }

  getOffer(offerId: string): Promise<OfferView> {
    return this.evaluate('offers:Get', offerId);
  }

  listOffers(page: PageRequest = {}): Promise<Page<OfferView>> {
    return this.page('offers', 'offers:List', page);
  }

  // agreements

  accept(offerId: string, offerVersion: number, agreementId: string): Promise<AgreementView> {
    return this.submit('agreements:Accept', offerId, String(offerVersion), agreementId);
  }

  startSession(agreementId: string, sessionId: string, placement: object): Promise<SessionRecord> {
    return this.submit(
      'agreements:StartSession',
      agreementId,
      sessionId,
      JSON.stringify(placement),
    );
  }

  stopSession(agreementId: string, sessionId: string): Promise<SessionRecord> {
    return this.submit('agreements:StopSession', agreementId, sessionId);
  }

  sessions(agreementId: string, page: PageRequest = {}): Promise<Page<SessionRecord>> {
    return this.page('sessions', 'agreements:Sessions', page, agreementId);
  }

  stop(agreementId: string): Promise<AgreementView> {
    return this.submit('agreements:Stop', agreementId);
  }

  settle(agreementId: string): Promise<AgreementView> {
    return this.submit('agreements:Settle', agreementId);
  }

  settleDue(maxCount: number): Promise<SettleDueResult> {
    return this.submit('agreements:SettleDue', String(maxCount));
  }

  /** What settleDue would settle and dispute now, evaluated: nothing is committed. */
  settleDuePreview(maxCount: number): Promise<SettleDueResult> {
    return this.evaluate('agreements:SettleDue', String(maxCount));
  }

  resolve(agreementId: string, creditBp: number): Promise<AgreementView> {
    return this.submit('agreements:Resolve', agreementId, String(creditBp));
  }

  getAgreement(agreementId: string): Promise<AgreementView> {
    return this.evaluate('agreements:Get', agreementId);
  }

  listAgreements(
    filter: { phase?: string; offerId?: string } = {},
    page: PageRequest = {},
  ): Promise<Page<AgreementView>> {
    return this.page('agreements', 'agreements:List', page, JSON.stringify(filter));
  }

  // governance

  propose(proposal: object): Promise<ProposalView> {
    return this.submit('governance:Propose', JSON.stringify(proposal));
  }

  vote(proposalId: string, approve: boolean): Promise<object> {
    return this.submit('governance:Vote', proposalId, String(approve));
  }

  decide(proposalId: string): Promise<ProposalView> {
    return this.submit('governance:Decide', proposalId);
  }

  join(): Promise<MemberView> {
    return this.submit('governance:Join');
  }

  getProposal(proposalId: string): Promise<ProposalView> {
    return this.evaluate('governance:Get', proposalId);
  }

  private async submit<T>(fn: string, ...args: string[]): Promise<T> {
    const submitted = await this.ledger.submit(this.channel, this.identity, fn, args);
    return answerOf<T>(fn, submitted.result, submitted.txId);
  }

  private async evaluate<T>(fn: string, ...args: string[]): Promise<T> {
    return answerOf<T>(fn, await this.ledger.evaluate(this.channel, this.identity, fn, args));
  }

  private async page<T>(
    key: string,
    fn: string,
    page: PageRequest,
    ...args: string[]
  ): Promise<Page<T>> {
    const answer = await this.evaluate<Record<string, unknown> & { bookmark: string }>(
      fn,
      ...args,
      String(page.pageSize ?? DEFAULT_PAGE_SIZE),
      page.bookmark ?? '',
    );
    return { items: answer[key] as T[], bookmark: answer.bookmark };
  }
}

/** The chaincode answers every transaction with a JSON object; anything else (empty, cut) is not an answer. */
function answerOf<T>(fn: string, text: string, txId?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null) {
    throw new LedgerUnavailable(
      `${fn} answered ${text === '' ? 'nothing' : 'something that is not a JSON object'}`,
      txId,
    );
  }
  return value as T;
}
