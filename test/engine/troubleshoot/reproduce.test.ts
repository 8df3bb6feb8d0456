import { describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../../scripts/demo/cases.js';
import { troubleshoot } from '../../../src/engine/troubleshoot/diagnose.js';
import { planReproduction, type ReproductionPlan } from '../../../src/engine/troubleshoot/reproduce-plan.js';
import type { TroubleshootInput } from '../../../src/engine/troubleshoot/types.js';
import { elected, metrics, reproduce, runPlan, ts } from './helpers.js';

/** The on-call case of the demo: 150-300 ms timeouts, 50 ms heartbeat, RTT 30 ms (p99 180 ms), commit p99 210 ms, no partitions. */
const SHORT_TIMEOUTS = DEMO_CASES.find((c) => c.tool === 'troubleshoot')?.args as unknown as TroubleshootInput;

describe('reproduction of leader flapping on the simulator', () => {
  it('should show the flapping with 150-300 ms timeouts and a longer timeout with PreVote and CheckQuorum lowering the election count (Raft §5.6)', () => {
    const { plan, result } = reproduce(SHORT_TIMEOUTS, 1);
    expect(plan.cause).toBe('timeouts_too_short');
    expect(plan.scenario).toBe('slow_link_bursts');
    expect(plan.suspected.tuning).toMatchObject({
      electionTimeoutMinMs: 150,
      electionTimeoutMaxMs: 300,
      preVote: false,
      checkQuorum: false,
    });
    expect(plan.fix.tuning).toMatchObject({ electionTimeoutMinMs: 1800, preVote: true, checkQuorum: true });
    expect(result.fix.electionsTotal).toBeLessThan(result.suspected.electionsTotal);
    expect(result.fix.leaderChanges).toBeLessThan(result.suspected.leaderChanges);
    expect(result.suspected.leaderChanges).toBeGreaterThanOrEqual(3);
    expect(result.verdict).toBe('reproduced_and_fixed');
    expect(result.suspected.invariantsHeld && result.fix.invariantsHeld).toBe(true);
  });

  it('should lower the election count with the fix on every seed tried', () => {
    for (const seed of [2, 3, 4, 5]) {
      const { result } = reproduce(SHORT_TIMEOUTS, seed);
      expect(result.fix.electionsTotal, `seed ${seed}`).toBeLessThan(result.suspected.electionsTotal);
    }
  });

  it('should show split votes with 150-155 ms timeouts and none once the range is widened (Raft §9.3, Figure 16)', () => {
    const { plan, result } = reproduce(
      {
        symptom: 'leader keeps changing',
        cluster_config: { election_timeout_min_ms: 150, election_timeout_max_ms: 155 },
        metrics: metrics({ leader_elections_total: { success: 20, split_vote: 25, timeout: 2 }, rtt_ms: 4 }),
      },
      1,
    );
    expect(plan.scenario).toBe('leader_crashes');
    expect(plan.fix.tuning.electionTimeoutMaxMs).toBe(300);
    expect(result.suspected.elections.split_vote).toBeGreaterThanOrEqual(3);
    expect(result.fix.elections.split_vote).toBeLessThanOrEqual(result.suspected.elections.split_vote / 2);
    expect(result.verdict).toBe('reproduced_and_fixed');
    expect(result.fix.electionsTotal).toBeLessThan(result.suspected.electionsTotal);
  });

  it('should show a returning node deposing the leader without PreVote, and not with it (Raft thesis §9.6)', () => {
    const starts = Array.from({ length: 6 }, (_, i) => ({
      event: 'election_started' as const,
      node_id: 'node-5',
      term: i * 2 + 2,
      timestamp: ts(i * 20_000 + 5),
    }));
    const { plan, result } = reproduce(
      {
        symptom: 'the leader keeps changing',
        cluster_config: { nodes: 5, pre_vote: false },
        events: [
          ...Array.from({ length: 6 }, (_, i) => elected(i % 2 ? 'node-1' : 'node-2', i * 2 + 1, i * 20_000)),
          ...starts,
          { event: 'election_started', node_id: 'node-1', term: 40, timestamp: ts(130_000) },
        ],
      },
      1,
    );
    expect(plan.cause).toBe('disruptive_node');
    expect(plan.fix.tuning).toMatchObject({
      preVote: true,
      electionTimeoutMinMs: plan.suspected.tuning.electionTimeoutMinMs,
    });
    expect(result.fix.leaderChanges).toBeLessThan(result.suspected.leaderChanges);
  });

  it('should say when the network described does not explain the flapping', () => {
    const { result } = reproduce(
      {
        symptom: 'flapping leader',
        cluster_config: { election_timeout_min_ms: 2000, election_timeout_max_ms: 4000, heartbeat_ms: 200 },
        metrics: metrics({
          leader_elections_total: { success: 30 },
          rtt_ms: 2,
          rtt_p99_ms: 5,
          consensus_latency_seconds: { p50: 0.003, p99: 0.02 },
        }),
      },
      1,
    );
    expect(result.verdict).toBe('not_reproduced');
    expect(result.suspected.leaderChanges).toBeLessThan(3);
  });

  it('should catch a fix that does not help (planted: the fix equal to the configuration)', () => {
    const { plan } = reproduce(SHORT_TIMEOUTS, 1);
    const planted: ReproductionPlan = { ...plan, fix: { ...plan.suspected, label: 'planted: no change' } };
    const result = runPlan(planted);
    expect(result.measured.fix).toBe(result.measured.suspected);
    expect(result.verdict).toBe('reproduced_not_fixed');
  });

  it('should call the verdict illustrative exactly when a decisive figure was assumed (planted: the assumptions dropped)', () => {
    const { plan, result } = reproduce({ symptom: 'the leader keeps changing' }, 1);
    expect(plan.sources.assumed.filter((a) => a.decisive).map((a) => a.figure)).toEqual([
      'election timeout',
      'link stall',
    ]);
    expect(result.verdict).toBe('illustrative');
    expect(result.outcome).toBe('reproduced_and_fixed');
    const planted = runPlan({ ...plan, sources: { ...plan.sources, assumed: [] } });
    expect(planted.verdict).toBe(planted.outcome);
    const onlyPattern = runPlan({
      ...plan,
      sources: { ...plan.sources, assumed: plan.sources.assumed.filter((a) => !a.decisive) },
    });
    expect(onlyPattern.verdict).toBe('reproduced_and_fixed');
  });

  it('should give the same run for the same seed and a different one for another seed', () => {
    expect(JSON.stringify(reproduce(SHORT_TIMEOUTS, 7).result)).toBe(
      JSON.stringify(reproduce(SHORT_TIMEOUTS, 7).result),
    );
    expect(reproduce(SHORT_TIMEOUTS, 7).result.suspected.eventsProcessed).not.toBe(
      reproduce(SHORT_TIMEOUTS, 8).result.suspected.eventsProcessed,
    );
  });

  it('should not simulate when the diagnosis is not leader flapping', () => {
    const report = troubleshoot({ symptom: 'two leaders', events: [elected('a', 3, 0), elected('b', 3, 1)] });
    const outcome = planReproduction({ symptom: 'two leaders' }, report.facts, report.diagnoses, 1);
    expect(outcome.kind).toBe('not_applicable');
    expect(outcome.kind === 'not_applicable' && outcome.reason).toContain('split-brain');
  });
});
