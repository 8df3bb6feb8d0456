/**
 * design_protocol on slow networks: the derived election timeouts grow with latency (Raft §5.6: broadcastTime <<
 * electionTimeout), so the verification runs must grow with them. A failover can never take less than the minimum
 * election timeout (a follower waits that long before campaigning, §5.2); a verification that measured one below it
 * timed the initial election instead of a failover. Verdicts must say when nothing could be shown.
 */
import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT } from '../../src/tools/define-tool.js';
import { inputSchema, runDesignProtocol } from '../../src/tools/design-protocol.js';

const run = (args: Record<string, unknown>) => runDesignProtocol(inputSchema.parse(args), SILENT_CONTEXT);

const raft = (latencyMs: number, verify: Record<string, unknown> = { runs: 4 }) =>
  run({
    distributed_context: {
      problem_type: 'consensus',
      cluster_config: { nodes: 5 },
      consistency_requirement: 'linearizable',
      network_assumptions: { latency_ms: latencyMs },
    },
    verify,
  });

describe('design_protocol: verification scaled to the derived timing', () => {
  it.each([
    [200, [4000, 8000]],
    [1000, [20_000, 40_000]],
  ])('should measure real failovers at latency %i ms (timeouts %j)', async (latencyMs, timeouts) => {
    const r = await raft(latencyMs);
    const v = r.verification;
    expect(r.configuration.election_timeout_ms).toEqual(timeouts);
    const [min, max] = timeouts as [number, number];
    expect(v).toMatchObject({ simulated: true, verified: true, runs: 4, safety_violations: 0, linearizable: true });
    // Every crash struck a leader and was followed by a new one: one failover sample per counted crash.
    expect(v.faults_injected['crash_leader']).toBe(4);
    expect(v.failover_ms.samples).toBe(4);
    expect(v.failover_ms.p50).toBeGreaterThanOrEqual(min); // nobody campaigns before the minimum timeout
    expect(v.duration_ms).toBeGreaterThanOrEqual(4 * max); // stretched past the 10 s default
    expect(v.notes.join(' ')).toContain('instead of 10 s');
    expect(v.unavailable_fraction).toBeGreaterThan(0); // the failovers cost availability
    expect(r.summary).toContain('Verified by 4 seeded run(s)');
    expect(r.rationale.find((l) => l.startsWith('Failover: predicted'))).toMatch(/measured p50 \d+ ms over 4 crash/);
    for (const s of r.failure_scenarios) expect(s.behavior, s.scenario).not.toMatch(/n\/a|none took over/);
    const crash = r.failure_scenarios.find((s) => s.scenario === 'Leader crash');
    expect(crash?.measured?.failover_ms).toBeGreaterThanOrEqual(min);
  });

  it('should keep the default 10 s runs and crash window on a fast network', async () => {
    const r = await raft(1);
    expect(r.verification.duration_ms).toBe(10_000);
    expect(r.verification.notes).toEqual([]);
    expect(r.verification.failover_ms.p50).toBeGreaterThanOrEqual(150);
  });

  it('should say "not verified" and why when the timeouts do not fit in a simulated run', async () => {
    const r = await raft(3000); // 60-120 s timeouts: a first leader, a crash and a failover need over 600 s
    expect(r.verification).toMatchObject({ simulated: false, verified: false, runs: 0 });
    expect(r.verification.subject).toContain("beyond the simulator's 600 s per run");
    expect(r.summary).toContain('Not verified by simulation');
    expect(r.summary).not.toContain('Verified by');
    for (const s of r.failure_scenarios) expect(s.behavior, s.scenario).not.toMatch(/n\/a/);
  });

  it('should say each scenario could not be measured when even one fault window does not fit', async () => {
    const r = await raft(10_000, { runs: 0 });
    const simulated = r.failure_scenarios.filter((s) => s.simulated);
    expect(simulated).toEqual([]);
    const crash = r.failure_scenarios.find((s) => s.scenario === 'Leader crash');
    expect(crash?.behavior).toMatch(/^Could not be measured: .*beyond the simulator's 600 s per run\.$/);
  });
});

describe('design_protocol: texts that follow the protocol', () => {
  it('should argue Flexible-Paxos quorums by |Q1| + |Q2| > N, not by majorities', async () => {
    const r = await run({
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 5, regions: ['us', 'eu', 'ap'] },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 40 },
      },
      preferences: { optimize_for: 'commit_latency' },
      verify: { runs: 0 },
    });
    const text = r.rationale.join(' ');
    expect(text).toContain('|Q1| + |Q2| = 6 > 5');
    expect(text).not.toContain('majorities');
    const plain = await raft(1, { runs: 0 });
    expect(plain.rationale.join(' ')).toContain('Quorum 3 of 5: any two majorities share a node');
  });

  it("should describe PBFT's clock skew with its doubling view-change timer, not an election range", async () => {
    const r = await run({
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 4 },
        network_assumptions: { byzantine: true },
      },
      verify: { runs: 0 },
    });
    const skew = r.failure_scenarios.find((s) => s.scenario === 'Clock skew between nodes');
    const min = r.configuration.timeout_ms;
    expect(skew?.behavior).toContain(`the ${min} ms view-change timeout (and its doublings: ${2 * min}`);
    expect(skew?.behavior).not.toContain(`${min}-${2 * min} ms`);
  });
});
