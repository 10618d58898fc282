import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readKeptJson } from '../../src/files/kept-json';

const Record = z.object({ startedAt: z.number(), seeded: z.boolean() });
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'sla-kept-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('reads what the gateway wrote, and nothing when there is no file', () => {
  const file = join(folder, 'demo.json');
  expect(readKeptJson(file, Record)).toBeUndefined();
  writeFileSync(file, '{"startedAt":1796000000,"seeded":true}');
  expect(readKeptJson(file, Record)).toEqual({ startedAt: 1796000000, seeded: true });
});

it.each([
  ['', 'is not JSON'],
  ['{"startedAt":', 'is not JSON'],
  ['{"seeded":true}', 'startedAt is malformed'],
])('refuses %j, naming the file', (text, reason) => {
  const file = join(folder, 'demo.json');
  writeFileSync(file, text);
  expect(() => readKeptJson(file, Record)).toThrow(file);
  expect(() => readKeptJson(file, Record)).toThrow(reason);
});
