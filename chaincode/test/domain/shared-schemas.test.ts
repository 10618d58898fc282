import { z } from 'zod';
import * as schemas from '../../src/schemas';
import {
  firstIssue,
  Offer,
  parseStrictJson,
  ServiceDefinition,
  UpdateRequests,
  type OfferJson,
  type ServiceJson,
  type ServiceParsed,
} from '../../src/schemas';
import { parseOfferInput } from '../../src/domain/offer';
import {
  parseServiceDefinition,
  type ServiceDefinition as Definition,
} from '../../src/domain/service';
import { azureService, cloudWatchService } from '../fixtures/services';

function failure(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to fail');
}

const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  1e21,
  '',
  'x',
  [],
  {},
  [1],
  { a: 1 },
];

describe('schemas shared with the gateway', () => {
  it('give a client the same verdict and message as the chaincode', () => {
    const text = JSON.stringify(cloudWatchService({ consumerOrg: 'AwsOrgMSP' }));
    const json = parseStrictJson(text, { argument: 'serviceJson', root: 'service' });
    if (!json.ok) throw new Error('valid JSON expected');
    const result = ServiceDefinition.safeParse(json.value);
    expect(result.success).toBe(false);
    const issue = firstIssue(result.error?.issues ?? [], 'service');
    expect(`INVALID_ARGUMENT: ${issue.field} ${issue.reason}`).toBe(
      failure(() => parseServiceDefinition(json.value)),
    );
  });

  it('infer the types a client writes and the chaincode reads', () => {
    const sent: ServiceJson = { ...(cloudWatchService() as ServiceJson) };
    const read: ServiceParsed = ServiceDefinition.parse(sent);
    const definition: Definition = read;
    expect(definition.monitors[0]?.kind).toBe('cloudwatch');
    const offer: OfferJson = { offerId: 'o', model: 'fixed', price: '1', maxPeriodSeconds: 600 };
    expect(Offer.parse(offer).price).toEqual({ model: 'fixed', price: '1', maxPeriodSeconds: 600 });
  });

  it('describe every input a client sends as JSON', () => {
    for (const name of [
      'ServiceDefinition',
      'Monitor',
      'Sla',
      'Offer',
      'Price',
      'Shares',
      'Approval',
      'Proposal',
      'OfferChange',
      'Constraints',
      'Placement',
      'TokensConfig',
      'UpdateRequests',
      'AgreementFilter',
      'Identifier',
      'MspId',
      'AccountId',
      'Amount',
      'PositiveAmount',
      'BasisPoints',
      'Instant',
      'BooleanArgument',
      'PageSize',
    ]) {
      expect([name, (schemas as Record<string, unknown>)[name] instanceof z.ZodType]).toEqual([
        name,
        true,
      ]);
    }
  });

  it('answer every wrong value with a message of their own, never zod defaults', () => {
    const inputs: Array<[string, z.ZodType]> = [
      ['service', ServiceDefinition],
      ['offer', Offer],
      ['requests', UpdateRequests],
      ['monitor', schemas.Monitor],
      ['sla', schemas.Sla],
      ['proposal', schemas.Proposal],
      ['change', schemas.OfferChange],
      ['approval', schemas.Approval],
      ['placement', schemas.Placement],
      ['config', schemas.TokensConfig],
      ['filter', schemas.AgreementFilter],
      ['amount', schemas.PositiveAmount],
      ['bp', schemas.BasisPoints],
      ['at', schemas.Instant],
      ['id', schemas.Identifier],
      ['msp', schemas.MspId],
      ['account', schemas.AccountId],
      ['flag', schemas.BooleanArgument],
      ['pageSize', schemas.PageSize],
    ];
    for (const [root, schema] of inputs) {
      for (const value of WRONG_VALUES) {
        const result = schema.safeParse(value);
        if (result.success) continue;
        const { field, reason } = firstIssue(result.error.issues, root);
        expect(field.startsWith(root)).toBe(true);
        expect(reason).not.toMatch(/Invalid|expected (string|number|object|array)|received/);
      }
    }
  });
});

describe('determinism', () => {
  it('reads the same input to the same output every time', () => {
    for (const input of [cloudWatchService(), azureService()]) {
      const first = JSON.stringify(parseServiceDefinition(input));
      expect(JSON.stringify(parseServiceDefinition(structuredClone(input)))).toBe(first);
    }
    const offer = {
      offerId: 'o',
      model: 'dynamic',
      price: '7200',
      maxPeriodSeconds: 7200,
      services: ['s2', 's1'],
      consumers: ['C', 'B'],
      constraints: { regions: ['eu-west-1', 'eu-central-1'] },
      providers: [
        { mspId: 'b', shareBp: 5000 },
        { mspId: 'B', shareBp: 5000 },
      ],
    };
    const parsed = parseOfferInput(offer, 'B');
    expect(parsed.services).toEqual(['s1', 's2']);
    expect(parsed.consumers).toEqual(['B', 'C']);
    expect(parsed.constraints).toEqual({ regions: ['eu-central-1', 'eu-west-1'] });
    expect(parsed.providers.map((share) => share.mspId)).toEqual(['B', 'b']);
    expect(JSON.stringify(parseOfferInput(structuredClone(offer), 'B'))).toBe(
      JSON.stringify(parsed),
    );
  });

  it('reports the same first fault every time, whatever else is wrong', () => {
    const broken = cloudWatchService({ key: 'has space', providerOrg: 7, description: 'a\u200Bb' });
    const message = failure(() => parseServiceDefinition(broken));
    expect(message).toBe(
      "INVALID_ARGUMENT: service.key must start with a letter or digit and hold only letters, digits, '.', '_' and '-'",
    );
    for (let round = 0; round < 5; round += 1) {
      expect(failure(() => parseServiceDefinition(structuredClone(broken)))).toBe(message);
    }
  });
});
