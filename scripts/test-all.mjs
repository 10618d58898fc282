#!/usr/bin/env node
// Runs every workspace's tests and ends with one line of totals: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reports = mkdtempSync(join(tmpdir(), 'sla-ledger-tests-'));
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
// Workspaces import each other's built packages: build them all, in dependency order, first.
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('the build failed');
  failed += 1;
}
for (const workspace of manifest.workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(reports, `${workspace.replaceAll('/', '_')}.json`);
  console.error(`\n=== ${pkg.name}: npm test ===`);
  const run = spawnSync(
    'npm',
    ['test', '-w', workspace, '--', '--json', `--outputFile=${report}`, ...extra],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (!existsSync(report)) {
    console.error(`${pkg.name}: the test run ended (status ${run.status}) without a report`);
    failed += 1;
    continue;
  }
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failing test of its own: count it once.
  failed += results.testResults.filter(
    (suite) =>
      suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
  ).length;
}
rmSync(reports, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
