import { Context } from 'fabric-contract-api';
import { accountIdOf } from '../domain/accounts';
import { InvalidArgument } from '../domain/errors';
import { toSeconds } from '../domain/time';
import type { ChaincodeEnvironment } from '../environment';
import type { MetricOracle } from '../oracles/metric-oracle';
import { channelSettings, type ChannelSettings } from '../settings/channel-settings';
import { canonicalJson } from '../state/canonical-json';
import { recordPolicy } from '../state/record-policy';
import { StateStore } from '../state/state-store';

/** Who calls: the MSP, the certificate subject, and the account they own. */
export interface Caller {
  mspId: string;
  subject: string;
  accountId: string;
  /** The `role` attribute of the certificate (Fabric CA attribute), if any. */
  role?: string;
  /** The certificate's NodeOU role (client, admin, peer, orderer), when the MSP uses NodeOUs. */
  nodeOu?: string;
  isAdmin: boolean;
}

/** The per-transaction context every sla-ledger transaction receives. */
export class TxContext extends Context {
  #state: StateStore | undefined;
  #caller: Caller | undefined;
  #sequence = 0;
  readonly #policies = new Map<string, Uint8Array>();

  constructor(private readonly environment: () => ChaincodeEnvironment) {
    super();
  }

  /** The monitoring services this organisation's chaincode reads. */
  get oracle(): MetricOracle {
    return this.environment().oracle;
  }

  /** This organisation's settings for the transaction's channel. */
  get channel(): ChannelSettings {
    return channelSettings(this.environment().settings, this.stub.getChannelID());
  }

  get state(): StateStore {
    this.#state ??= new StateStore(this.stub, (parties) => this.policyOf(parties));
    return this.#state;
  }

  /** The key-level policy of records of `parties`, built once per transaction. */
  private policyOf(parties: readonly string[]): Uint8Array {
    const id = [...new Set(parties)].sort().join('\u0000');
    let policy = this.#policies.get(id);
    if (policy === undefined) {
      policy = recordPolicy(this.channel, parties, this.environment().settings.endorserRole);
      this.#policies.set(id, policy);
    }
    return policy;
  }

  /** The transaction time in whole seconds: the chaincode's only clock. */
  get now(): number {
    return toSeconds(this.stub.getDateTimestamp());
  }

  get txId(): string {
    return this.stub.getTxID();
  }

  get caller(): Caller {
    this.#caller ??= identify(this.clientIdentity.getMSPID(), this.clientIdentity.getID(), (name) =>
      this.clientIdentity.getAttributeValue(name),
    );
    return this.#caller;
  }

  /** A number unique within this transaction, for keys written more than once per transaction. */
  nextSequence(): string {
    this.#sequence += 1;
    return String(this.#sequence).padStart(6, '0');
  }

  /** Refuses organisations that are not members of the channel: they could never endorse their records. */
  requireMembers(field: string, orgs: readonly string[]): void {
    const members = this.channel.members;
    const outsiders = [...new Set(orgs)].filter((org) => !members.includes(org));
    if (outsiders.length > 0) {
      throw new InvalidArgument(
        field,
        `names ${outsiders.join(', ')}, not a member of channel ${this.channel.channel} (members: ${members.join(', ')})`,
      );
    }
  }

  /** Fabric keeps one event per transaction: call once, with everything that changed. */
  emit(name: string, payload: Record<string, unknown>): void {
    this.stub.setEvent(name, Buffer.from(canonicalJson(payload), 'utf8'));
  }
}

function identify(mspId: string, id: string, attribute: (name: string) => string | null): Caller {
  // id is "x509::<subject DN>::<issuer DN>", both DNs starting with "/".
  const withoutScheme = id.replace(/^x509::/, '');
  const split = withoutScheme.indexOf('::/');
  const subject = split < 0 ? withoutScheme : withoutScheme.slice(0, split);
  const role = attribute('role') ?? undefined;
  const nodeOu = /(?:^|\/)OU=(client|admin|peer|orderer)(?:\/|$)/.exec(subject)?.[1];
  return {
    mspId,
    subject,
    accountId: accountIdOf(mspId, subject),
    ...(role === undefined ? {} : { role }),
    ...(nodeOu === undefined ? {} : { nodeOu }),
    isAdmin: nodeOu === 'admin',
  };
}
