import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool, type ToolContext } from '../../src/tools/define-tool.js';
import {
  inputSchema,
  outputSchema,
  runSimulateCluster,
  simulateClusterTool,
} from '../../src/tools/simulate-cluster.js';

const run = (args: Record<string, unknown>, ctx: ToolContext = SILENT_CONTEXT) =>
  runSimulateCluster(inputSchema.parse(args), ctx);

async function errorOf(args: Record<string, unknown>): Promise<string> {
  const outcome = await callTool(simulateClusterTool, args, SILENT_CONTEXT);
  expect(outcome.ok, JSON.stringify(args)).toBe(false);
  return outcome.ok ? '' : outcome.message;
}

const WHAT_IF = {
  nodes: 5,
  duration_ms: 8000,
  writes_per_second: 200,
  reads_per_second: 50,
  regions: [
    { name: 'us-east', nodes: 2 },
    { name: 'us-west', nodes: 2 },
    { name: 'eu-west', nodes: 1 },
  ],
  faults: [{ at_ms: 2000, action: 'isolate_leader', duration_ms: 3000 }],
  seed: 7,
};

describe('runSimulateCluster', () => {
  it('should answer the same input and seed with byte-identical output, and another seed differently', async () => {
    const a = JSON.stringify(await run(WHAT_IF));
    const b = JSON.stringify(await run(WHAT_IF));
    const c = JSON.stringify(await run({ ...WHAT_IF, seed: 8 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('should report a new leader, safety held, an outage and the partition when the leader is cut off', async () => {
    const r = await run(WHAT_IF);
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.seed).toBe(7);
    expect(r.safe).toBe(true);
    expect(r.invariants.map((i) => i.name)).toEqual([
      'election_safety',
      'leader_append_only',
      'log_matching',
      'leader_completeness',
      'state_machine_safety',
      'exactly_once_apply',
    ]);
    expect(r.leaders_total).toBeGreaterThanOrEqual(2);
    expect(r.leaders[1]?.node).not.toBe(r.leaders[0]?.node);
    expect(r.metrics.partition_events_total).toEqual({ detected: 1, healed: 1 });
    expect(r.unavailable_ms).toBeGreaterThan(150);
    expect(r.clients.ok).toBeGreaterThan(1000);
    expect(r.clients.write_latency_ms.p50).toBeGreaterThan(55); // the quorum needs a cross-region round trip
    expect(r.events.length).toBeLessThanOrEqual(40);
    expect(r.events.map((e) => e.event)).toEqual(expect.arrayContaining(['leader_elected', 'partition_detected']));
    expect(r.summary).toContain('Every safety property held');
    expect(r.linearizable).toBe(true);
    expect(r.linearizability).toMatchObject({ verdict: 'linearizable', keys_checked: 10, failed_keys: [] });
  });

  it('should keep the default result well under 25 000 tokens', async () => {
    const r = await run({
      duration_ms: 60_000,
      writes_per_second: 500,
      random_faults: { crash_rate_per_minute: 2, partition_probability: 0.1 },
    });
    expect(JSON.stringify(r).length).toBeLessThan(40_000);
  });

  it('should find the stale reads of any_local reads not linearizable, with the read that cannot be placed', async () => {
    const stale = {
      nodes: 3,
      duration_ms: 10_000,
      writes_per_second: 200,
      reads_per_second: 400,
      keys: 4,
      faults: [{ at_ms: 2000, action: 'partition', nodes: [3], duration_ms: 5000 }],
      seed: 5,
    };
    const local = await run({ ...stale, read_mode: 'any_local' });
    expect(local.safe).toBe(true); // the log is fine: the reads bypass it
    expect(local.linearizable).toBe(false);
    expect(local.linearizability.failed_keys.length).toBeGreaterThan(0);
    expect(local.linearizability.detail).toMatch(/get "key-\d" -> \d+/);
    expect(local.summary).toContain('NOT linearizable');
    const readIndex = await run({ ...stale, read_mode: 'read_index' });
    expect(readIndex.linearizable).toBe(true);
  });

  it('should say when the event bound stopped the run early', async () => {
    const r = await run({
      duration_ms: 30_000,
      writes_per_second: 10_000,
      check_linearizability: false,
      max_events: 1000,
    });
    expect(r.completed).toBe(false);
    expect(r.bound_hit).toBe('max_events');
    expect(r.summary).toContain('stopped early');
  });

  it('should skip the check when asked', async () => {
    const r = await run({ duration_ms: 1000, check_linearizability: false });
    expect(r.linearizable).toBeNull();
    expect(r.linearizability.verdict).toBe('not_checked');
  });

  it('should expose the metrics as Prometheus text when asked', async () => {
    const r = await run({ duration_ms: 2000, prometheus: true });
    expect(r.metrics_prometheus).toContain('# TYPE consensus_latency_seconds histogram');
    expect(r.metrics_prometheus).toContain('leader_elections_total{result="success"} 1');
  });

  it('should send progress and stop when cancelled', async () => {
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
    const long = { duration_ms: 600_000, writes_per_second: 2000 };
    await expect(run(long, ctx)).rejects.toMatchObject({ name: 'AbortError' });
    expect(reports.length).toBeGreaterThan(0);
  });

  it('should name the field when the input is inconsistent', async () => {
    expect(await errorOf({ nodes: 3, faults: [{ at_ms: 1, action: 'crash', nodes: [4] }] })).toContain(
      'faults.0.nodes',
    );
    expect(await errorOf({ election_timeout_ms: [300, 150] })).toContain('election_timeout_ms');
    expect(
      await errorOf({
        nodes: 5,
        regions: [
          { name: 'a', nodes: 2 },
          { name: 'b', nodes: 2 },
        ],
      }),
    ).toContain('regions');
    expect(await errorOf({ faults: [{ at_ms: 1, action: 'slow_link', nodes: [1] }] })).toContain('faults.0.latency_ms');
    expect(await errorOf({ nodes: 26 })).toContain('nodes');
    expect(await errorOf({ phase1_quorum: 3 })).toContain('phase1_quorum');
  });
});

describe('runSimulateCluster with multi_paxos', () => {
  it('should run Multi-Paxos with its own invariants and a new leader after the cut', async () => {
    const r = await run({ ...WHAT_IF, protocol: 'multi_paxos' });
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.protocol).toBe('multi_paxos');
    expect(r.invariants.map((i) => i.name)).toEqual([
      'single_value_chosen',
      'learned_only_chosen',
      'applied_prefix',
      'state_machine_safety',
      'exactly_once_apply',
    ]);
    expect(r.safe).toBe(true);
    expect(r.leaders_total).toBeGreaterThanOrEqual(2);
    expect(r.messages.by_type['Prepare']).toBeGreaterThan(0);
  });

  it('should refuse Flexible-Paxos quorums that cannot meet, naming |Q1| + |Q2|', async () => {
    const message = await errorOf({ protocol: 'multi_paxos', phase1_quorum: 2, phase2_quorum: 3 });
    expect(message).toContain('phase1_quorum');
    expect(message).toContain('|Q1| + |Q2|');
  });

  it('should run unsafe quorums on request and report the violation as data', async () => {
    const r = await run({
      protocol: 'multi_paxos',
      phase1_quorum: 2,
      phase2_quorum: 2,
      allow_unsafe_quorums: true,
      duration_ms: 10_000,
      writes_per_second: 200,
      latency_ms: 10,
      latency_distribution: 'lognormal',
      loss_probability: 0.01,
      faults: [
        { at_ms: 1000, action: 'isolate_leader', duration_ms: 400 },
        { at_ms: 2000, action: 'isolate_leader', duration_ms: 400 },
        { at_ms: 3000, action: 'crash_leader', duration_ms: 400 },
        { at_ms: 4000, action: 'isolate_leader', duration_ms: 400 },
        { at_ms: 5000, action: 'partition', nodes: [1, 2], duration_ms: 400 },
        { at_ms: 6000, action: 'isolate_leader', duration_ms: 400 },
      ],
    });
    expect(r.safe).toBe(false);
    expect(r.summary).toContain('SAFETY VIOLATED');
  });
});

describe('runSimulateCluster with pbft', () => {
  const PBFT = { protocol: 'pbft', nodes: 4, duration_ms: 5000, writes_per_second: 100, reads_per_second: 50, seed: 3 };

  it('should replace an equivocating primary and keep honest replicas agreeing with f byzantine', async () => {
    const r = await run({ ...PBFT, faults: [{ at_ms: 1000, action: 'byzantine_equivocate' }] });
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.invariants.map((i) => i.name)).toEqual([
      'prepared_agreement',
      'committed_agreement',
      'state_machine_safety',
      'exactly_once_apply',
    ]);
    expect(r.safe).toBe(true);
    expect(r.linearizable).toBe(true);
    expect(r.summary).toContain('within f = 1');
  });

  it('should report the violation as data, and say why, with f + 1 byzantine replicas', async () => {
    const r = await run({ ...PBFT, faults: [{ at_ms: 1000, action: 'byzantine_equivocate', nodes: [1, 2] }] });
    expect(r.safe).toBe(false);
    expect(r.summary).toContain('SAFETY VIOLATED');
    expect(r.summary).toContain('3f + 1');
  });

  it('should refuse equivocation for a crash-fault protocol and PBFT settings for another protocol', async () => {
    expect(await errorOf({ faults: [{ at_ms: 1, action: 'byzantine_equivocate', nodes: [1] }] })).toContain(
      'faults.0.action',
    );
    expect(await errorOf({ batch_size: 4 })).toContain('batch_size');
    expect(await errorOf({ protocol: 'pbft', nodes: 3 })).toContain('3f + 1');
  });
});
