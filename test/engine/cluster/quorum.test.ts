import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byzantineQuorumSize,
  crashQuorumSize,
  maxByzantineFailures,
  maxCrashFailures,
  minNodesFor,
} from '../../../src/engine/index.js';

/** Oracle: the smallest q such that any two q-subsets of n overlap in at least `overlap` nodes (brute force). */
function smallestIntersectingQuorum(n: number, overlap: number): number {
  for (let q = 1; q <= n; q++) {
    // Two q-subsets of n overlap in at least 2q - n nodes, and exactly that many when they are spread apart.
    let worst = Infinity;
    for (let shared = 0; shared <= q; shared++) if (q + (q - shared) <= n) worst = Math.min(worst, shared);
    if (worst >= overlap) return q;
  }
  return n + 1;
}

describe('crashQuorumSize', () => {
  it('should match the skill template: quorum(3)=2, quorum(5)=3, quorum(7)=4', () => {
    expect(crashQuorumSize(3)).toBe(2);
    expect(crashQuorumSize(5)).toBe(3);
    expect(crashQuorumSize(7)).toBe(4);
  });

  it('should always be the smallest size whose quorums pairwise intersect', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        expect(crashQuorumSize(n)).toBe(smallestIntersectingQuorum(n, 1));
      }),
    );
  });

  it('should always leave a quorum alive after maxCrashFailures failures and none after one more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        const f = maxCrashFailures(n);
        expect(n - f).toBeGreaterThanOrEqual(crashQuorumSize(n));
        expect(n - f - 1).toBeLessThan(crashQuorumSize(n));
      }),
    );
  });
});

describe('byzantineQuorumSize', () => {
  it('should be 2f+1 when n = 3f+1 (PBFT §4)', () => {
    for (let f = 0; f <= 20; f++) expect(byzantineQuorumSize(3 * f + 1, f)).toBe(2 * f + 1);
  });

  it('should always be the smallest size whose quorums share f+1 nodes, and reachable with f silent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (n) => {
        const f = maxByzantineFailures(n);
        const q = byzantineQuorumSize(n, f);
        expect(q).toBe(smallestIntersectingQuorum(n, f + 1));
        expect(q).toBeLessThanOrEqual(n - f);
      }),
    );
  });
});

describe('minNodesFor', () => {
  it('should be 2f+1 for crash faults and 3f+1 for byzantine faults', () => {
    expect(minNodesFor(2, false)).toBe(5);
    expect(minNodesFor(1, true)).toBe(4);
    expect(minNodesFor(2, true)).toBe(7);
  });
});
