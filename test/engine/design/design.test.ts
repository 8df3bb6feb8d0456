/**
 * design_protocol's engine: the choice table, the timing rule (Raft §5.6: broadcastTime << electionTimeout << MTBF),
 * Flexible-Paxos quorums across regions, and the refusal of impossible clusters with validate_cluster's messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDesign } from '../../../src/engine/design/choose.js';
import { flexibleQuorums, planLeaderConsensus } from '../../../src/engine/design/consensus.js';
import { startDesign, validateDesignSpec } from '../../../src/engine/design/design.js';
import { consensusGroup } from '../../../src/engine/design/group.js';
import { deriveTiming } from '../../../src/engine/design/timing.js';
import { runTiming } from '../../../src/engine/design/verify-plan.js';
import { ConsensusVerification } from '../../../src/engine/design/verify.js';
import type { DesignSpec } from '../../../src/engine/design/types.js';
import { isEngineError } from '../../../src/engine/errors.js';

describe('chooseDesign (the choice table)', () => {
  it.each<[Partial<DesignSpec>, string, string]>([
    [{ problemType: 'consensus', consistency: 'linearizable' }, 'raft', 'raft'],
    [{ problemType: 'consensus', consistency: 'sequential' }, 'raft', 'raft'],
    [{ problemType: 'consensus', consistency: 'eventual' }, 'raft', 'raft'],
    [{ problemType: 'consensus', consistency: 'linearizable', byzantine: true }, 'pbft', 'pbft'],
    [{ problemType: 'consensus', consistency: 'linearizable', protocol: 'multi_paxos' }, 'multi_paxos', 'multi_paxos'],
    [
      {
        problemType: 'consensus',
        consistency: 'linearizable',
        optimizeFor: 'commit_latency',
        regions: ['a', 'b', 'c'],
      },
      'multi_paxos',
      'multi_paxos',
    ],
    [{ problemType: 'consensus', consistency: 'linearizable', optimizeFor: 'commit_latency' }, 'raft', 'raft'],
    [{ problemType: 'replication', consistency: 'linearizable' }, 'raft', 'raft'],
    [{ problemType: 'replication', consistency: 'causal' }, 'leaderless_quorum', 'leaderless'],
    [{ problemType: 'replication', consistency: 'eventual' }, 'leaderless_quorum', 'leaderless'],
    [{ problemType: 'replication', consistency: 'eventual', byzantine: true }, 'pbft', 'pbft'],
    [{ problemType: 'partitioning', consistency: 'linearizable' }, 'sharded_consensus', 'raft'],
    [{ problemType: 'partitioning', consistency: 'eventual' }, 'sharded_consensus', 'leaderless'],
    [{ problemType: 'transaction', consistency: 'eventual' }, 'two_phase_commit', 'raft'],
    [{ problemType: 'transaction', consistency: 'linearizable', byzantine: true }, 'two_phase_commit', 'pbft'],
    [{ problemType: 'conflict_resolution', consistency: 'causal' }, 'crdt', 'leaderless'],
    [{ problemType: 'conflict_resolution', consistency: 'linearizable' }, 'raft', 'raft'],
  ])('should design %j as %s (groups: %s)', (overrides, kind, group) => {
    const choice = chooseDesign(spec(overrides));
    expect([choice.kind, choice.group]).toEqual([kind, group]);
    expect(choice.reasons.length).toBeGreaterThan(0);
  });
});

describe('validateDesignSpec (validate_cluster rules)', () => {
  it.each<[Partial<DesignSpec>, string, string]>([
    [{ nodes: 5, failureTolerance: 3 }, '2f+1', 'use at least 7 nodes'],
    [{ nodes: 4, failureTolerance: 2, byzantine: true }, '3f+1', 'use at least 7 nodes'],
    [{ nodes: 3, byzantine: true }, '3f+1', '4 nodes for f = 1'],
    [{ nodes: 5, regions: ['a', 'a'] }, 'unique', 'once'],
  ])('should refuse %j naming %s and the fix', (overrides, rule, fix) => {
    let error: unknown;
    try {
      validateDesignSpec(spec(overrides));
    } catch (e) {
      error = e;
    }
    expect(isEngineError(error)).toBe(true);
    expect(String(error)).toContain(rule);
    expect(String(error)).toContain(fix);
    expect(String(error)).toContain('distributed_context.cluster_config');
  });

  it('should accept the seed examples that are possible', () => {
    expect(() => validateDesignSpec(spec({ nodes: 5, failureTolerance: 2 }))).not.toThrow();
    expect(() => validateDesignSpec(spec({ nodes: 4, failureTolerance: 1, byzantine: true }))).not.toThrow();
  });
});

describe('deriveTiming (Raft §5.6)', () => {
  it('should keep broadcast << election timeout << MTBF, with the heartbeat well under the timeout', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).map((k) => 2 * k - 1),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0.1, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        (voters, regions, interRegionMs, p) => {
          const regionOf = Array.from({ length: voters }, (_, i) => i % regions);
          const t = deriveTiming({
            network: { regionOf, intraRegionMs: Math.min(1, interRegionMs), interRegionMs },
            commitQuorum: Math.floor(voters / 2) + 1,
            phases: 2,
            partitionProbability: p,
          });
          const [min, max] = t.electionTimeoutMs;
          expect(min).toBeGreaterThanOrEqual(10 * t.broadcastMs);
          expect(min).toBeGreaterThanOrEqual(150);
          expect(max).toBe(2 * min);
          expect(t.heartbeatMs).toBeLessThanOrEqual(min / 3 + t.broadcastMs);
          expect(t.heartbeatMs).toBeGreaterThanOrEqual(t.broadcastMs);
          // The MTBF side is a check, not a guarantee: frequent partitions break it and the design says so.
          // mtbfMs is itself rounded, so the ratio from it may round the other way (62 vs 63 at one seed).
          expect(Math.abs(t.mtbfOverTimeout - t.mtbfMs / max)).toBeLessThanOrEqual(0.5 + 1 / max);
          if (p === 0) expect(t.mtbfOverTimeout).toBeGreaterThan(1000);
          expect(t.clientTimeoutMs).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('should take the broadcast time from the worst place for the leader across regions', () => {
    const t = deriveTiming({
      network: { regionOf: [0, 0, 1, 1, 2], intraRegionMs: 1, interRegionMs: 40 },
      commitQuorum: 3,
      phases: 2,
      partitionProbability: 0,
    });
    expect(t.broadcastMs).toBe(80); // every leader needs a node in another region: a 40 ms hop each way
    expect(t.electionTimeoutMs).toEqual([800, 1600]);
    expect(t.steps.join(' ')).toContain('MTBF');
  });
});

describe('flexibleQuorums (Howard et al. 2016)', () => {
  it('should commit inside the largest region only while leader changes keep the tolerance asked for', () => {
    const g = consensusGroup(spec({ nodes: 5, regions: ['a', 'b', 'c'] }), undefined, []);
    expect(flexibleQuorums(g, 1)).toEqual({ q1: 4, q2: 2 }); // |Q1| + |Q2| = 6 > 5
    expect(flexibleQuorums(g, 2)).toBeUndefined(); // leader changes would survive only one failure
    const oneRegion = consensusGroup(spec({ nodes: 5 }), undefined, []);
    expect(flexibleQuorums(oneRegion, 1)).toBeUndefined();
  });
});

describe('consensusGroup', () => {
  it('should vote with an odd group of at most 7 and make the rest learners', () => {
    const sized = (nodes: number, f?: number): [number, number, number] => {
      const g = consensusGroup(spec({ nodes }), f, []);
      return [g.voters, g.others, g.f];
    };
    expect(sized(5)).toEqual([5, 0, 2]);
    expect(sized(4)).toEqual([3, 1, 1]);
    expect(sized(100)).toEqual([5, 95, 2]);
    expect(sized(100, 3)).toEqual([7, 93, 3]);
    const byz = consensusGroup(spec({ nodes: 10, byzantine: true }), undefined, []);
    expect([byz.voters, byz.f]).toEqual([10, 3]);
  });
});

// Helpers

function spec(overrides: Partial<DesignSpec>): DesignSpec {
  return {
    problemType: 'consensus',
    nodes: 5,
    consistency: 'linearizable',
    byzantine: false,
    protocol: 'auto',
    optimizeFor: 'availability',
    verify: { runs: 2, seed: 1, durationMs: 5000, writesPerSecond: 100 },
    ...overrides,
  };
}

describe('startDesign (the sliced job)', () => {
  it('should choose the partitioning of a sharded design in slices, not before the job starts', () => {
    const spec: DesignSpec = {
      problemType: 'partitioning',
      nodes: 1000,
      consistency: 'linearizable',
      byzantine: false,
      protocol: 'auto',
      optimizeFor: 'availability',
      verify: { runs: 0, seed: 1, durationMs: 2000, writesPerSecond: 1 },
      partitioning: { rangeQueries: true },
    };
    const job = startDesign(spec);
    // Choosing at 1000 nodes takes hundreds of ms: a tool must get control back between its phases.
    const messages: string[] = [];
    while (!job.advance(20_000)) messages.push(job.progress().message);
    expect(messages.filter((m) => m.startsWith('choosing the partitioning')).length).toBeGreaterThanOrEqual(4);
    expect(job.result().partitioning?.scheme).toBe('range');
  });
});

describe('ConsensusVerification (violations listed)', () => {
  it('should list 5 violations by default and as many as violationsListed asks, counting them all', () => {
    const spec: DesignSpec = {
      problemType: 'consensus',
      nodes: 5,
      consistency: 'linearizable',
      byzantine: false,
      protocol: 'multi_paxos',
      optimizeFor: 'availability',
      latencyMs: 10,
      verify: { runs: 20, seed: 1, durationMs: 4000, writesPerSecond: 200 },
    };
    const plan = planLeaderConsensus(spec, consensusGroup(spec, 2, []), true);
    // Planted: phase quorums of 2 + 2 of 5 need not intersect, so partitions let two values be chosen for a slot.
    const unsafe = {
      ...plan.sim,
      tuning: { ...plan.sim.tuning, phase1Quorum: 2, phase2Quorum: 2, allowUnsafeQuorums: true },
    };
    const verify = (violationsListed: number | undefined) => {
      const options = { runs: 20, seed: 1, durationMs: 4000, writesPerSecond: 200, violationsListed };
      const job = new ConsensusVerification(unsafe, options, 1, runTiming(unsafe, plan.timing, 4000));
      while (!job.advance(100_000));
      return job.result('planted');
    };
    const [base, one, many] = [verify(undefined), verify(1), verify(50)];
    expect(base.safetyViolations).toBeGreaterThan(8);
    expect(base.violations).toHaveLength(5);
    expect(one.violations).toHaveLength(1);
    expect(many.violations.length).toBeGreaterThan(5);
    expect(many.violations.slice(0, 5)).toEqual(base.violations);
    expect(many.safetyViolations).toBe(base.safetyViolations);
  });
});
