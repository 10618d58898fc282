/**
 * moto_server (PyPI's independent CloudWatch implementation), installed by
 * scripts/install-moto.sh into a virtual environment outside the repository
 * and started on loopback for one test file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

const installer = join(__dirname, '..', '..', '..', 'scripts', 'install-moto.sh');

/** Why moto cannot run on this machine, or undefined when it can. */
export function motoUnavailableReason(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'python3 is not installed';
  }
}

export async function startMoto(): Promise<MotoServer> {
  const server = execFileSync('bash', [installer], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  })
    .trim()
    .split('\n')
    .at(-1) as string;
  const port = await freePort();
  const child = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilListening(endpoint, child);
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilListening(endpoint: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with ${child.exitCode}: ${stderr.slice(-500)}`);
    }
    try {
      await fetch(`${endpoint}/moto-api/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`moto_server did not answer at ${endpoint} within 30 s`);
}
