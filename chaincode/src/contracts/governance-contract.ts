import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AlreadyExists, FailedPrecondition, Forbidden } from '../domain/errors';
import { booleanArgument, identifier, parseJson } from '../domain/input';
import type { OfferRecord } from '../domain/offer';
import {
  DEFAULT_VOTING_SECONDS,
  applyChange,
  changeConflict,
  checkDeadline,
  parseProposalInput,
} from '../domain/proposal';
import { formatInstant } from '../domain/time';
import { approvalsNeeded, tally } from '../domain/voting';
import { KEY, stateKey } from '../state/keys';
import type { BallotRecord, ProposalRecord } from '../state/records';
import { memberKeyOf } from '../state/state-store';
import { requireOrg } from './access';
import {
  loadOffer,
  offerIndexKeyOf,
  offerKeyOf,
  providersOf,
  requireProvider,
  saveOffer,
} from './offer-records';
import { SlaContract, result } from './sla-contract';
import { TxContext } from './tx-context';

const proposalKeyOf = (proposalId: string): string => stateKey(KEY.proposal, proposalId);
const ballotKeyOf = (proposalId: string, voter: string): string =>
  stateKey(KEY.ballot, proposalId, voter);

@Info({ title: 'governance', description: 'Consensus decisions among the providers of an offer' })
export class GovernanceContract extends SlaContract {
  constructor() {
    super('governance');
  }

  /**
   * A provider of the offer proposes a change to the offer's current
   * version: admit a provider, change the price or the shares, or withdraw
   * the offer. The voters are every current provider, one ballot each.
   */
  @Transaction()
  @Returns('string')
  async Propose(ctx: TxContext, proposalJson: string): Promise<string> {
    const input = parseProposalInput(parseJson('proposalJson', proposalJson));
    const offer = await loadOffer(ctx, input.offerId);
    requireProvider(offer, ctx.caller, 'propose changes to');
    const conflict = changeConflict(offer, input.change);
    if (conflict !== undefined) {
      throw new FailedPrecondition(
        `proposal.change does not fit offer ${offer.offerId}: ${conflict}`,
      );
    }
    if (input.change.type === 'admit-provider') {
      ctx.requireMembers('proposal.change.provider', [input.change.provider]);
      if (input.change.provider === offer.arbiter) {
        throw new FailedPrecondition(
          `${input.change.provider} arbitrates offer ${offer.offerId} and cannot become its provider`,
        );
      }
    }
    const key = proposalKeyOf(input.proposalId);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('proposal', input.proposalId);
    }
    const deadline = input.deadline ?? ctx.now + DEFAULT_VOTING_SECONDS;
    checkDeadline(deadline, ctx.now);
    const voters = [...providersOf(offer)].sort();
    const proposal: ProposalRecord = {
      proposalId: input.proposalId,
      offerId: offer.offerId,
      offerVersion: offer.version,
      change: input.change,
      voters,
      threshold: input.threshold,
      deadline,
      proposedBy: ctx.caller.mspId,
      proposedAt: ctx.now,
      status: 'open',
    };
    await ctx.state.create(key, proposal, voters);
    for (const voter of voters) {
      const ballot: BallotRecord = { proposalId: proposal.proposalId, voter };
      await ctx.state.create(ballotKeyOf(proposal.proposalId, voter), ballot, voters);
    }
    ctx.emit('ProposalCreated', {
      proposalId: proposal.proposalId,
      offerId: offer.offerId,
      change: proposal.change.type,
      voters,
    });
    return result(proposal);
  }

  /**
   * A voter's organisation fills in its ballot, once. Ballots are records of
   * their own, so votes cast at the same time do not conflict; the decision
   * is governance:Decide.
   */
  @Transaction()
  @Returns('string')
  async Vote(ctx: TxContext, proposalId: string, approve: string): Promise<string> {
    const proposal = await loadProposal(ctx, identifier('proposalId', proposalId));
    const inFavour = booleanArgument('approve', approve);
    const voter = ctx.caller.mspId;
    requireOrg(ctx.caller, proposal.voters, `vote on proposal ${proposal.proposalId}`);
    if (proposal.status !== 'open') {
      throw new FailedPrecondition(
        `proposal ${proposal.proposalId} is already decided: ${proposal.status}`,
      );
    }
    if (ctx.now >= proposal.deadline) {
      throw new FailedPrecondition(
        `voting on proposal ${proposal.proposalId} closed at ${formatInstant(proposal.deadline)}`,
      );
    }
    const key = ballotKeyOf(proposal.proposalId, voter);
    const ballot = await ctx.state.require<BallotRecord>(key, 'ballot of', voter);
    if (ballot.approve !== undefined) {
      throw new FailedPrecondition(`${voter} has already voted on proposal ${proposal.proposalId}`);
    }
    const cast: BallotRecord = {
      ...ballot,
      approve: inFavour,
      votedAt: ctx.now,
      votedBy: ctx.caller.accountId,
    };
    await ctx.state.update(key, cast);
    ctx.emit('ProposalVoted', {
      proposalId: proposal.proposalId,
      offerId: proposal.offerId,
      voter,
      approve: inFavour,
    });
    return result(cast);
  }

  /**
   * Counts the ballots: a proposal that reached its threshold is applied to
   * the offer (unless the offer changed since it was proposed), one that can
   * no longer reach it is rejected, one past its deadline expires. Any voter
   * may call it, as often as it likes.
   */
  @Transaction()
  @Returns('string')
  async Decide(ctx: TxContext, proposalId: string): Promise<string> {
    const proposal = await loadProposal(ctx, identifier('proposalId', proposalId));
    requireOrg(ctx.caller, proposal.voters, `decide proposal ${proposal.proposalId}`);
    if (proposal.status !== 'open') {
      throw new FailedPrecondition(
        `proposal ${proposal.proposalId} is already decided: ${proposal.status}`,
      );
    }
    const votes = await loadVotes(ctx, proposal);
    const counted = tally(proposal.voters, votes, proposal.threshold);
    let decided: ProposalRecord;
    if (counted === 'passed') {
      const offer = await loadOffer(ctx, proposal.offerId);
      const failure = applicationFailure(offer, proposal);
      if (failure === undefined) {
        await applyToOffer(ctx, offer, proposal);
        decided = { ...proposal, status: 'passed' };
      } else {
        decided = { ...proposal, status: 'failed', failure };
      }
    } else if (counted === 'rejected') {
      decided = { ...proposal, status: 'rejected' };
    } else if (ctx.now >= proposal.deadline) {
      decided = { ...proposal, status: 'expired' };
    } else {
      const approvals = [...votes.values()].filter(Boolean).length;
      throw new FailedPrecondition(
        `proposal ${proposal.proposalId} is still open: ${approvals} of ${proposal.voters.length} voters approve, ${approvalsNeeded(proposal.voters.length, proposal.threshold)} needed, until ${formatInstant(proposal.deadline)}`,
      );
    }
    decided = { ...decided, decidedAt: ctx.now };
    await ctx.state.update(proposalKeyOf(proposal.proposalId), decided);
    ctx.emit('ProposalDecided', {
      proposalId: proposal.proposalId,
      offerId: proposal.offerId,
      status: decided.status,
    });
    return result(await withBallots(ctx, decided));
  }

  /**
   * An administrator of an organisation added to the channel after it was
   * initialised makes it a member of the ledger, so that records can be
   * created for it (see tokens:Init).
   */
  @Transaction()
  @Returns('string')
  async Join(ctx: TxContext): Promise<string> {
    const caller = ctx.caller;
    if (!caller.isAdmin) {
      throw new Forbidden(`only an administrator of ${caller.mspId} may make it join the ledger`);
    }
    ctx.requireMembers('caller', [caller.mspId]);
    if (await ctx.state.exists(memberKeyOf(caller.mspId))) {
      throw new AlreadyExists('member of the ledger', caller.mspId);
    }
    if (!(await ctx.state.exists(memberKeyOf(ctx.channel.tokenIssuer)))) {
      throw new FailedPrecondition(
        `channel ${ctx.channel.channel} is not initialised yet: an administrator of ${ctx.channel.tokenIssuer} runs tokens:Init`,
      );
    }
    const member = { mspId: caller.mspId, joinedAt: ctx.now, joinedBy: caller.mspId };
    await ctx.state.join(member);
    ctx.emit('MemberJoined', { mspId: caller.mspId });
    return result(member);
  }

  /** The proposal and its ballots; an open proposal past its deadline reads as expired. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: TxContext, proposalId: string): Promise<string> {
    const proposal = await loadProposal(ctx, identifier('proposalId', proposalId));
    const offer = await loadOffer(ctx, proposal.offerId);
    const allowed = [...proposal.voters, ...providersOf(offer)];
    if (!allowed.includes(ctx.caller.mspId)) {
      throw new Forbidden(
        `${ctx.caller.mspId} may not read proposal ${proposal.proposalId}; only its voters and the offer's providers may`,
      );
    }
    const expired = proposal.status === 'open' && ctx.now >= proposal.deadline;
    return result(
      await withBallots(ctx, { ...proposal, status: expired ? 'expired' : proposal.status }),
    );
  }
}

async function loadProposal(ctx: TxContext, proposalId: string): Promise<ProposalRecord> {
  return ctx.state.require<ProposalRecord>(proposalKeyOf(proposalId), 'proposal', proposalId);
}

async function loadVotes(ctx: TxContext, proposal: ProposalRecord): Promise<Map<string, boolean>> {
  const votes = new Map<string, boolean>();
  for (const voter of proposal.voters) {
    const ballot = await ctx.state.get<BallotRecord>(ballotKeyOf(proposal.proposalId, voter));
    if (ballot?.approve !== undefined) votes.set(voter, ballot.approve);
  }
  return votes;
}

async function withBallots(
  ctx: TxContext,
  proposal: ProposalRecord,
): Promise<Record<string, unknown>> {
  const ballots: BallotRecord[] = [];
  for (const voter of proposal.voters) {
    const ballot = await ctx.state.get<BallotRecord>(ballotKeyOf(proposal.proposalId, voter));
    if (ballot !== undefined) ballots.push(ballot);
  }
  return { ...proposal, ballots };
}

function applicationFailure(offer: OfferRecord, proposal: ProposalRecord): string | undefined {
  if (offer.version !== proposal.offerVersion) {
    return `offer ${offer.offerId} changed since the proposal (version ${proposal.offerVersion}, now ${offer.version})`;
  }
  return changeConflict(offer, proposal.change);
}

/** The change applies to later acceptances only; an admitted provider guards the offer from then on. */
async function applyToOffer(
  ctx: TxContext,
  offer: OfferRecord,
  proposal: ProposalRecord,
): Promise<void> {
  const changed = applyChange(offer, proposal.change, ctx.now);
  const next = await saveOffer(ctx, offer, changed);
  if (proposal.change.type === 'admit-provider') {
    const providers = providersOf(next);
    await ctx.state.guard(offerKeyOf(offer.offerId), providers);
    await ctx.state.createMarker(
      offerIndexKeyOf(proposal.change.provider, offer.offerId),
      providers,
    );
  }
}
