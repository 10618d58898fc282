import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The gateway's settings, read from the environment. Every variable is
 * optional except where a default cannot be guessed; a malformed value
 * stops the start with a message naming the variable.
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `SLA_HOST` | address to listen on | `127.0.0.1` |
 * | `PORT` | port to listen on | `8080` |
 * | `SLA_FABRIC_CONFIG` | the organisation's Fabric gateway configuration (JSON); absent: the embedded demo ledger | none |
 * | `SLA_ORGANISATION` | this gateway's organisation (MSP id) | `CORE_PEER_LOCALMSPID`; required with `SLA_FABRIC_CONFIG`, else `ConsumerOrgMSP` |
 * | `SLA_UI_ORIGIN` | the web UI's origin, the only one CORS lets in (e.g. `http://127.0.0.1:5173`) | none: no cross-origin access |
 * | `SLA_TOKENS_FILE` | the bearer tokens file | `$SLA_DATA_DIR/tokens.json` |
 * | `SLA_DATA_DIR` | where the ledger and key stores live | `$XDG_DATA_HOME/sla-ledger` (`~/.local/share/sla-ledger`) |
 * | `SLA_CREDENTIALS_FILE`, `SLA_CREDENTIALS_KEY` | the organisation's sealed credentials store (the file its chaincode reads) and its key | none: credentials handed to the API are refused |
 * | `SLA_BODY_LIMIT_BYTES` | largest JSON body accepted | `102400` |
 * | `SLA_LOG_LEVEL` | pino level (`fatal`…`trace`) | `info` |
 * | `SLA_EVENTS_HEARTBEAT_MS` | keep-alive comment interval of `/api/events` | `15000` |
 * | `SLA_READINESS_TIMEOUT_MS` | how long `/readyz` waits for the ledger | `5000` |
 */
export interface GatewayConfig {
  host: string;
  port: number;
  organisation: string;
  /** The Fabric gateway configuration file; absent: the embedded ledger. */
  fabricConfig?: string;
  uiOrigin?: string;
  tokensFile: string;
  dataDir: string;
  credentials?: { file: string; key: string };
  bodyLimitBytes: number;
  logLevel: string;
  eventsHeartbeatMs: number;
  readinessTimeoutMs: number;
}

export class ConfigError extends Error {}

/** The organisation an embedded demo gateway answers for when none is named. */
export const EMBEDDED_DEMO_ORGANISATION = 'ConsumerOrgMSP';

/** Outside any clone: `$XDG_DATA_HOME/sla-ledger`, else `~/.local/share/sla-ledger`. */
export function defaultDataDir(env: Record<string, string | undefined>): string {
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'sla-ledger');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function configFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const dataDir = env.SLA_DATA_DIR || defaultDataDir(env);
  const fabricConfig = env.SLA_FABRIC_CONFIG || undefined;
  const organisation =
    env.SLA_ORGANISATION ||
    env.CORE_PEER_LOCALMSPID ||
    (fabricConfig === undefined ? EMBEDDED_DEMO_ORGANISATION : undefined);
  if (organisation === undefined || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(organisation)) {
    throw new ConfigError(
      'SLA_ORGANISATION must name this gateway\'s organisation (an MSP id such as "AwsOrgMSP")',
    );
  }
  const uiOrigin = env.SLA_UI_ORIGIN;
  if (uiOrigin !== undefined && uiOrigin !== '' && !isOrigin(uiOrigin)) {
    throw new ConfigError(
      'SLA_UI_ORIGIN must be an origin such as "https://ui.example.org" (scheme, host, optional port)',
    );
  }
  const file = env.SLA_CREDENTIALS_FILE;
  const key = env.SLA_CREDENTIALS_KEY;
  if ((file === undefined || file === '') !== (key === undefined || key === '')) {
    throw new ConfigError(
      'SLA_CREDENTIALS_FILE and SLA_CREDENTIALS_KEY go together: set both or neither',
    );
  }
  if (key !== undefined && key !== '' && Buffer.from(key, 'base64').length !== 32) {
    throw new ConfigError(
      'SLA_CREDENTIALS_KEY must be 32 bytes written in base64 (npm run credentials -- keygen)',
    );
  }
  const logLevel = env.SLA_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`SLA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    host: env.SLA_HOST || '127.0.0.1',
    port: integer(env, 'PORT', 8080, 0, 65_535),
    organisation,
    ...(fabricConfig === undefined ? {} : { fabricConfig }),
    ...(uiOrigin ? { uiOrigin } : {}),
    tokensFile: env.SLA_TOKENS_FILE || join(dataDir, 'tokens.json'),
    dataDir,
    ...(file && key ? { credentials: { file, key } } : {}),
    bodyLimitBytes: integer(env, 'SLA_BODY_LIMIT_BYTES', 102_400, 1024, 16 * 1024 * 1024),
    logLevel,
    eventsHeartbeatMs: integer(env, 'SLA_EVENTS_HEARTBEAT_MS', 15_000, 1000, 3_600_000),
    readinessTimeoutMs: integer(env, 'SLA_READINESS_TIMEOUT_MS', 5000, 100, 60_000),
  };
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}`);
  }
  return value;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}
