import { parsePlacement, parseConstraints } from '../../src/domain/constraints';
import { parseOfferInput } from '../../src/domain/offer';
import { parseServiceDefinition } from '../../src/domain/service';
import { azureService, cloudWatchService } from '../fixtures/services';

type Parse = (text: string) => unknown;

function withMonitor(changes: Record<string, unknown>): Record<string, unknown> {
  const service = cloudWatchService();
  return { ...service, monitor: { ...(service.monitor as object), ...changes } };
}

function withAzureMonitor(changes: Record<string, unknown>): Record<string, unknown> {
  const service = azureService();
  return { ...service, monitor: { ...(service.monitor as object), ...changes } };
}

const offer = { offerId: 'o', model: 'fixed', price: '10', maxPeriodSeconds: 600 };
const placement = { cluster: 'eks-eu-1', region: 'eu-west-1', jurisdiction: 'EU' };

/** Every free-text field, by the path its errors name. */
const FIELDS: Array<[string, Parse]> = [
  [
    'service.description',
    (text) => parseServiceDefinition({ ...cloudWatchService(), description: text }),
  ],
  [
    'service.monitor.metricName',
    (text) => parseServiceDefinition(withMonitor({ metricName: text })),
  ],
  ['service.monitor.namespace', (text) => parseServiceDefinition(withMonitor({ namespace: text }))],
  [
    'service.monitor.dimensions[0].name',
    (text) => parseServiceDefinition(withMonitor({ dimensions: [{ name: text, value: 'v' }] })),
  ],
  [
    'service.monitor.dimensions[0].value',
    (text) => parseServiceDefinition(withMonitor({ dimensions: [{ name: 'n', value: text }] })),
  ],
  [
    'service.monitor.metricNamespace',
    (text) => parseServiceDefinition(withAzureMonitor({ metricNamespace: text })),
  ],
  ['offer.title', (text) => parseOfferInput({ ...offer, title: text }, 'A')],
  [
    'offer.constraints.regions[0]',
    (text) => parseOfferInput({ ...offer, constraints: { regions: [text] } }, 'A'),
  ],
  [
    'constraints.jurisdictions[1]',
    (text) => parseConstraints('constraints', { jurisdictions: ['AT', text] }),
  ],
  ['placement.cluster', (text) => parsePlacement('placement', { ...placement, cluster: text })],
  ['placement.region', (text) => parsePlacement('placement', { ...placement, region: text })],
  [
    'placement.jurisdiction',
    (text) => parsePlacement('placement', { ...placement, jurisdiction: text }),
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

describe('free text', () => {
  it.each(FIELDS)(
    '%s accepts letters, marks, digits, spaces and ordinary punctuation',
    (_field, parse) => {
      for (const text of [
        'EU',
        'eu-west-1',
        'Réunion à Zürich (EU), 2.0: #1 & co.',
        '東京 1',
        'a-b_c/d [x] +=~@%?!;\'"',
        'e\u0301té',
      ]) {
        expect(() => parse(text)).not.toThrow();
      }
    },
  );

  it.each(FIELDS)(
    '%s refuses invisible and control characters, naming the field and why',
    (field, parse) => {
      const cases: Array<[string, string]> = [
        [
          'zero\u200Bwidth',
          'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides (U+200B at character 5)',
        ],
        [
          'join\u200Ded',
          'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides (U+200D at character 5)',
        ],
        [
          '\uFEFFbom',
          'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides (U+FEFF at character 1)',
        ],
        [
          'abc\u202Eevil',
          'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides (U+202E at character 4)',
        ],
        [
          'soft\u00ADhyphen',
          'must not contain invisible characters such as zero-width spaces, joiners, byte-order marks or direction overrides (U+00AD at character 5)',
        ],
        ['line\nbreak', 'must not contain control characters (U+000A at character 5)'],
        ['nul\u0000', 'must not contain control characters (U+0000 at character 4)'],
        ['bell\u0007', 'must not contain control characters (U+0007 at character 5)'],
        [
          'no\u00A0break',
          'must not contain separators other than the space (U+00A0 at character 3)',
        ],
        [
          'line\u2028separator',
          'must not contain separators other than the space (U+2028 at character 5)',
        ],
        ['private\uE000use', 'must not contain private-use characters (U+E000 at character 8)'],
        ['lone\uD800surrogate', 'must not contain an unpaired surrogate (U+D800 at character 5)'],
        ['unassigned\u0378', 'must not contain unassigned characters (U+0378 at character 11)'],
        [
          '100%41',
          "must not contain percent-encoded sequences ('%' and two hex digits at character 4)",
        ],
        [
          'a%2Fb',
          "must not contain percent-encoded sequences ('%' and two hex digits at character 2)",
        ],
      ];
      for (const [text, reason] of cases) {
        expect(failure(() => parse(text))).toBe(`INVALID_ARGUMENT: ${field} ${reason}`);
      }
    },
  );

  it.each(FIELDS)('%s refuses symbols and punctuation outside the list', (field, parse) => {
    for (const [text, code] of [
      ['smile 😀', 'U+1F600 at character 7'],
      ['<script>', 'U+003C at character 1'],
      ['a`b', 'U+0060 at character 2'],
      ['$HOME', 'U+0024 at character 1'],
      ['a\\b', 'U+005C at character 2'],
    ]) {
      expect(failure(() => parse(text))).toBe(
        `INVALID_ARGUMENT: ${field} may hold only letters, marks, digits, the space and . , : ; ! ? ' " ( ) [ ] / - _ + = & # @ % ~ (${code})`,
      );
    }
  });

  it('allows a percent sign that encodes nothing', () => {
    expect(() =>
      parseServiceDefinition({
        ...cloudWatchService(),
        description: 'at least 99.9 % of the time, 5%',
      }),
    ).not.toThrow();
  });

  it('limits each field to its length', () => {
    expect(failure(() => parseOfferInput({ ...offer, title: 'x'.repeat(257) }, 'A'))).toBe(
      'INVALID_ARGUMENT: offer.title must be at most 256 characters long',
    );
    expect(() => parseOfferInput({ ...offer, title: 'x'.repeat(256) }, 'A')).not.toThrow();
    expect(
      failure(() =>
        parseServiceDefinition({ ...cloudWatchService(), description: 'd'.repeat(1025) }),
      ),
    ).toBe('INVALID_ARGUMENT: service.description must be at most 1024 characters long');
    expect(
      failure(() => parsePlacement('placement', { ...placement, region: 'r'.repeat(65) })),
    ).toBe('INVALID_ARGUMENT: placement.region must be at most 64 characters long');
    expect(failure(() => parsePlacement('placement', { ...placement, cluster: '' }))).toBe(
      'INVALID_ARGUMENT: placement.cluster must be a non-empty string, got an empty string',
    );
  });

  it('checks the characters of an Azure resource id too', () => {
    const resourceId =
      '/subscriptions/0000-1111/resourceGroups/jitsi/providers/Microsoft.Compute/virtualMachines/jvb\u200B-1';
    expect(failure(() => parseServiceDefinition(withAzureMonitor({ resourceId })))).toContain(
      'INVALID_ARGUMENT: service.monitor.resourceId must not contain invisible characters',
    );
  });

  it('never repeats the text it refuses', () => {
    const text = 'my-\u200Bprivate\u0007value';
    for (const [, parse] of FIELDS) {
      const message = failure(() => parse(text));
      expect(message).not.toContain('private');
    }
  });

  it('names a repeated region or jurisdiction by position, not by value', () => {
    expect(
      failure(() =>
        parseOfferInput(
          { ...offer, constraints: { regions: ['eu-west-1', 'eu-central-1', 'eu-west-1'] } },
          'A',
        ),
      ),
    ).toBe(
      'INVALID_ARGUMENT: offer.constraints.regions lists the same entry twice: [2] repeats [0]',
    );
  });
});
