/**
 * The CloudWatch emulator's command line takes secret keys from a file or the environment,
 * never from its arguments, which every user of the machine can read (ps, /proc/PID/cmdline).
 * Runs the built entry point (npm test builds the workspace first).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';

const MAIN = join(__dirname, '..', 'dist', 'sim', 'cloudwatch-main.js');
const SECRET = 'cloudwatch-main-test/secret/0123456789';
const KEY = { accessKeyId: 'AKIAMAINTEST00000001', secretAccessKey: SECRET };

function start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [MAIN, '--region', 'eu-west-1', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

/** The first line the process prints on stdout, or its stderr if it exits first. */
function firstLine(
  child: ChildProcessWithoutNullStreams,
): Promise<{ line?: string; error?: string }> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ line: out.split('\n')[0] });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', () => resolve({ error: err.trim() }));
  });
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Lists metrics with the key, proving the emulator took it. */
async function accepts(endpoint: string): Promise<boolean> {
  const client = new CloudWatchClient({ region: 'eu-west-1', endpoint, credentials: KEY });
  try {
    await client.send(new ListMetricsCommand({}));
    return true;
  } finally {
    client.destroy();
  }
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build -w scripts`);
});

describe('the CloudWatch emulator command line', () => {
  it('refuses keys given as arguments', async () => {
    const child = start(['--credentials', `${KEY.accessKeyId}:${SECRET}`]);
    const { error } = await firstLine(child);
    expect(error).toBe(
      'keys do not go on the command line, where every user of the machine can read them (ps): set SLA_CLOUDWATCH_CREDENTIALS or give --credentials-file',
    );
  });

  it('takes keys from SLA_CLOUDWATCH_CREDENTIALS, and its command line holds no secret', async () => {
    const child = start([], { SLA_CLOUDWATCH_CREDENTIALS: `${KEY.accessKeyId}:${SECRET}` });
    try {
      const { line } = await firstLine(child);
      const { endpoint } = JSON.parse(line as string) as { endpoint: string };
      expect(await accepts(endpoint)).toBe(true);
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
      expect(commandLine).not.toContain(SECRET);
    } finally {
      await stop(child);
    }
  });

  it('takes keys from a file, one ACCESS_KEY_ID:SECRET a line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloudwatch-keys-')), 'keys.txt');
    writeFileSync(file, `# emulator keys\n${KEY.accessKeyId}:${SECRET}\n`, { mode: 0o600 });
    const child = start(['--credentials-file', file]);
    try {
      const { line } = await firstLine(child);
      const { endpoint } = JSON.parse(line as string) as { endpoint: string };
      expect(await accepts(endpoint)).toBe(true);
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).not.toContain(SECRET);
    } finally {
      await stop(child);
    }
  });

  it('says where keys come from when it has none', async () => {
    const { error } = await firstLine(start([]));
    expect(error).toBe(
      'no keys: set SLA_CLOUDWATCH_CREDENTIALS=ACCESS_KEY_ID:SECRET_ACCESS_KEY or give --credentials-file',
    );
  });
});
