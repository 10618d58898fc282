import fc from 'fast-check';
import { parseJson } from '../../src/domain/input';
import { parseServiceDefinition } from '../../src/domain/service';
import { parseStrictJson, scanJson } from '../../src/schemas';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function failure(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to fail');
}

describe('JSON arguments', () => {
  it('refuses a duplicate key that would hide a secret from validation', () => {
    const text = `{"key":"s","description":"${SECRET}","description":"ok"}`;
    const message = failure(() => parseServiceDefinition(parseJson('serviceJson', text)));
    expect(message).toBe('INVALID_ARGUMENT: service.description appears twice');
    expect(message).not.toContain(SECRET);
  });

  it('finds duplicates at any depth and names their path', () => {
    expect(
      failure(() => parseJson('serviceJson', '{"monitor":{"metricName":"a","metricName":"b"}}')),
    ).toBe('INVALID_ARGUMENT: service.monitor.metricName appears twice');
    expect(
      failure(() =>
        parseJson('requestsJson', '[{},{},{},{"serviceKey":"a","windowStart":0,"serviceKey":"b"}]'),
      ),
    ).toBe('INVALID_ARGUMENT: requests[3].serviceKey appears twice');
    expect(
      failure(() =>
        parseJson(
          'offerJson',
          '{"providers":[{"mspId":"A"},{"mspId":"B","shareBp":1,"shareBp":2}]}',
        ),
      ),
    ).toBe('INVALID_ARGUMENT: offer.providers[1].shareBp appears twice');
    expect(failure(() => parseJson('filter', '{"a":[[{"b":{"c":1,"c":1}}]]}'))).toBe(
      'INVALID_ARGUMENT: filter.a[0][0].b.c appears twice',
    );
  });

  it('compares keys as JSON reads them, escapes undone', () => {
    expect(failure(() => parseJson('serviceJson', '{"description":1,"descr\\u0069ption":2}'))).toBe(
      'INVALID_ARGUMENT: service.description appears twice',
    );
    expect(failure(() => parseJson('serviceJson', '{"__proto__":1,"__proto__":2}'))).toBe(
      'INVALID_ARGUMENT: service.__proto__ appears twice',
    );
    expect(parseJson('serviceJson', '{"a":{"x":1},"b":{"x":1}}')).toEqual({
      a: { x: 1 },
      b: { x: 1 },
    });
  });

  it('names a field that looks odd or like a credential without repeating it', () => {
    const message = failure(() => parseJson('serviceJson', `{"${SECRET}":1,"${SECRET}":2}`));
    expect(message).toBe('INVALID_ARGUMENT: service.<a field name of 40 characters> appears twice');
  });

  it('returns exactly what JSON.parse returns', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseJson('valueJson', text)).toEqual(JSON.parse(text));
      }),
    );
    const spaced = ' \t\n{ "a" : [ 1 , -0.5e+3 , "\\u00e9\\n" , true , false , null ] } \r\n';
    expect(parseJson('valueJson', spaced)).toEqual(JSON.parse(spaced));
  });

  it('accepts what JSON.parse accepts and refuses what it refuses', () => {
    const texts = [
      '',
      ' ',
      '{',
      '}',
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '[1,]',
      '[,1]',
      '01',
      '1.',
      '.5',
      '-',
      '1e',
      '+1',
      'tru',
      'nul',
      '"\\x"',
      '"\\u12"',
      '"a\nb"',
      '"unterminated',
      '{"a":1}}',
      '{} {}',
      '\uFEFF{}',
      "{'a':1}",
      '{a:1}',
      '[1 2]',
      'NaN',
      '"\\ud800"',
      '1E+2',
      '-0',
      '[[]]',
      '{"":""}',
    ];
    for (const text of texts) {
      let native = true;
      try {
        JSON.parse(text);
      } catch {
        native = false;
      }
      expect([text, scanJson(text) === undefined]).toEqual([text, native]);
    }
  });

  it('says where the text stops being JSON without repeating it', () => {
    const message = failure(() => parseJson('serviceJson', `{"description":"${SECRET}" "x"}`));
    expect(message).toBe(
      "INVALID_ARGUMENT: serviceJson is not valid JSON: expected ',' or '}' at character 59",
    );
    expect(failure(() => parseJson('serviceJson', ''))).toBe(
      'INVALID_ARGUMENT: serviceJson is not valid JSON: ends too early at character 1',
    );
    expect(failure(() => parseJson('serviceJson', `"${SECRET}`))).toBe(
      'INVALID_ARGUMENT: serviceJson is not valid JSON: ends inside a string at character 42',
    );
  });

  it('refuses nesting deeper than any input needs', () => {
    const deep = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
    expect(() => parseJson('valueJson', deep(20))).not.toThrow();
    expect(failure(() => parseJson('valueJson', deep(21)))).toBe(
      'INVALID_ARGUMENT: valueJson nests deeper than 20 levels (at character 21)',
    );
    expect(failure(() => parseJson('valueJson', deep(1_000_000)))).toContain('nests deeper');
  });

  it('scans in time linear in the size of the text', () => {
    const keys = Array.from({ length: 200_000 }, (_, index) => `"k${index}":${index}`);
    const wide = `{${keys.join(',')}}`;
    const escapes = JSON.stringify('\\"'.repeat(500_000));
    const started = process.hrtime.bigint();
    expect(scanJson(wide)).toBeUndefined();
    expect(scanJson(escapes)).toBeUndefined();
    expect(scanJson(`[${'{"a":1,"a":2},'.repeat(100_000)}1]`)).toEqual({
      kind: 'duplicate',
      path: [0, 'a'],
    });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(3000);
  });

  it('gives the same answer for the same text every time', () => {
    const text = '{"b":{"c":1,"c":2},"a":1,"a":2}';
    const first = parseStrictJson(text, { argument: 'xJson', root: 'x' });
    expect(first).toEqual({ ok: false, issue: { field: 'x.b.c', reason: 'appears twice' } });
    expect(parseStrictJson(text, { argument: 'xJson', root: 'x' })).toEqual(first);
  });
});
