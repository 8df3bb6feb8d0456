import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError, validateCluster } from '../../../src/engine/index.js';

describe('validateCluster: the skill template cases', () => {
  it('should accept 5 nodes tolerating 2 failures', () => {
    const result = validateCluster({ nodes: 5, failureTolerance: 2 });
    expect(result.valid).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.quorumSize).toBe(3);
  });

  it('should reject 5 nodes tolerating 3 failures, naming 2f+1 and the numbers', () => {
    const result = validateCluster({ nodes: 5, failureTolerance: 3 });
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.rule).toBe('quorum_possible');
    expect(result.errors[0]?.message).toContain('2f+1');
    expect(result.errors[0]?.message).toContain('Cannot tolerate f failures with fewer than 2f+1 nodes');
    expect(result.errors[0]?.message).toContain('5 nodes tolerate at most 2 crash failures; 3 need 7');
    expect(result.minNodesRequired).toBe(7);
  });

  it('should accept 4 byzantine nodes tolerating 1 failure with a quorum of 3', () => {
    const result = validateCluster({ nodes: 4, failureTolerance: 1, byzantine: true });
    expect(result.valid).toBe(true);
    expect(result.quorumSize).toBe(3);
    expect(result.replyQuorum).toBe(2);
  });

  it('should reject 4 byzantine nodes tolerating 2 failures, naming 3f+1 first', () => {
    const result = validateCluster({ nodes: 4, failureTolerance: 2, byzantine: true });
    expect(result.valid).toBe(false);
    expect(result.errors[0]?.rule).toBe('byzantine_nodes');
    expect(result.errors[0]?.message).toContain('Byzantine tolerance requires 3f+1 nodes');
    expect(result.errors[0]?.message).toContain('2 need 7');
  });
});

describe('validateCluster: tolerance and warnings', () => {
  it('should report the most a cluster tolerates when failure_tolerance is absent', () => {
    const result = validateCluster({ nodes: 7 });
    expect(result.failureTolerance).toBe(3);
    expect(result.maxFailureTolerance).toBe(3);
    expect(result.valid).toBe(true);
  });

  it('should warn that an even node count adds cost and no tolerance', () => {
    const result = validateCluster({ nodes: 4 });
    expect(result.warnings.map((w) => w.code)).toContain('even_node_count');
    expect(result.warnings.find((w) => w.code === 'even_node_count')?.message).toContain('the same as 3; the extra node adds cost');
  });

  it('should warn that f = 0 has no fault tolerance', () => {
    expect(validateCluster({ nodes: 1 }).warnings.map((w) => w.code)).toContain('no_fault_tolerance');
    expect(validateCluster({ nodes: 3, failureTolerance: 0 }).warnings.map((w) => w.code)).toContain(
      'no_fault_tolerance',
    );
  });

  it('should warn that a single region is one failure domain', () => {
    const result = validateCluster({ nodes: 3, regions: [{ name: 'eu-west-1', nodes: 3 }] });
    expect(result.warnings.map((w) => w.code)).toContain('single_region');
    expect(result.regions?.survivesAnyRegionLoss).toBe(false);
  });

  it('should never accept a tolerance above the maximum, and always accept one at or below it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.integer({ min: 0, max: 400 }), (n, byz, f) => {
        const result = validateCluster({ nodes: n, byzantine: byz, failureTolerance: f });
        expect(result.valid).toBe(f <= result.maxFailureTolerance);
        expect(result.valid).toBe(n >= (byz ? 3 * f + 1 : 2 * f + 1));
      }),
    );
  });
});

describe('validateCluster: regions', () => {
  it('should recommend 2-2-1 for 5 nodes over 3 regions and find the fatal region of a 3-2 split', () => {
    const result = validateCluster({
      nodes: 5,
      regions: [
        { name: 'a', nodes: 3 },
        { name: 'b', nodes: 2 },
        { name: 'c', nodes: 0 },
      ],
    });
    expect(result.regions?.fatalRegions).toEqual(['a']);
    expect(result.regions?.recommendedPlacement.map((r) => r.nodes)).toEqual([2, 2, 1]);
    expect(result.regions?.recommendedSurvivesAnyRegionLoss).toBe(true);
    expect(result.minRegionsForRegionLoss).toBe(3);
  });

  it('should spread nodes evenly when regions have no counts', () => {
    const result = validateCluster({ nodes: 5, regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    expect(result.regions?.placement.map((r) => r.nodes)).toEqual([2, 2, 1]);
    expect(result.regions?.survivesAnyRegionLoss).toBe(true);
  });

  it('should never survive losing the larger of two regions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1000 }), (n) => {
        const result = validateCluster({ nodes: n, regions: [{ name: 'a' }, { name: 'b' }] });
        expect(result.regions?.survivesAnyRegionLoss).toBe(false);
      }),
    );
  });

  it('should reject counts that do not add up to nodes, naming regions', () => {
    expect(() => validateCluster({ nodes: 5, regions: [{ name: 'a', nodes: 2 }] })).toThrow(EngineError);
    expect(() => validateCluster({ nodes: 5, regions: [{ name: 'a', nodes: 2 }] })).toThrow(/regions: .*add up to 2/);
  });
});

describe('validateCluster: explicit quorums', () => {
  it('should accept R=2 W=2 N=3 and reject R=1 W=2 N=3 with the fix', () => {
    expect(validateCluster({ nodes: 3, readQuorum: 2, writeQuorum: 2 }).valid).toBe(true);
    const bad = validateCluster({ nodes: 3, readQuorum: 1, writeQuorum: 2 });
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]?.rule).toBe('read_write_quorum_overlap');
    expect(bad.errors[0]?.message).toContain('R + W > N');
  });

  it('should apply the flexible Paxos rule |Q1| + |Q2| > N', () => {
    expect(validateCluster({ nodes: 5, phase1Quorum: 4, phase2Quorum: 2 }).valid).toBe(true);
    const bad = validateCluster({ nodes: 5, phase1Quorum: 3, phase2Quorum: 2 });
    expect(bad.errors.map((e) => e.rule)).toContain('flexible_paxos_intersection');
  });

  it('should flag a write quorum that f failures make unreachable', () => {
    const result = validateCluster({ nodes: 5, failureTolerance: 2, readQuorum: 1, writeQuorum: 5 });
    expect(result.errors.map((e) => e.rule)).toContain('quorum_availability');
  });

  it('should always agree with brute-force intersection of read and write quorums', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(), fc.nat(), (n, rs, ws) => {
        const r = (rs % n) + 1;
        const w = (ws % n) + 1;
        const check = validateCluster({
          nodes: n,
          readQuorum: r,
          writeQuorum: w,
          failureTolerance: 0,
        }).quorumChecks.find((c) => c.rule === 'read_write_quorum_overlap');
        expect(check?.held).toBe(everyPairIntersects(n, r, w));
      }),
    );
  });
});

// Helpers

function subsets(n: number, k: number): number[] {
  const out: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) if (popcount(mask) === k) out.push(mask);
  return out;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

function everyPairIntersects(n: number, r: number, w: number): boolean {
  const writes = subsets(n, w);
  return subsets(n, r).every((read) => writes.every((write) => (read & write) !== 0));
}
