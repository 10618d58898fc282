import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FailedPrecondition } from '../domain/errors';

/**
 * What each organisation tells its own chaincode about the channels it
 * serves, beside its oracle settings: the members and the chaincode-level
 * endorsement policy of each channel (key-level policies are built from
 * them: an implicit-meta MAJORITY cannot be embedded in a key's policy), and
 * the organisation that issues the channel's tokens. Endorsers whose
 * settings differ write different key-level policies, so their endorsements
 * do not match: a channel only works where the settings agree.
 */

export type EndorsementRule = 'all' | 'majority';

export interface ChannelSettings {
  readonly channel: string;
  /** Every member organisation of the channel, sorted. */
  readonly members: readonly string[];
  /** The channel's chaincode-level endorsement policy: every member, or a majority of them. */
  readonly endorsement: EndorsementRule;
  /** The organisation whose administrators initialise the channel's tokens. */
  readonly tokenIssuer: string;
}

export interface ChaincodeSettings {
  /** Which identities of a party count as its endorsement in key-level policies. */
  readonly endorserRole: 'peer' | 'member';
  readonly channels: ReadonlyMap<string, ChannelSettings>;
  /** Where the settings came from, for error messages. */
  readonly source: string;
}

const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,248}$/;

const channelSchema = z.strictObject({
  members: z
    .array(z.string().regex(MSP_ID, 'must be an MSP id'))
    .min(1)
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a member'),
  endorsement: z.enum(['all', 'majority']),
  tokenIssuer: z.string().regex(MSP_ID, 'must be an MSP id'),
});

const settingsSchema = z.strictObject({
  endorserRole: z.enum(['peer', 'member']).default('peer'),
  channels: z.record(z.string().regex(CHANNEL_NAME, 'must be a channel name'), channelSchema),
});

/** Malformed settings: the chaincode refuses to start. */
export class SettingsError extends Error {}

export function parseChaincodeSettings(text: string, source: string): ChaincodeSettings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError(`${source} is not valid JSON`);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(top level)';
    throw new SettingsError(`${source}: ${where} ${issue?.message ?? 'is malformed'}`);
  }
  const channels = new Map<string, ChannelSettings>();
  for (const [channel, entry] of Object.entries(parsed.data.channels)) {
    if (!entry.members.includes(entry.tokenIssuer)) {
      throw new SettingsError(
        `${source}: channels.${channel}.tokenIssuer ${entry.tokenIssuer} is not a member of the channel`,
      );
    }
    channels.set(channel, {
      channel,
      members: [...entry.members].sort(),
      endorsement: entry.endorsement,
      tokenIssuer: entry.tokenIssuer,
    });
  }
  return { endorserRole: parsed.data.endorserRole, channels, source };
}

export interface SettingsEnvironment {
  SLA_CHANNELS?: string;
  SLA_CHANNELS_FILE?: string;
}

/** The settings named by SLA_CHANNELS_FILE (a JSON file) or given inline in SLA_CHANNELS. */
export function settingsFromEnvironment(env: SettingsEnvironment): ChaincodeSettings {
  if (env.SLA_CHANNELS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.SLA_CHANNELS_FILE, 'utf8');
    } catch (error) {
      throw new SettingsError(
        `cannot read SLA_CHANNELS_FILE ${env.SLA_CHANNELS_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return parseChaincodeSettings(text, env.SLA_CHANNELS_FILE);
  }
  if (env.SLA_CHANNELS) {
    return parseChaincodeSettings(env.SLA_CHANNELS, 'SLA_CHANNELS');
  }
  return { endorserRole: 'peer', channels: new Map(), source: 'SLA_CHANNELS_FILE (not set)' };
}

export function channelSettings(settings: ChaincodeSettings, channel: string): ChannelSettings {
  const found = settings.channels.get(channel);
  if (found === undefined) {
    throw new FailedPrecondition(
      `this organisation's chaincode has no settings for channel ${channel}: name its members, endorsement policy and token issuer in ${settings.source}`,
    );
  }
  return found;
}
