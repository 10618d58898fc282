import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiRoutes } from '../../src';
import { openApiPath } from '../../src/api/docs/openapi';

it('the README lists every route', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8').replace(/ {2,}/g, ' ');
  const missing = apiRoutes()
    .map(({ doc }) => `| ${doc.method.toUpperCase()} | \`${openApiPath(doc.path)}\` |`)
    .filter((row) => !readme.includes(row));
  expect(missing).toEqual([]);
});
