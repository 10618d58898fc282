/**
 * The gateway as AwsOrg runs it, for the API benchmark, in a process of its
 * own (the load generator runs in the parent): the real Express app from
 * createApp on the durable embedded ledger, a tokens file, request logs at
 * info level (written to nowhere), the jobs' metrics registry. The parent
 * moves the simulated clock with `advance` messages.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  createApp,
  createLogger,
  createMetrics,
  emptyTokensFile,
  hashToken,
  newToken,
  serve,
  tokensFromFile,
} from '@sla-ledger/gateway-api';
import { AWS } from './bench-constants';
import { openWorld } from './bench-world';
import { memoryFigures, type MemoryFigures } from './memory';
import { registerServices } from './services';

export type ServerMessage =
  | { kind: 'ready'; url: string; token: string; keys: string[]; registerSeconds: number }
  | ({ kind: 'memory' } & MemoryFigures);
export type ParentMessage =
  { kind: 'advance'; seconds: number } | { kind: 'memory' } | { kind: 'stop' };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      services: { type: 'string', default: '1000' },
      minutes: { type: 'string', default: '240' },
    },
  });
  const world = await openWorld({
    instances: Number(values.services),
    minutes: Number(values.minutes),
    periodsOpen: 1,
  });
  const registered = await registerServices(world, Number(values.services), 200);

  const tokensFile = join(world.folder, 'tokens.json');
  const { token, id } = newToken();
  const entry = {
    id,
    sha256: hashToken(token),
    identity: 'aws-ops',
    role: 'member' as const,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(tokensFile, JSON.stringify({ ...emptyTokensFile(), tokens: [entry] }), {
    mode: 0o600,
  });
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = createLogger({ level: 'info', destination: nowhere });
  const app = createApp({
    ledger: world.ledger,
    tokens: tokensFromFile(tokensFile, world.ledger.identities(), logger),
    organisation: AWS,
    logger,
    metrics: createMetrics({ processMetrics: false }),
    clock: world.clock,
  });
  const serving = await serve(app);

  const send = (message: ServerMessage): void => void process.send?.(message);
  process.on('message', (message: ParentMessage) => {
    if (message.kind === 'advance') world.clock.advance(message.seconds);
    else if (message.kind === 'memory') send({ kind: 'memory', ...memoryFigures() });
    else
      void serving
        .close()
        .then(() => world.close())
        .then(() => process.disconnect());
  });
  send({
    kind: 'ready',
    url: serving.url,
    token,
    keys: registered.keys,
    registerSeconds: registered.seconds,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
