/**
 * sla-ledger on the embedded channel: every organisation endorses with its
 * own chaincode instance and its own in-memory oracle, as each organisation's
 * chaincode process reads the monitors with its own credentials.
 */
import {
  bindEnvironment,
  contracts,
  type ChaincodeSettings,
  type ChannelSettings,
} from '../../src/host';
import { InMemoryOracle } from './in-memory-oracle';
import type { MetricOracle } from '../../src/oracles/metric-oracle';
import { createIdentity, organizationOf, type Identity } from '@sla-ledger/embedded-network';
import {
  EmbeddedChannel,
  chaincodeFromContracts,
  setShimLogLevel,
  type ChaincodeLike,
} from '@sla-ledger/embedded-network';
import type { ChannelEndorsementPolicy } from '@sla-ledger/embedded-network';

setShimLogLevel('CRITICAL');

export const CONSUMER = 'ConsumerOrgMSP';
export const AWS = 'AwsOrgMSP';
export const AZURE = 'AzureOrgMSP';
export const OUTSIDER = 'OutsiderOrgMSP';

export const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;

export interface People {
  consumerAdmin: Identity;
  issuer: Identity;
  alice: Identity;
  bob: Identity;
  aws: Identity;
  azure: Identity;
  outsider: Identity;
}

export interface SlaNetwork {
  channel: EmbeddedChannel;
  /** Each organisation's oracle: feed the same readings to all of them (or not, to test mismatches). */
  oracles: Map<string, InMemoryOracle>;
  people: People;
  /** Seconds since the epoch of the channel clock. */
  now(): number;
  setTime(seconds: number): void;
  advance(seconds: number): void;
  submit<T = Record<string, unknown>>(who: Identity, fn: string, ...args: string[]): Promise<T>;
  evaluate<T = Record<string, unknown>>(who: Identity, fn: string, ...args: string[]): Promise<T>;
  /** The same monitor readings for every organisation's oracle. */
  record(apply: (oracle: InMemoryOracle) => void): void;
  /** Every organisation adds `org` to the channel's members in its settings (a member added later). */
  admit(org: string): void;
}

export interface SlaNetworkOptions {
  orgs?: string[];
  /** Each organisation's own oracle; by default an in-memory one fed through `record`. */
  oracleFor?: (org: string) => MetricOracle;
  /** Each organisation's own chaincode settings; by default every one names the channel alike. */
  settingsFor?: (org: string, defaults: ChaincodeSettings) => ChaincodeSettings;
  policy?: ChannelEndorsementPolicy;
  channelId?: string;
  /** Runs tokens:Init with the issuer identity (default true). */
  init?: boolean;
  /** Results per query on the peer (core.yaml totalQueryLimit). */
  totalQueryLimit?: number;
  /** Organisations with a peer on the channel that the settings do not name yet (see admit). */
  lateMembers?: string[];
}

/** One organisation's chaincode: the real contracts reading its own monitors with its own settings. */
export function ourChaincode(oracle: MetricOracle, settings: ChaincodeSettings): ChaincodeLike {
  const chaincode = chaincodeFromContracts(contracts as Array<new () => object>, {
    title: 'sla-ledger',
  });
  const implementations = (
    chaincode as unknown as {
      contractImplementations: Record<string, { contractInstance: unknown }>;
    }
  ).contractImplementations;
  for (const { contractInstance } of Object.values(implementations)) {
    const isSystemContract =
      contractInstance instanceof Object && !('useEnvironment' in contractInstance);
    if (!isSystemContract) bindEnvironment(contractInstance, { oracle, settings });
  }
  return chaincode;
}

function copyOf(settings: ChaincodeSettings): ChaincodeSettings {
  return { ...settings, channels: new Map(settings.channels) };
}

function remember<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}

/** Settings naming the channel's members, its endorsement rule and ConsumerOrg as token issuer. */
export function channelSettingsFor(
  channelId: string,
  orgs: readonly string[],
  policy: ChannelEndorsementPolicy,
): ChaincodeSettings {
  return {
    endorserRole: 'peer',
    source: 'test settings',
    channels: new Map([
      [
        channelId,
        {
          channel: channelId,
          members: [...orgs].sort(),
          endorsement: policy === 'all' ? 'all' : 'majority',
          tokenIssuer: CONSUMER,
        },
      ],
    ]),
  };
}

export async function slaNetwork(options: SlaNetworkOptions = {}): Promise<SlaNetwork> {
  const orgs = options.orgs ?? [CONSUMER, AWS];
  const oracles = new Map(orgs.map((org) => [org, new InMemoryOracle()]));
  const channelId = options.channelId ?? 'channel-aws';
  const policy = options.policy ?? 'all';
  const late = options.lateMembers ?? [];
  const defaults = channelSettingsFor(
    channelId,
    orgs.filter((org) => !late.includes(org)),
    policy,
  );
  const allSettings: ChaincodeSettings[] = [];
  let time = T0;
  const channel = new EmbeddedChannel({
    channelId,
    endorsers: orgs.map((mspId) => ({
      mspId,
      chaincode: ourChaincode(
        options.oracleFor?.(mspId) ?? (oracles.get(mspId) as InMemoryOracle),
        remember(allSettings, copyOf(options.settingsFor?.(mspId, defaults) ?? defaults)),
      ),
    })),
    policy,
    ...(options.totalQueryLimit === undefined ? {} : { totalQueryLimit: options.totalQueryLimit }),
    shimLogLevel: 'CRITICAL',
    clock: () => new Date(time * 1000),
  });
  const people: People = {
    consumerAdmin: createIdentity({ mspId: CONSUMER, commonName: 'admin', nodeOu: 'admin' }),
    issuer: createIdentity({
      mspId: CONSUMER,
      commonName: 'treasury',
      attributes: { role: 'issuer' },
    }),
    alice: createIdentity({ mspId: CONSUMER, commonName: 'alice' }),
    bob: createIdentity({ mspId: CONSUMER, commonName: 'bob' }),
    aws: createIdentity({ mspId: AWS, commonName: 'aws-ops' }),
    azure: createIdentity({ mspId: AZURE, commonName: 'azure-ops' }),
    outsider: createIdentity({ mspId: OUTSIDER, commonName: 'mallory' }),
  };
  const network: SlaNetwork = {
    channel,
    oracles,
    people,
    now: () => time,
    setTime: (seconds) => {
      time = seconds;
    },
    advance: (seconds) => {
      time += seconds;
    },
    submit: async <T>(who: Identity, fn: string, ...args: string[]) =>
      JSON.parse((await channel.submit(who, fn, args)).payload.toString('utf8')) as T,
    evaluate: async <T>(who: Identity, fn: string, ...args: string[]) =>
      JSON.parse((await channel.evaluate(who, fn, args)).toString('utf8')) as T,
    record: (apply) => oracles.forEach(apply),
    admit: (org) => {
      for (const settings of allSettings) {
        const channels = settings.channels as Map<string, ChannelSettings>;
        const current = channels.get(channelId) as ChannelSettings;
        channels.set(channelId, { ...current, members: [...current.members, org].sort() });
      }
    },
  };
  if (options.init ?? true) {
    await network.submit(
      people.consumerAdmin,
      'tokens:Init',
      JSON.stringify({ issuerMsps: [CONSUMER] }),
    );
  }
  return network;
}

/** The account id the chaincode derives from the identity's MSP id and certificate subject. */
export function accountOf(identity: Identity): string {
  return `${identity.mspId}::/C=US/O=${organizationOf(identity.mspId)}/OU=${identity.nodeOu}/CN=${identity.commonName}`;
}
