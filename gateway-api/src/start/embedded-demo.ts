import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  sealedCredentialsFile,
  type CredentialsVaults,
} from '../api/credentials/credentials-vault';
import { demoConsortium } from '../demo/demo-consortium';
import { startLocalMonitoring, type LocalMonitoring } from '../demo/local-monitoring';
import { seedDemo } from '../demo/seed-demo';
import { z } from 'zod';
import { writeFileAtomically } from '../files/atomic-write';
import { readKeptJson } from '../files/kept-json';
import { DataFolderInUse, lockDataFolder } from './data-folder-lock';
import { embeddedLedger, type EmbeddedLedger } from '../ledger/embedded/embedded-ledger';

const DAY = 86_400;

/**
 * What the demo remembers between starts (`demo.json` in the data folder): when it first started
 * (its scenario — outage, service history — is placed around it) and whether it was seeded.
 */
const DemoRecord = z.object({ startedAt: z.number().int().positive(), seeded: z.boolean() });
type DemoRecord = z.output<typeof DemoRecord>;

export interface EmbeddedDemo {
  ledger: EmbeddedLedger;
  /** Each organisation's sealed credentials store, which its chaincode reads. */
  vaults: CredentialsVaults;
  monitoring: LocalMonitoring;
  /** `seeded` on the first start, `kept` after. */
  state: 'seeded' | 'kept';
  close(): Promise<void>;
}

export class DemoSeedInterrupted extends Error {}

function lockedBy(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === 'LEVEL_LOCKED';
}

/**
 * The embedded demo consortium in `dataDir`: the monitoring emulators with
 * the demo's scenario, every organisation's peer running the chaincode with
 * its own sealed credentials, and on the first start the demo's services,
 * offers and agreement.
 */
export async function openEmbeddedDemo(
  dataDir: string,
  clock: () => Date = () => new Date(),
): Promise<EmbeddedDemo> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const release = lockDataFolder(dataDir);
  try {
    return await openLocked(dataDir, clock, release);
  } catch (error) {
    release();
    throw error;
  }
}

async function openLocked(
  dataDir: string,
  clock: () => Date,
  release: () => void,
): Promise<EmbeddedDemo> {
  const recordFile = join(dataDir, 'demo.json');
  const now = Math.floor(clock().getTime() / 1000);
  const kept = readKeptJson(recordFile, DemoRecord);
  const record: DemoRecord = kept ?? { startedAt: now, seeded: false };
  if (kept !== undefined && !record.seeded) {
    throw new DemoSeedInterrupted(
      `the demo's first start was stopped while it was filling the ledger in ${dataDir}; remove that folder and start again`,
    );
  }
  const monitoring = await startLocalMonitoring({
    directory: join(dataDir, 'monitoring'),
    now: record.startedAt,
    historyFrom: record.startedAt - 6 * 3600,
    historyUntil: Math.max(now, record.startedAt) + 7 * DAY,
    persist: true,
  });
  const ledger = embeddedLedger({
    consortium: demoConsortium(monitoring.environments),
    dataDir: join(dataDir, 'network'),
    clock,
  });
  try {
    await ledger.opened().catch((error: unknown) => {
      throw lockedBy(error) ? new DataFolderInUse(dataDir) : error;
    });
    let state: EmbeddedDemo['state'] = 'kept';
    if (!record.seeded) {
      await writeFileAtomically(recordFile, `${JSON.stringify(record)}\n`);
      state = await seedDemo(ledger, record.startedAt);
      await writeFileAtomically(recordFile, `${JSON.stringify({ ...record, seeded: true })}\n`);
    }
    const vaults = new Map(
      Object.values(monitoring.environments).map((environment) => [
        environment.SLA_ORGANISATION,
        sealedCredentialsFile(
          environment.SLA_ORGANISATION,
          environment.SLA_CREDENTIALS_FILE,
          environment.SLA_CREDENTIALS_KEY,
        ),
      ]),
    );
    return {
      ledger,
      vaults,
      monitoring,
      state,
      close: async () => {
        await ledger.close();
        await monitoring.stop();
        release();
      },
    };
  } catch (error) {
    await ledger.close().catch(() => undefined);
    await monitoring.stop();
    throw error;
  }
}
