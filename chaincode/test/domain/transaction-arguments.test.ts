import { parseAgreementFilter } from '../../src/domain/agreement-filter';
import { parsePlacement } from '../../src/domain/constraints';
import { booleanArgument, integerArgument, parsePageSize } from '../../src/domain/input';
import { parseApproval } from '../../src/domain/offer';
import { parseTokensConfig } from '../../src/domain/tokens-config';
import { parseUpdateRequests } from '../../src/domain/update-requests';

const request = (
  serviceKey: string,
  windowStart: unknown = 0,
  windowEnd: unknown = 60,
): object => ({
  serviceKey,
  windowStart,
  windowEnd,
});
const requests = (...items: object[]): string => JSON.stringify(items);

describe('UpdateMany requests', () => {
  it('reads windows as epoch seconds and remembers where each request sits', () => {
    expect(
      parseUpdateRequests(
        requests(
          request('b', '2026-11-25T10:00:00Z', '2026-11-25T10:05:00Z'),
          request('a', 60, '120'),
        ),
      ),
    ).toEqual([
      { serviceKey: 'b', start: 1795600800, end: 1795601100, field: 'requests[0].' },
      { serviceKey: 'a', start: 60, end: 120, field: 'requests[1].' },
    ]);
  });

  it('takes 1 to 500 requests, each service once', () => {
    const many = Array.from({ length: 501 }, (_, index) => request(`s${index}`));
    expect(() => parseUpdateRequests(requests(...many))).toThrow(
      'INVALID_ARGUMENT: requests must hold between 1 and 500 entries, got 501',
    );
    expect(parseUpdateRequests(requests(...many.slice(0, 500)))).toHaveLength(500);
    expect(() => parseUpdateRequests('[]')).toThrow(
      'INVALID_ARGUMENT: requests must hold between 1 and 500 entries, got 0',
    );
    expect(() => parseUpdateRequests(requests(request('a'), request('b'), request('a')))).toThrow(
      'INVALID_ARGUMENT: requests lists "a" more than once',
    );
  });

  it('takes at most 10 distinct windows', () => {
    const windows = Array.from({ length: 11 }, (_, index) =>
      request(`s${index}`, index * 60, index * 60 + 60),
    );
    expect(
      parseUpdateRequests(requests(...windows.slice(0, 10), request('same', 0, 60))),
    ).toHaveLength(11);
    expect(() => parseUpdateRequests(requests(...windows))).toThrow(
      'INVALID_ARGUMENT: requests[10] opens window 11: one transaction measures at most 10 distinct (windowStart, windowEnd) pairs; split the batch by window',
    );
  });

  it('names the request and field at fault', () => {
    expect(() =>
      parseUpdateRequests(requests(request('a'), request('b'), request('c'), request('d', 'soon'))),
    ).toThrow(
      'INVALID_ARGUMENT: requests[3].windowStart must be an ISO-8601 time such as "2026-11-25T10:00:00Z" or whole seconds since the Unix epoch',
    );
    expect(() => parseUpdateRequests(requests({ serviceKey: 'a', windowStart: 0 }))).toThrow(
      'INVALID_ARGUMENT: requests[0].windowEnd must be an ISO-8601 time such as "2026-11-25T10:00:00Z" or whole seconds since the Unix epoch, got nothing',
    );
    expect(() => parseUpdateRequests(requests({ ...request('a'), force: true }))).toThrow(
      'INVALID_ARGUMENT: requests[0].force is not a known field (known: serviceKey, windowEnd, windowStart)',
    );
    expect(() => parseUpdateRequests('{"serviceKey":"a"}')).toThrow(
      'INVALID_ARGUMENT: requests must be a JSON array, got an object',
    );
    expect(() => parseUpdateRequests('[{"serviceKey":"a","serviceKey":"b"}]')).toThrow(
      'INVALID_ARGUMENT: requests[0].serviceKey appears twice',
    );
  });
});

describe('token settings', () => {
  it('sorts the issuer accounts and fills in what is missing', () => {
    expect(parseTokensConfig('{"issuers":["A::/CN=z","A::/CN=b"]}')).toEqual({
      issuers: ['A::/CN=b', 'A::/CN=z'],
      issuerMsps: [],
    });
    expect(parseTokensConfig('{"issuerMsps":["A"]}')).toEqual({ issuers: [], issuerMsps: ['A'] });
  });

  it('names issuers and refuses anything else', () => {
    expect(() => parseTokensConfig('{}')).toThrow(
      'INVALID_ARGUMENT: config must name issuer accounts (issuers) or the issuing organisation (issuerMsps)',
    );
    expect(() => parseTokensConfig('{"issuerMsps":["A","B"]}')).toThrow(
      'INVALID_ARGUMENT: config.issuerMsps must hold between 0 and 1 entries, got 2',
    );
    expect(() => parseTokensConfig('{"issuers":["alice"]}')).toThrow(
      'INVALID_ARGUMENT: config.issuers[0] must be an account id',
    );
    expect(() => parseTokensConfig('{"issuers":["A::/CN=a","A::/CN=a"]}')).toThrow(
      'INVALID_ARGUMENT: config.issuers lists "A::/CN=a" more than once',
    );
    expect(() => parseTokensConfig('{"issuerMsps":["A"],"mint":true}')).toThrow(
      'INVALID_ARGUMENT: config.mint is not a known field (known: issuerMsps, issuers)',
    );
    expect(() => parseTokensConfig('[]')).toThrow(
      'INVALID_ARGUMENT: config must be a JSON object, got an array',
    );
  });
});

describe('approvals', () => {
  it('reads the share and the optional payout account', () => {
    expect(parseApproval('{"shareBp":4000}')).toEqual({ shareBp: 4000 });
    expect(parseApproval('{"shareBp":4000,"payoutAccount":"AwsOrgMSP::/CN=pay"}')).toEqual({
      shareBp: 4000,
      payoutAccount: 'AwsOrgMSP::/CN=pay',
    });
  });

  it('names the field at fault', () => {
    expect(() => parseApproval('{}')).toThrow(
      'INVALID_ARGUMENT: approval.shareBp must be a whole number of basis points between 0 and 10000 (1 % = 100), got nothing',
    );
    expect(() => parseApproval('{"shareBp":1,"payoutAccount":"AwsOrgMSP::/CN=a\\u200Bb"}')).toThrow(
      'INVALID_ARGUMENT: approval.payoutAccount must not contain invisible characters',
    );
    expect(() =>
      parseApproval('{"shareBp":1,"payoutAccount":"AwsOrgMSP::/CN=AKIAIOSFODNN7EXAMPLE"}'),
    ).toThrow('INVALID_ARGUMENT: approval.payoutAccount holds what looks like a credential');
    expect(() => parseApproval('"x"')).toThrow(
      'INVALID_ARGUMENT: approval must be a JSON object, got a string',
    );
  });
});

describe('agreement filters', () => {
  it('filters nothing when blank', () => {
    expect(parseAgreementFilter('')).toEqual({});
    expect(parseAgreementFilter('  ')).toEqual({});
    expect(parseAgreementFilter('{}')).toEqual({});
  });

  it('reads a phase and an offer id', () => {
    expect(parseAgreementFilter('{"phase":"running","offerId":"o-1"}')).toEqual({
      phase: 'running',
      offerId: 'o-1',
    });
    expect(() => parseAgreementFilter('{"phase":"open"}')).toThrow(
      'INVALID_ARGUMENT: filter.phase must be one of running, stopped, expired,',
    );
    expect(() => parseAgreementFilter('{"status":"running"}')).toThrow(
      'INVALID_ARGUMENT: filter.status is not a known field (known: offerId, phase)',
    );
    expect(() => parseAgreementFilter('{"phase":"running","phase":"settled"}')).toThrow(
      'INVALID_ARGUMENT: filter.phase appears twice',
    );
  });
});

describe('placements', () => {
  it('reads a cluster, region and optional jurisdiction', () => {
    expect(parsePlacement('placement', { cluster: 'eks-eu-1', region: 'eu-west-1' })).toEqual({
      cluster: 'eks-eu-1',
      region: 'eu-west-1',
    });
    expect(() => parsePlacement('placement', { cluster: 'c', region: 'r', zone: 'a' })).toThrow(
      'INVALID_ARGUMENT: placement.zone is not a known field (known: cluster, jurisdiction, region)',
    );
    expect(() => parsePlacement('placement', { region: 'r' })).toThrow(
      'INVALID_ARGUMENT: placement.cluster must be a non-empty string, got nothing',
    );
  });
});

describe('string arguments', () => {
  it('reads page sizes, counts and booleans without repeating what was sent', () => {
    expect(parsePageSize('500')).toBe(500);
    expect(() => parsePageSize('501')).toThrow(
      'INVALID_ARGUMENT: pageSize must be between 1 and 500, got 501',
    );
    expect(() => parsePageSize('0x10')).toThrow(
      'INVALID_ARGUMENT: pageSize must be a whole number written in digits',
    );
    expect(integerArgument('maxCount', '7', 1, 100)).toBe(7);
    expect(booleanArgument('approve', 'true')).toBe(true);
    expect(booleanArgument('approve', 'false')).toBe(false);
    expect(() => booleanArgument('approve', 'AKIAIOSFODNN7EXAMPLE')).toThrow(
      /^INVALID_ARGUMENT: approve must be "true" or "false"$/,
    );
  });
});
