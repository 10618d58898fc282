import { identifier } from '../../src/domain/input';
import { parseOfferInput } from '../../src/domain/offer';
import { parseServiceDefinition } from '../../src/domain/service';
import { looksLikeCredential, percentDecoded } from '../../src/schemas';
import { cloudWatchService } from '../fixtures/services';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ENTRA_SECRET = 'abc8Q~aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3x';

const percentEncoded = (text: string): string =>
  [...text].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`).join('');
const split = (text: string, separator: string): string =>
  `${text.slice(0, 4)}${separator}${text.slice(4)}`;

/** How a key was smuggled past the old scan, each still a key to whoever reads it. */
const DISGUISES: Array<[string, (key: string) => string]> = [
  ['URL-encoded', percentEncoded],
  [
    'partly URL-encoded',
    (key) => `${key.slice(0, 3)}%${key.charCodeAt(3).toString(16)}${key.slice(4)}`,
  ],
  ['URL-encoded twice', (key) => percentEncoded(key).replaceAll('%', '%25')],
  ['split by a zero-width space', (key) => split(key, '\u200B')],
  ['split by a zero-width joiner', (key) => split(key, '\u200D')],
  ['split by a soft hyphen', (key) => split(key, '\u00AD')],
  ['prefixed by one character', (key) => `x${key}`],
  ['with a character on each side', (key) => `x${key}y`],
  ['glued into a word', (key) => `user${key}suffix`],
  [
    'written in full-width letters',
    (key) => key.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  ],
];

function failure(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to fail');
}

describe('secret scan', () => {
  it.each(DISGUISES)('recognises keys %s', (_how, disguise) => {
    for (const key of [KEY_ID, SECRET_KEY, ENTRA_SECRET]) {
      expect([disguise(key), looksLikeCredential(disguise(key))]).toEqual([disguise(key), true]);
    }
  });

  it.each(DISGUISES)(
    'rejects a service description holding a key %s, without repeating it',
    (_how, disguise) => {
      for (const key of [KEY_ID, SECRET_KEY]) {
        const description = `monitoring account ${disguise(key)}`;
        const message = failure(() =>
          parseServiceDefinition({ ...cloudWatchService(), description }),
        );
        expect(message).toMatch(/^INVALID_ARGUMENT: service\.description /);
        expect(message).not.toContain(key);
        expect(message).not.toContain(description);
      }
    },
  );

  it('rejects a key hidden in an offer title or a dimension value', () => {
    expect(
      failure(() =>
        parseOfferInput(
          { offerId: 'o', model: 'fixed', price: '1', maxPeriodSeconds: 600, title: `x${KEY_ID}` },
          'A',
        ),
      ),
    ).toBe(
      "INVALID_ARGUMENT: offer.title holds what looks like a credential; credentials stay in each organisation's credentials store and the ledger names them with credentialsRef",
    );
    const service = cloudWatchService();
    expect(
      failure(() =>
        parseServiceDefinition({
          ...service,
          monitor: {
            ...(service.monitor as object),
            dimensions: [{ name: 'InstanceId', value: `i-${SECRET_KEY}` }],
          },
        }),
      ),
    ).toBe(
      "INVALID_ARGUMENT: service.monitor.dimensions[0].value holds what looks like a credential; credentials stay in each organisation's credentials store and the ledger names them with credentialsRef",
    );
  });

  it('recognises secret field names however they are written', () => {
    for (const name of ['client%5Fsecret', 'pass\u200Bword', 'ＡｐｉＫｅｙ', 'Session-Token']) {
      expect(
        failure(() => parseServiceDefinition({ ...cloudWatchService(), [name]: 'x' })),
      ).toMatch(/^INVALID_ARGUMENT: service\..+ looks like a secret and is not accepted/);
    }
  });

  it('rejects a field whose name is a key, without naming it', () => {
    const message = failure(() => parseServiceDefinition({ ...cloudWatchService(), [KEY_ID]: 1 }));
    expect(message).toBe(
      "INVALID_ARGUMENT: service.<a field name of 20 characters> is a field name that holds what looks like a credential; credentials stay in each organisation's credentials store and the ledger names them with credentialsRef",
    );
  });

  it('undoes nested percent-encoding in one linear pass', () => {
    expect(percentDecoded('%2541')).toBe('A');
    expect(percentDecoded('%252541')).toBe('A');
    expect(percentDecoded('%%34%31')).toBe('A');
    expect(percentDecoded('%E2%80%8B')).toBe('\u200B');
    expect(percentDecoded('100%')).toBe('100%');
    expect(percentDecoded('%zz%4')).toBe('%zz%4');
    const deep = `%${'25'.repeat(200_000)}41`;
    const started = process.hrtime.bigint();
    expect(percentDecoded(deep)).toBe('A');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('still lets through what only resembles a key', () => {
    for (const text of [
      'Jitsi Meet on EC2 in eu-west-1',
      'resourceGroups/jitsi/providers/MicrosoftCompute1234567890',
      '/subscriptions/12345678/resourceGroups/MyResourceGroup01/providers/Microsoft/virtualMachines/vm01',
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188',
      'AWS/ApplicationELB/TargetResponseTime/LoadBalancer',
      'i-0123456789abcdef0',
      'ASIA Pacific',
      'a 100 % available service',
    ]) {
      expect([text, looksLikeCredential(text)]).toEqual([text, false]);
    }
  });

  it('rejects a key used as an id: ids are written to the ledger too', () => {
    expect(() =>
      parseOfferInput(
        { offerId: `o-${KEY_ID}`, model: 'fixed', price: '1', maxPeriodSeconds: 600 },
        'A',
      ),
    ).toThrow('INVALID_ARGUMENT: offer.offerId holds what looks like a credential');
    expect(() => identifier('serviceKey', `x${KEY_ID}`)).toThrow(
      'INVALID_ARGUMENT: serviceKey holds what looks like a credential',
    );
  });

  it('refuses an oversized value by its length, without scanning it at length', () => {
    const huge = `${SECRET_KEY} `.repeat(250_000);
    const started = process.hrtime.bigint();
    expect(() => parseServiceDefinition({ ...cloudWatchService(), description: huge })).toThrow(
      'INVALID_ARGUMENT: service.description must be at most 1024 characters long',
    );
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
