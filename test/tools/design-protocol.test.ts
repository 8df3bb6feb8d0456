/**
 * design_protocol end to end through runDesignProtocol: the seed's examples, a design per problem type, the failure
 * scenarios computed for the cluster, verification figures, determinism, progress and cancellation, bad input.
 */
import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool, type ToolContext } from '../../src/tools/define-tool.js';
import { designProtocolTool, inputSchema, outputSchema, runDesignProtocol } from '../../src/tools/design-protocol.js';

const run = (args: Record<string, unknown>, ctx: ToolContext = SILENT_CONTEXT) =>
  runDesignProtocol(inputSchema.parse(args), ctx);

/** Fewer, shorter verification runs keep the suite fast; the defaults are measured in bench/design.bench.ts. */
const QUICK = { runs: 4, duration_ms: 5000 };

const context = (overrides: Record<string, unknown>) => ({
  distributed_context: { problem_type: 'consensus', ...overrides },
  verify: QUICK,
});

describe('design_protocol: the seed examples', () => {
  it('should design Raft with a quorum of 3 for 5 nodes, f = 2, linearizable, and verify it', async () => {
    const r = await run(
      context({ cluster_config: { nodes: 5, failure_tolerance: 2 }, consistency_requirement: 'linearizable' }),
    );
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.protocol.name).toBe('Raft');
    expect(r.configuration.quorum_size).toBe(3);
    expect(r.configuration.election_timeout_ms).toEqual([150, 300]);
    expect(r.configuration.heartbeat_ms).toBeLessThan(150);
    expect(r.configuration.pre_vote && r.configuration.check_quorum).toBe(true);
    expect(r.verification).toMatchObject({ simulated: true, runs: 4, safety_violations: 0, linearizable: true });
    expect(r.verification.failover_ms.samples).toBe(4); // a leader crash in every run
    expect(r.verification.failover_ms.p50).toBeGreaterThan(150); // at least the minimum election timeout
    expect(r.verification.failover_ms.p99).toBeLessThan(1000);
    expect(r.verification.faults_injected['crash_leader']).toBe(4);
  });

  it('should design PBFT with a quorum of 3 for 4 byzantine-prone nodes, f = 1', async () => {
    const r = await run(
      context({
        cluster_config: { nodes: 4, failure_tolerance: 1 },
        consistency_requirement: 'linearizable',
        network_assumptions: { byzantine: true },
      }),
    );
    expect(r.protocol.name).toBe('PBFT');
    expect(r.configuration).toMatchObject({ quorum_size: 3, reply_quorum: 2, voters: 4 });
    expect(r.verification.safety_violations).toBe(0);
    expect(Object.keys(r.verification.faults_injected)).toEqual(
      expect.arrayContaining(['byzantine_silent', 'byzantine_equivocate', 'byzantine_wrong_replies']),
    );
    const names = r.failure_scenarios.map((s) => s.scenario);
    expect(names).toEqual(expect.arrayContaining(['Byzantine primary (silent)', 'Byzantine primary (equivocating)']));
    const beyond = r.failure_scenarios.find((s) => s.scenario.startsWith('f + 1'));
    expect(beyond?.measured?.safety_held).toBe(false); // the simulation shows why 3f + 1
  });

  it('should size a forced PBFT group 3f + 1 on a crash-fault cluster (found by the protocol fuzzer)', async () => {
    const r = await run({
      distributed_context: { problem_type: 'replication', cluster_config: { nodes: 4 }, consistency_requirement: 'causal' },
      preferences: { protocol: 'pbft' },
      verify: { runs: 1, duration_ms: 2000 },
    });
    expect(r.protocol.name).toBe('PBFT');
    expect(r.configuration).toMatchObject({ voters: 4, quorum_size: 3 });
  });

  it('should refuse 5 nodes with f = 3, naming 2f+1 and the fix', async () => {
    const outcome = await callTool(
      designProtocolTool,
      { distributed_context: { problem_type: 'consensus', cluster_config: { nodes: 5, failure_tolerance: 3 } } },
      SILENT_CONTEXT,
    );
    expect(outcome.ok).toBe(false);
    const message = outcome.ok ? '' : outcome.message;
    expect(message).toContain('2f+1');
    expect(message).toContain('distributed_context.cluster_config.failure_tolerance');
    expect(message).toContain('use at least 7 nodes');
  });

  it('should refuse 4 byzantine nodes with f = 2, naming 3f+1', async () => {
    const outcome = await callTool(
      designProtocolTool,
      context({ cluster_config: { nodes: 4, failure_tolerance: 2 }, network_assumptions: { byzantine: true } }),
      SILENT_CONTEXT,
    );
    expect(outcome.ok ? '' : outcome.message).toContain('3f+1');
  });
});

describe('design_protocol: a real design for every problem type', () => {
  it('should give leaderless quorums with vector clocks for causal replication, verified by convergence runs', async () => {
    const r = await run(
      context({
        problem_type: 'replication',
        cluster_config: { nodes: 6, regions: ['us', 'eu', 'ap'] },
        consistency_requirement: 'causal',
      }),
    );
    expect(r.design).toBe('leaderless_quorum');
    expect(r.configuration).toMatchObject({
      replication_factor: 3,
      write_quorum: 2,
      read_quorum: 2,
      crdt_type: 'mv_register',
    });
    expect(r.verification.figures['runs_converged']).toBe(4);
    expect(r.verification.linearizable).toBeNull();
  });

  it('should shard with consistent hashing and Raft groups, and measure the keys that move', async () => {
    const r = await run(
      context({ problem_type: 'partitioning', cluster_config: { nodes: 12 }, consistency_requirement: 'linearizable' }),
    );
    expect(r.design).toBe('sharded_consensus');
    expect(r.configuration).toMatchObject({ partition_scheme: 'consistent_hashing', group_size: 3, groups: 4 });
    const moved = r.verification.figures['keys_moved_fraction'] as number;
    expect(moved).toBeGreaterThan(0.03); // about 1/13 of the keys move when a 13th node joins
    expect(moved).toBeLessThan(0.13);
    expect(r.failure_scenarios.some((s) => s.scenario.startsWith('Membership change'))).toBe(true);
  });

  it('should run two-phase commit over consensus groups with a transaction latency from the measured commits', async () => {
    const r = await run(context({ problem_type: 'transaction', cluster_config: { nodes: 9 } }));
    expect(r.design).toBe('two_phase_commit');
    expect(r.configuration.read_path).toBe('read_index');
    const p50 = r.verification.figures['transaction_2_groups_latency_p50_ms'] as number;
    expect(p50).toBeGreaterThan(r.verification.commit_latency_ms.p50 as number);
    expect(r.failure_scenarios.map((s) => s.scenario)).toContain('Coordinator crash between prepare and commit');
  });

  it('should resolve conflicts with a last-writer-wins register on HLC for eventual consistency', async () => {
    const r = await run(context({ problem_type: 'conflict_resolution', cluster_config: { nodes: 5 } }));
    expect(r.design).toBe('crdt');
    expect(r.configuration.crdt_type).toBe('lww_register');
    expect(r.failure_scenarios.find((s) => s.scenario === 'Clock skew')?.behavior).toContain('skewed');
  });

  it('should choose Multi-Paxos with in-region Flexible-Paxos quorums when commit latency comes first', async () => {
    const r = await run({
      ...context({
        cluster_config: { nodes: 5, regions: ['us', 'eu', 'ap'] },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 40 },
      }),
      preferences: { optimize_for: 'commit_latency' },
    });
    expect(r.design).toBe('multi_paxos');
    expect(r.configuration).toMatchObject({ phase1_quorum: 4, phase2_quorum: 2, quorum_size: 2 });
    expect(r.configuration.election_timeout_ms).toEqual([800, 1600]); // 10 x an 80 ms cross-region broadcast
    expect(r.verification.commit_latency_ms.p50).toBeLessThan(20); // commits stay inside the leader's region
    const leaderRegion = r.failure_scenarios.find((s) => s.behavior.includes('cannot elect another'));
    expect(leaderRegion?.measured?.unavailable_ms).toBeGreaterThan(2500); // the price: that region's loss stops writes
  });
});

describe('design_protocol: failure scenarios and timing', () => {
  it('should compute every scenario for this cluster, including the loss of each region', async () => {
    const r = await run(
      context({
        cluster_config: { nodes: 5, regions: ['a', 'b', 'c'] },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 20 },
      }),
    );
    const names = r.failure_scenarios.map((s) => s.scenario);
    for (const expected of [
      'Leader crash',
      'Minority partition',
      'Leader isolated',
      'Partition leaving no side',
      'Loss of region a',
      'Loss of region b',
      'Loss of region c',
      'Slow node',
      'Clock skew',
    ]) {
      expect(
        names.some((n) => n.startsWith(expected)),
        expected,
      ).toBe(true);
    }
    const noQuorum = r.failure_scenarios.find((s) => s.scenario.startsWith('Partition leaving no side'));
    expect(noQuorum?.measured?.unavailable_ms).toBeGreaterThan(2900);
    expect(r.failure_scenarios.filter((s) => s.simulated).every((s) => s.measured?.safety_held)).toBe(true);
    expect(r.rationale.join(' ')).toContain('broadcast');
  });

  it('should warn when partitions come too often for the election timeout to be << MTBF', async () => {
    const r = await run(
      context({ cluster_config: { nodes: 5 }, network_assumptions: { latency_ms: 50, partition_probability: 0.5 } }),
    );
    expect(r.warnings.join(' ')).toContain('not << MTBF');
  });

  it('should design a large cluster as a small voting group plus learners, and say when it cannot simulate', async () => {
    const r = await run(context({ cluster_config: { nodes: 100 }, consistency_requirement: 'linearizable' }));
    expect(r.configuration).toMatchObject({ voters: 5, learners: 95 });
    const huge = await run(
      context({ cluster_config: { nodes: 100, failure_tolerance: 20 }, network_assumptions: { byzantine: true } }),
    );
    expect(huge.verification.simulated).toBe(false);
    expect(huge.verification.subject).toContain('exceeds');
    expect(huge.warnings.join(' ')).toContain('derived, not verified');
  });
});

describe('design_protocol: determinism, bounds, progress', () => {
  const ARGS = context({
    cluster_config: { nodes: 3 },
    consistency_requirement: 'linearizable',
    network_assumptions: { partition_probability: 0.05 },
  });

  it('should answer the same input and seed byte for byte, and another seed differently', async () => {
    const a = JSON.stringify(await run(ARGS));
    expect(JSON.stringify(await run(ARGS))).toBe(a);
    expect(JSON.stringify(await run({ ...ARGS, verify: { ...QUICK, seed: 2 } }))).not.toBe(a);
  });

  it('should keep the default result well under 25 000 tokens', async () => {
    const r = await run({
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 7, regions: ['a', 'b', 'c', 'd', 'e'] },
      },
      verify: { runs: 1 },
    });
    expect(JSON.stringify(r).length).toBeLessThan(40_000);
  });

  it('should report progress and stop when cancelled', async () => {
    const reports: number[] = [];
    const controller = new AbortController();
    const ctx: ToolContext = {
      signal: controller.signal,
      progress: (done) => {
        reports.push(done);
        controller.abort();
        return Promise.resolve();
      },
    };
    const heavy = {
      distributed_context: { problem_type: 'consensus', cluster_config: { nodes: 7 } },
      verify: { runs: 200, duration_ms: 60_000 },
    };
    await expect(run(heavy, ctx)).rejects.toMatchObject({ name: 'AbortError' });
    expect(reports.length).toBeGreaterThan(0);
  });

  it('should reject unknown fields and out-of-range numbers at the schema', () => {
    expect(
      inputSchema.safeParse({ distributed_context: { problem_type: 'consensus', cluster_config: { nodes: 0 } } })
        .success,
    ).toBe(false);
    expect(
      inputSchema.safeParse({
        distributed_context: { problem_type: 'consensus', cluster_config: { nodes: 5 } },
        extra: 1,
      }).success,
    ).toBe(false);
    expect(
      inputSchema.safeParse({ distributed_context: { problem_type: 'gossip', cluster_config: { nodes: 5 } } }).success,
    ).toBe(false);
  });
});
