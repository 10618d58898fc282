/**
 * Consensus among providers: every provider votes once; decided as soon as
 * the threshold is reached or can no longer be reached.
 */

export type Threshold = 'majority' | 'unanimity';
export type Tally = 'open' | 'passed' | 'rejected';

/** Approvals needed: more than half of the named voters, or all of them. */
export function approvalsNeeded(voterCount: number, threshold: Threshold): number {
  return threshold === 'unanimity' ? voterCount : Math.floor(voterCount / 2) + 1;
}

export function tally(
  voters: readonly string[],
  votes: ReadonlyMap<string, boolean>,
  threshold: Threshold,
): Tally {
  const needed = approvalsNeeded(voters.length, threshold);
  const approvals = voters.filter((voter) => votes.get(voter) === true).length;
  const rejections = voters.filter((voter) => votes.get(voter) === false).length;
  if (approvals >= needed) {
    return 'passed';
  }
  return voters.length - rejections < needed ? 'rejected' : 'open';
}
