/**
 * How design_protocol's verification is sized: the run timing follows the derived timeouts (a leader crash can only
 * time a failover once a first leader exists, Raft §5.2), the default number of runs and the default load shrink with
 * the estimated cost (PBFT's prepare and commit phases are all-to-all: messages per request grow as n^2, Castro &
 * Liskov §4.2), and a run that could not show a failover is reported as not verified rather than as evidence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planLeaderConsensus, planPbft, type ConsensusPlan } from '../../../src/engine/design/consensus.js';
import { consensusGroup } from '../../../src/engine/design/group.js';
import type { DesignSpec } from '../../../src/engine/design/types.js';
import { ConsensusVerification } from '../../../src/engine/design/verify.js';
import {
  DEFAULT_RUNS,
  messagesPerRequest,
  neededDurationMs,
  resolveVerify,
  runCost,
  runTiming,
  type RunTiming,
} from '../../../src/engine/design/verify-plan.js';

describe('runTiming and resolveVerify: runs follow the derived timeouts', () => {
  it('should crash only after a first leader has settled and run four maximum timeouts past the crash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.boolean(), (latencyMs, byzantine) => {
        const plan = planFor({ latencyMs, byzantine, nodes: byzantine ? 4 : 5 });
        const [min, max] = plan.timing.electionTimeoutMs;
        const t = runTiming(plan.sim, plan.timing, 10_000);
        // Raft and Paxos: one timeout, a second after a split vote, then the vote rounds; PBFT starts in view 0.
        if (!byzantine) expect(t.settledMs).toBeGreaterThan(min + max);
        expect(t.crashFromMs).toBeGreaterThanOrEqual(t.settledMs);
        expect(t.failoverWindowMs).toBeGreaterThanOrEqual(4 * max);
        expect(t.leaderDownMs).toBeGreaterThanOrEqual(2 * max);
        const r = resolveVerify({ seed: 1 }, plan.sim, plan.timing);
        if (r.tooSlow === undefined) {
          expect(r.options.durationMs).toBe(neededDurationMs(t, 10_000));
          expect(r.options.durationMs).toBeGreaterThanOrEqual(t.crashFromMs + t.crashSpanMs + t.failoverWindowMs);
        } else {
          expect(neededDurationMs(t, 10_000)).toBeGreaterThan(600_000);
        }
      }),
    );
  });

  it('should shrink the default runs and load as a PBFT group grows, within one budget, and keep explicit choices', () => {
    const sized = [4, 7, 10, 13, 16, 19, 22, 25].map((nodes) => {
      const plan = planFor({ nodes, byzantine: true });
      const r = resolveVerify({ seed: 1 }, plan.sim, plan.timing);
      const cost = r.options.runs * runCost(plan.sim, plan.timing, r.options.durationMs, r.options.writesPerSecond);
      return { nodes, runs: r.options.runs, wps: r.options.writesPerSecond, cost, notes: r.notes.join('; ') };
    });
    for (let i = 1; i < sized.length; i++) {
      const [a, b] = [sized[i - 1], sized[i]] as [(typeof sized)[number], (typeof sized)[number]];
      expect(b.runs, `runs at ${b.nodes} vs ${a.nodes}`).toBeLessThanOrEqual(a.runs);
      expect(b.wps).toBeLessThanOrEqual(a.wps);
    }
    const [first, last] = [sized[0], sized.at(-1)] as [(typeof sized)[number], (typeof sized)[number]];
    expect(first).toMatchObject({ runs: DEFAULT_RUNS, wps: 100 });
    expect(last.runs).toBeLessThan(DEFAULT_RUNS / 2);
    expect(last.runs).toBeGreaterThanOrEqual(3); // each byzantine behaviour is tried at least once
    expect(last.wps).toBeLessThan(25); // ~1300 messages per request against ~220 at 10 replicas
    // The estimated cost of the default never grows past what the smallest groups spend.
    const ceiling = Math.max(...sized.filter((s) => s.runs === DEFAULT_RUNS).map((s) => s.cost));
    for (const s of sized) expect(s.cost, `${s.nodes} nodes`).toBeLessThanOrEqual(ceiling * 1.3);
    expect(last.notes).toMatch(
      /^default client load lowered to \d+ writes\/s.*; \d+ run\(s\) by default instead of 20/,
    );
    expect(last.notes).toContain('n^2');
    const plan = planFor({ nodes: 25, byzantine: true });
    const asked = resolveVerify({ seed: 1, runs: 20, writesPerSecond: 100 }, plan.sim, plan.timing);
    expect(asked.options).toMatchObject({ runs: 20, writesPerSecond: 100 });
    expect(asked.notes).toEqual([]);
  });

  it('should count PBFT messages per request as 2n^2 + 2n and Raft as 2n', () => {
    expect(messagesPerRequest('pbft', 4)).toBe(40);
    expect(messagesPerRequest('pbft', 25)).toBe(1300);
    expect(messagesPerRequest('raft', 5)).toBe(10);
  });
});

describe('ConsensusVerification: honest verdicts', () => {
  // Latency 200 ms: 4000-8000 ms election timeouts, so a first leader takes 4 s or more.
  const plan = planFor({ latencyMs: 200 });
  const settled = runTiming(plan.sim, plan.timing, 10_000);

  it('should not count a crash that struck before any leader, nor call the runs verified', () => {
    const timing: RunTiming = { ...settled, crashFromMs: 100, crashSpanMs: 0 };
    const v = verify(timing, 20_000);
    expect(v.faultsInjected['crash_leader']).toBeUndefined();
    expect(v.failoverMs.samples).toBe(0);
    expect(v.verified).toBe(false);
    expect(v.notes.join(' ')).toContain('not verified: in 2 run(s) the first leader came only after the planned crash');
    expect(v.notes.join(' ')).toContain('2 scheduled fault(s) found no leader');
  });

  it('should say a failover never completed when the run ends before a new leader', () => {
    // The crash strikes a settled leader, but the run stops 1 s later, before any follower's 4 s timeout.
    const timing: RunTiming = { ...settled, crashSpanMs: 0 };
    const v = verify(timing, settled.crashFromMs + 1000);
    expect(v.faultsInjected['crash_leader']).toBe(2);
    expect(v.verified).toBe(false);
    expect(v.notes.join(' ')).toContain('no new leader was elected within');
  });

  it('should call runs with a real failover each verified, with every sample at least the minimum timeout', () => {
    const v = verify(settled, neededDurationMs(settled, 10_000));
    expect(v.verified).toBe(true);
    expect(v.failoverMs.samples).toBe(2);
    expect(v.failoverMs.p50).toBeGreaterThanOrEqual(plan.timing.electionTimeoutMs[0]);
  });

  function verify(timing: RunTiming, durationMs: number) {
    const job = new ConsensusVerification(plan.sim, { runs: 2, seed: 3, durationMs, writesPerSecond: 50 }, 0, timing);
    while (!job.advance(50_000));
    return job.result('test');
  }
});

// Helpers

function planFor(o: { latencyMs?: number; byzantine?: boolean; nodes?: number }): ConsensusPlan {
  const spec: DesignSpec = {
    problemType: 'consensus',
    nodes: o.nodes ?? 5,
    consistency: 'linearizable',
    latencyMs: o.latencyMs,
    byzantine: o.byzantine ?? false,
    protocol: 'auto',
    optimizeFor: 'availability',
    verify: { seed: 1 },
  };
  const g = consensusGroup(spec, undefined, []);
  return spec.byzantine ? planPbft(spec, g) : planLeaderConsensus(spec, g, false);
}
