import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AlreadyExists, FailedPrecondition, Forbidden } from '../domain/errors';
import { booleanArgument, identifier, parseJson } from '../domain/input';
import {
  DEFAULT_VOTING_SECONDS,
  applyChange,
  changeConflict,
  checkDeadline,
  parseProposalInput,
  type ProposalRecord,
} from '../domain/proposal';
import { formatInstant } from '../domain/time';
import { tally } from '../domain/voting';
import { INDEX, RECORD } from '../state/keys';
import { requireOrg } from './access';
import { LedgerContext } from './ledger-context';
import { LedgerContract, result } from './ledger-contract';
import { loadOffer, offerKeyOf, requireProvider } from './offer-records';

@Info({ title: 'governance', description: 'Consensus decisions among the providers of an offer' })
export class GovernanceContract extends LedgerContract {
  constructor() {
    super('governance');
  }

  /**
   * A provider of the offer proposes a change: admit a provider, change the
   * price or the shares, or withdraw the offer. Voters default to the offer's providers.
   */
  @Transaction()
  @Returns('string')
  async Propose(ctx: LedgerContext, proposalJson: string): Promise<string> {
    const input = parseProposalInput(parseJson('proposalJson', proposalJson));
    const offer = await loadOffer(ctx, input.offerId);
    requireProvider(offer, ctx.caller, 'propose changes to');
    const conflict = changeConflict(offer, input.change);
    if (conflict !== undefined) {
      throw new FailedPrecondition(
        `proposal.change does not fit offer ${offer.offerId}: ${conflict}`,
      );
    }
    const key = proposalKeyOf(ctx, input.proposalId);
    if (await ctx.state.exists(key)) {
      throw new AlreadyExists('proposal', input.proposalId);
    }
    const providers = offer.providers.map((provider) => provider.mspId);
    const deadline = input.deadline ?? ctx.now + DEFAULT_VOTING_SECONDS;
    checkDeadline(deadline, ctx.now);
    const proposal: ProposalRecord = {
      proposalId: input.proposalId,
      offerId: offer.offerId,
      change: input.change,
      voters: providers,
      threshold: input.threshold,
      deadline,
      proposedBy: ctx.caller.mspId,
      proposedAt: ctx.now,
      votes: {},
      status: 'open',
    };
    await ctx.state.put(key, proposal);
    await ctx.state.putMarker(
      ctx.state.key(INDEX.proposalsByOffer, [offer.offerId, proposal.proposalId]),
    );
    ctx.emit('ProposalCreated', {
      proposalId: proposal.proposalId,
      offerId: offer.offerId,
      change: proposal.change.type,
    });
    return result(proposal);
  }

  /**
   * A named voter's organisation votes once. The vote that reaches the
   * threshold applies the change in the same transaction.
   */
  @Transaction()
  @Returns('string')
  async Vote(ctx: LedgerContext, proposalId: string, approve: string): Promise<string> {
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
    if (proposal.votes[voter] !== undefined) {
      throw new FailedPrecondition(`${voter} has already voted on proposal ${proposal.proposalId}`);
    }
    const votes = { ...proposal.votes, [voter]: inFavour };
    let decided: ProposalRecord = {
      ...proposal,
      votes,
      status: tally(proposal.voters, votes, proposal.threshold),
    };
    if (decided.status === 'passed') {
      const offer = await loadOffer(ctx, proposal.offerId);
      const conflict = changeConflict(offer, proposal.change);
      if (conflict === undefined) {
        await ctx.state.put(
          offerKeyOf(ctx, offer.offerId),
          applyChange(offer, proposal.change, ctx.now),
        );
      } else {
        decided = { ...decided, status: 'failed', failure: conflict };
      }
    }
    if (decided.status !== 'open') {
      decided = { ...decided, decidedAt: ctx.now };
    }
    await ctx.state.put(proposalKeyOf(ctx, proposal.proposalId), decided);
    ctx.emit('ProposalVoted', {
      proposalId: proposal.proposalId,
      offerId: proposal.offerId,
      voter,
      approve: inFavour,
      status: decided.status,
    });
    return result(decided);
  }

  /** The proposal and its votes; an open proposal past its deadline reads as expired. */
  @Transaction(false)
  @Returns('string')
  async Get(ctx: LedgerContext, proposalId: string): Promise<string> {
    const proposal = await loadProposal(ctx, identifier('proposalId', proposalId));
    const offer = await loadOffer(ctx, proposal.offerId);
    const allowed = [...proposal.voters, ...offer.providers.map((provider) => provider.mspId)];
    if (!allowed.includes(ctx.caller.mspId)) {
      throw new Forbidden(
        `${ctx.caller.mspId} may not read proposal ${proposal.proposalId}; only its voters and the offer's providers may`,
      );
    }
    const expired = proposal.status === 'open' && ctx.now >= proposal.deadline;
    return result({ ...proposal, status: expired ? 'expired' : proposal.status });
  }
}

function proposalKeyOf(ctx: LedgerContext, proposalId: string): string {
  return ctx.state.key(RECORD.proposal, [proposalId]);
}

async function loadProposal(ctx: LedgerContext, proposalId: string): Promise<ProposalRecord> {
  return ctx.state.require<ProposalRecord>(proposalKeyOf(ctx, proposalId), 'proposal', proposalId);
}
