import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderInUse extends Error {
  constructor(dataDir: string, pid?: number) {
    super(
      `the data folder ${dataDir} is in use by another gateway${pid === undefined ? '' : ` (process ${pid})`}; stop that one, or give this one another SLA_DATA_DIR`,
    );
  }
}

/**
 * Claims `dataDir` for this process (`gateway.pid`, created exclusively), taking it over from a
 * process that no longer runs. Returns the release.
 */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, 'gateway.pid');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) {
        throw new DataFolderInUse(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataFolderInUse(dataDir);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
