import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runJobCommand } from '../../src/jobs/job-command';
import { FakeFabric } from '../support/fake-fabric';
import { HOUR, RecordedLog, T0, jobNetwork } from '../support/job-network';

const workspace = resolve(__dirname, '../..');
const cli = join(workspace, 'dist/jobs/jobs-cli.js');

/** Builds the workspace when a source file is newer than the command's build (npm test builds first; npx jest may not). */
function buildIfStale(): void {
  const built = statSync(cli, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = readdirSync(join(workspace, 'src'), { recursive: true, withFileTypes: true });
  const stale = sources.some(
    (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > built,
  );
  if (stale) {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: workspace,
      },
    );
  }
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (text: string) => out.push(text),
      err: (text: string) => err.push(text),
      logger: new RecordedLog(),
    },
  };
}

/** The command as cron runs it: its own process, on the project's Node. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('the job commands', () => {
  it('run one job, print its report, write the metrics file and exit 0 when all was done', async () => {
    const net = await jobNetwork();
    try {
      await net.register('cli-1');
      net.clock.set(T0 + HOUR);
      const metricsFile = join(mkdtempSync(join(tmpdir(), 'sla-jobs-')), 'jobs.prom');
      const { out, io: streams } = io();
      const code = await runJobCommand(
        ['update-services'],
        { SLA_JOBS_IDENTITIES: 'aws-ops', SLA_JOBS_METRICS_FILE: metricsFile },
        streams,
        { openLedger: () => net.ledger, clock: net.clock.now },
      );
      expect(code).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({
        job: 'update-services',
        outcome: 'success',
        windowsMeasured: 1,
      });
      expect(readFileSync(metricsFile, 'utf8')).toContain(
        'sla_job_runs_total{job="update-services",outcome="success"} 1',
      );
    } finally {
      await net.close();
    }
  });

  it('refuse an unknown job or a missing configuration with exit code 2', async () => {
    const unknown = io();
    await expect(runJobCommand(['measure'], {}, unknown.io)).resolves.toBe(2);
    expect(unknown.err.join('')).toMatch(
      /^usage: jobs-cli update-services \| settle-due \| stop-expired/,
    );
    const unconfigured = io();
    await expect(runJobCommand(['settle-due'], {}, unconfigured.io)).resolves.toBe(2);
    expect(unconfigured.err).toEqual([
      "settle-due: SLA_FABRIC_CONFIG is not set: the job commands run against the organisation's Fabric peers (the embedded ledger lives inside the gateway process, whose scheduler runs these jobs)",
    ]);
    const malformed = io();
    await expect(
      runJobCommand(['settle-due'], { SLA_JOBS_SETTLE_BATCH: '0' }, malformed.io),
    ).resolves.toBe(2);
  });

  it('run as a process of their own against Fabric peers named by SLA_FABRIC_CONFIG', async () => {
    buildIfStale();
    const fabric = new FakeFabric();
    try {
      const peer = await fabric.startPeer();
      let settledYet = false;
      peer.answer = (call) => {
        const settled = settledYet ? [] : [{ agreementId: 'a-1' }];
        settledYet ||= call.method === 'Endorse';
        return { result: JSON.stringify({ settled, disputed: [], waiting: ['a-9'] }) };
      };
      const env = { SLA_FABRIC_CONFIG: fabric.writeConfig([peer.port]) };
      const settled = await runCli(['settle-due'], env);
      expect(settled.code).toBe(0);
      expect(JSON.parse(settled.stdout)).toMatchObject({
        job: 'settle-due',
        settled: 1,
        waiting: 1,
        transactions: 1,
      });
      expect(peer.calls.map((call) => call.method)).toEqual([
        'Evaluate',
        'Endorse',
        'Submit',
        'CommitStatus',
        'Evaluate',
      ]);
      expect(peer.calls[0]?.args).toEqual(['agreements:SettleDue', '20']);
      await expect(runCli(['stop-expired', 'now'], env)).resolves.toMatchObject({ code: 2 });
    } finally {
      await fabric.stop();
    }
  });
});
