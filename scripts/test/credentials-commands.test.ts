/**
 * `npm run credentials`: sealing a plain file never echoes any part of it, even when it is
 * malformed (Node's JSON.parse messages quote the text around the fault, here a secret's).
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '@sla-ledger/chaincode/credentials';
import { failureMessage, runCredentialsCommand } from '../credentials/credentials-commands';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const folder = mkdtempSync(join(tmpdir(), 'sla-credentials-'));
const key = generateKey();

/** Runs a command; returns everything it printed, its failure message included. */
function run(argv: string[]): { printed: string; failed: boolean } {
  const lines: string[] = [];
  const output = {
    out: (line: string) => lines.push(line),
    err: (line: string) => lines.push(line),
  };
  try {
    runCredentialsCommand(argv, { SLA_CREDENTIALS_KEY: key }, output);
    return { printed: lines.join('\n'), failed: false };
  } catch (error) {
    lines.push(failureMessage(error));
    return { printed: lines.join('\n'), failed: true };
  }
}

function plainFile(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** Every run of 6 characters of the secret: none may appear in what is printed. */
const pieces = Array.from({ length: SECRET.length - 5 }, (_, index) =>
  SECRET.slice(index, index + 6),
);

describe('credentials seal', () => {
  it.each([
    [
      'a missing comma after the secret',
      `{\n  "aws": {\n    "kind": "aws",\n    "accessKeyId": "AKIAEXAMPLE",\n    "secretAccessKey": "${SECRET}"\n    "endpoint": "x"\n  }\n}\n`,
      'at line 6, column 5',
    ],
    [
      'a bare word beside the secret',
      `{"aws": {"kind": "aws", "secretAccessKey": "${SECRET}", "accessKeyId": AKIAEXAMPLE}}`,
      'at line 1, column 103',
    ],
    ['a secret alone, not JSON', SECRET, 'at line 1, column 1'],
    [
      'a file cut after the secret',
      `{"aws": {"secretAccessKey": "${SECRET}`,
      '(it ends too early)',
    ],
  ])('reports %s by line and column only, never its text', (_case, text, where) => {
    const input = plainFile('plain.json', text);
    const { printed, failed } = run(['seal', input, join(folder, 'sealed.json')]);

    expect(failed).toBe(true);
    expect(printed).toBe(`${input} is not valid JSON ${where}`);
    expect(pieces.filter((piece) => printed.includes(piece))).toEqual([]);
  });

  it('seals a valid file readable by its owner only, naming the entries and nothing else', () => {
    const input = plainFile(
      'good.json',
      JSON.stringify({
        'aws-monitoring': { kind: 'aws', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET },
      }),
    );
    const sealed = join(folder, 'good-sealed.json');
    const { printed, failed } = run(['seal', input, sealed]);

    expect(failed).toBe(false);
    expect(printed).toBe(`sealed 1 entries into ${sealed} (mode 0600): aws-monitoring`);
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(readFileSync(sealed, 'utf8')).not.toContain(SECRET);
  });

  it('names a file it cannot read by its error code only', () => {
    const missing = join(folder, 'absent.json');
    expect(run(['seal', missing, join(folder, 'x.json')]).printed).toBe(
      `cannot read ${missing} (ENOENT)`,
    );
  });
});
