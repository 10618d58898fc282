import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/**
 * How one organisation's gateway reaches its Fabric network: its peers
 * (gRPC endpoint, TLS CA, host name override), the identities it holds
 * (certificate and private key files, a name and a role), the channels it
 * is on, call deadlines and where event checkpoints are kept. A JSON file,
 * by convention `organizations/<org>/fabric-gateway.json`; relative paths
 * are read from the file's folder. See gateway-api/README.md.
 */
export interface FabricConfig {
  mspId: string;
  /** The chaincode's name on every channel. */
  chaincode: string;
  peers: FabricPeer[];
  /** For peers that require client certificates (mutual TLS). */
  clientTls?: { certificateFile: string; privateKeyFile: string };
  identities: FabricIdentity[];
  channels: FabricChannel[];
  deadlines: FabricDeadlines;
  /** Folder of the chaincode-event checkpoint files (one per channel); none: no checkpoints kept. */
  eventCheckpoints?: string;
}

export interface FabricPeer {
  name: string;
  /** host:port of the peer's gRPC (Gateway service) endpoint. */
  endpoint: string;
  /** PEM file of the CA that issued the peer's TLS certificate. */
  tlsCaFile: string;
  /** The host name the peer's TLS certificate names, when the endpoint's differs. */
  hostNameOverride?: string;
}

export interface FabricIdentity {
  /** How the gateway names it (bearer tokens map to it). */
  name: string;
  /** What the gateway lets it do, e.g. `admin`, `operator`, `jobs`. */
  role: string;
  certificateFile: string;
  privateKeyFile: string;
}

export interface FabricChannel {
  name: string;
  /** Peers whose Gateway service the channel's calls go to, in order of preference; default all. */
  peers: string[];
}

export interface FabricDeadlines {
  evaluateMs: number;
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}

export const DEFAULT_DEADLINES: FabricDeadlines = {
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 60_000,
};

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 letters, digits, ".", "_" or "-"');
const File = z.string().min(1, 'must name a file');
const Milliseconds = z.number().int().min(100).max(600_000);

const Schema = z
  .object({
    mspId: Name,
    chaincode: Name.default('sla-ledger'),
    peers: z
      .array(
        z
          .object({
            name: Name,
            endpoint: z
              .string()
              .regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/, 'must be host:port'),
            tlsCaFile: File,
            hostNameOverride: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1, 'must name at least one peer'),
    clientTls: z.object({ certificateFile: File, privateKeyFile: File }).strict().optional(),
    identities: z
      .array(
        z
          .object({
            name: Name,
            role: z.string().min(1),
            certificateFile: File,
            privateKeyFile: File,
          })
          .strict(),
      )
      .min(1, 'must name at least one identity'),
    channels: z
      .array(z.object({ name: Name, peers: z.array(Name).min(1).optional() }).strict())
      .min(1, 'must name at least one channel'),
    deadlines: z
      .object({
        evaluateMs: Milliseconds.optional(),
        endorseMs: Milliseconds.optional(),
        submitMs: Milliseconds.optional(),
        commitStatusMs: Milliseconds.optional(),
      })
      .strict()
      .default({}),
    eventCheckpoints: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const unique = (values: string[], path: string): void => {
      const seen = new Set<string>();
      for (const [index, value] of values.entries()) {
        if (seen.has(value)) {
          ctx.addIssue({
            code: 'custom',
            path: [path, index, 'name'],
            message: `repeats ${value}`,
          });
        }
        seen.add(value);
      }
    };
    unique(
      config.peers.map((peer) => peer.name),
      'peers',
    );
    unique(
      config.identities.map((identity) => identity.name),
      'identities',
    );
    unique(
      config.channels.map((channel) => channel.name),
      'channels',
    );
    const peers = new Set(config.peers.map((peer) => peer.name));
    for (const [index, channel] of config.channels.entries()) {
      for (const [at, peer] of (channel.peers ?? []).entries()) {
        if (!peers.has(peer)) {
          ctx.addIssue({
            code: 'custom',
            path: ['channels', index, 'peers', at],
            message: `names ${peer}, which is not among the peers`,
          });
        }
      }
    }
  });

export class FabricConfigError extends Error {
  override readonly name = 'FabricConfigError';
}

/** Checks the configuration's shape and resolves its file paths against `baseDirectory`; reads no file. */
export function parseFabricConfig(
  value: unknown,
  baseDirectory: string,
  source = 'the Fabric configuration',
): FabricConfig {
  const parsed = Schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    const reason =
      issue.code === 'unrecognized_keys'
        ? `has unknown fields ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : issue.message;
    throw new FabricConfigError(`${source}: ${path || 'the configuration'} ${reason}`);
  }
  const config = parsed.data;
  const file = (path: string): string => (isAbsolute(path) ? path : resolve(baseDirectory, path));
  return {
    mspId: config.mspId,
    chaincode: config.chaincode,
    peers: config.peers.map((peer) => ({
      name: peer.name,
      endpoint: peer.endpoint,
      tlsCaFile: file(peer.tlsCaFile),
      ...(peer.hostNameOverride === undefined ? {} : { hostNameOverride: peer.hostNameOverride }),
    })),
    ...(config.clientTls === undefined
      ? {}
      : {
          clientTls: {
            certificateFile: file(config.clientTls.certificateFile),
            privateKeyFile: file(config.clientTls.privateKeyFile),
          },
        }),
    identities: config.identities.map((identity) => ({
      ...identity,
      certificateFile: file(identity.certificateFile),
      privateKeyFile: file(identity.privateKeyFile),
    })),
    channels: config.channels.map((channel) => ({
      name: channel.name,
      peers: channel.peers ?? config.peers.map((peer) => peer.name),
    })),
    deadlines: { ...DEFAULT_DEADLINES, ...config.deadlines },
    ...(config.eventCheckpoints === undefined
      ? {}
      : { eventCheckpoints: file(config.eventCheckpoints) }),
  };
}

/** Reads and checks the configuration file (SLA_FABRIC_CONFIG). */
export function loadFabricConfig(path: string): FabricConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FabricConfigError(
      `cannot read the Fabric configuration ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FabricConfigError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return parseFabricConfig(value, dirname(resolve(path)), path);
}

/** A file the configuration names, with an error that says which field named it. */
export function readConfiguredFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new FabricConfigError(
      `cannot read ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
