import { approvalsNeeded, tally } from '../../src/domain/voting';

const three = ['A', 'B', 'C'];
const votes = (...cast: Array<[string, boolean]>): Map<string, boolean> => new Map(cast);
const four = ['A', 'B', 'C', 'D'];

describe('voting thresholds', () => {
  it('needs more than half for a majority and everyone for unanimity', () => {
    expect(approvalsNeeded(3, 'majority')).toBe(2);
    expect(approvalsNeeded(4, 'majority')).toBe(3);
    expect(approvalsNeeded(4, 'unanimity')).toBe(4);
  });

  it('passes a majority as soon as it is reached', () => {
    expect(tally(three, votes(['A', true]), 'majority')).toBe('open');
    expect(tally(three, votes(['A', true], ['B', true]), 'majority')).toBe('passed');
  });

  it('rejects as soon as the threshold can no longer be reached', () => {
    expect(tally(three, votes(['A', false]), 'majority')).toBe('open');
    expect(tally(three, votes(['A', false], ['B', false]), 'majority')).toBe('rejected');
    // Half of four is not a majority: two rejections leave at most two approvals.
    expect(tally(four, votes(['A', false], ['B', false]), 'majority')).toBe('rejected');
    expect(tally(four, votes(['A', true], ['B', true]), 'majority')).toBe('open');
  });

  it('rejects unanimity on the first no', () => {
    expect(tally(three, votes(['A', true], ['B', true]), 'unanimity')).toBe('open');
    expect(tally(three, votes(['A', true], ['B', false]), 'unanimity')).toBe('rejected');
    expect(tally(three, votes(['A', true], ['B', true], ['C', true]), 'unanimity')).toBe('passed');
  });

  it('ignores votes of organisations that are not named voters', () => {
    expect(tally(three, votes(['X', true], ['Y', true]), 'majority')).toBe('open');
  });

  it('counts voters named like properties of plain objects', () => {
    const voters = ['constructor', 'toString', '__proto__'];
    expect(tally(voters, votes(['constructor', true]), 'majority')).toBe('open');
    expect(tally(voters, votes(['constructor', true], ['toString', true]), 'majority')).toBe(
      'passed',
    );
  });
});
