import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFolderInUse, lockDataFolder } from '../../src/start/data-folder-lock';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sla-lock-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

it('claims the folder, and gives it back on release', () => {
  const release = lockDataFolder(dataDir);
  expect(readFileSync(join(dataDir, 'gateway.pid'), 'utf8').trim()).toBe(String(process.pid));
  release();
  expect(existsSync(join(dataDir, 'gateway.pid'))).toBe(false);
});

it('refuses a folder another running gateway holds, naming it and SLA_DATA_DIR', async () => {
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(join(dataDir, 'gateway.pid'), `${other.pid}\n`);
    expect(() => lockDataFolder(dataDir)).toThrow(DataFolderInUse);
    expect(() => lockDataFolder(dataDir)).toThrow(`process ${other.pid}`);
    expect(() => lockDataFolder(dataDir)).toThrow('SLA_DATA_DIR');
    expect(readFileSync(join(dataDir, 'gateway.pid'), 'utf8').trim()).toBe(String(other.pid));
  } finally {
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
  }
});

it('takes over a folder whose gateway died without releasing it (kill -9)', async () => {
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => dead.once('exit', resolve));
  writeFileSync(join(dataDir, 'gateway.pid'), `${dead.pid}\n`);
  const release = lockDataFolder(dataDir);
  expect(readFileSync(join(dataDir, 'gateway.pid'), 'utf8').trim()).toBe(String(process.pid));
  release();
});
