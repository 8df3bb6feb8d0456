import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import { inputSchema, runSimulateCluster, simulateClusterTool } from '../../src/tools/simulate-cluster.js';

const run = (args: Record<string, unknown>) => runSimulateCluster(inputSchema.parse(args), SILENT_CONTEXT);

const placement = (...counts: number[]) => counts.map((nodes, i) => ({ name: `region-${i + 1}`, nodes }));

/** A 15 s run in which the fault strikes at 2 s and lasts 10 s; leaders and outages tell what it did. */
const cutOff = (action: string, regions: ReturnType<typeof placement>) =>
  run({
    seed: 1,
    duration_ms: 15_000,
    regions,
    faults: [{ at_ms: 2000, action, duration_ms: 10_000 }],
    check_linearizability: false,
    trace: 0,
  });

const during = (atMs: number) => atMs > 2000 && atMs < 12_000;

describe('simulate_cluster: replication_lag_seconds follows leadership', () => {
  it('should report lag only for the followers at the end, not for a follower that became leader', async () => {
    const r = await run({
      seed: 1,
      duration_ms: 30_000,
      faults: [{ at_ms: 10_000, action: 'isolate_leader', duration_ms: 5000 }],
    });
    const first = r.leaders[0]?.node;
    const leader = r.final_state.find((s) => s.role === 'leader' && s.up)?.node;
    expect(leader).toBeDefined();
    expect(leader, 'the isolation moved leadership to a former follower').not.toBe(first);
    const followers = r.final_state.filter((s) => s.up && s.node !== leader).map((s) => s.node);
    expect(Object.keys(r.metrics.replication_lag_seconds).sort()).toEqual(followers.sort());
    // The worst lag stays for every node that was ever a follower, the new leader included.
    expect(Object.keys(r.replication_lag_max_seconds)).toContain(leader);
  });
});

describe('simulate_cluster: isolate_leader_region', () => {
  it('should keep the leader when its region holds a majority (3-1-1), where isolate_leader elects anew', async () => {
    const region = await cutOff('isolate_leader_region', placement(3, 1, 1));
    expect(region.faults_applied[0]?.nodes).toEqual(['node-1', 'node-2', 'node-3']);
    expect(
      region.leaders.filter((l) => during(l.elected_at_ms)),
      'no election while cut off',
    ).toEqual([]);
    expect(region.outages.filter((o) => during(o.from_ms))).toEqual([]);

    const leaderOnly = await cutOff('isolate_leader', placement(3, 1, 1));
    expect(leaderOnly.faults_applied[0]?.nodes).toEqual(['node-1']);
    const next = leaderOnly.leaders.find((l) => during(l.elected_at_ms));
    expect(next?.node, 'a region peer of the old leader takes over').toMatch(/^node-[23]$/);
  });

  it('should move leadership out of the region when it is a minority (2-2-1)', async () => {
    const r = await cutOff('isolate_leader_region', placement(2, 2, 1));
    const cut = r.faults_applied[0]?.nodes ?? [];
    expect(cut).toEqual(['node-1', 'node-2']);
    const next = r.leaders.find((l) => during(l.elected_at_ms));
    expect(next).toBeDefined();
    expect(cut).not.toContain(next?.node);
    expect(next?.elected_at_ms).toBeLessThan(3000);
  });

  it('should refuse isolate_leader_region without regions, naming the fault', async () => {
    const outcome = await callTool(
      simulateClusterTool,
      { faults: [{ at_ms: 1000, action: 'isolate_leader_region' }] },
      SILENT_CONTEXT,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.message).toContain('faults.0.action');
  });
});

describe('simulate_cluster: each protocol in its own words', () => {
  it('should speak of views and primaries for PBFT, not elections', async () => {
    const r = await run({ protocol: 'pbft', nodes: 4, random_faults: { crash_rate_per_minute: 6 }, trace: 0 });
    expect(r.leaders_total).toBeGreaterThan(1);
    expect(r.summary).toMatch(/\d+ view\(s\) with a primary installed \(\d+ by view change; \d+ view change\(s\)/);
    expect(r.summary).not.toMatch(/leader\(s\) elected|split vote|election/);
  });

  it('should cite each protocol source for state machine safety', async () => {
    const rule = async (protocol: string) =>
      (await run({ protocol, nodes: 4, duration_ms: 500, trace: 0 })).invariants.find(
        (i) => i.name === 'state_machine_safety',
      )?.rule;
    expect(await rule('raft')).toMatch(/^Raft §5\.4\.3/);
    expect(await rule('multi_paxos')).toMatch(/^Paxos Made Simple/);
    expect(await rule('pbft')).toMatch(/^PBFT .*§4\.2/);
  });

  it('should warn, naming heartbeat_ms, when heartbeats are not below the election timeout (leaders churn)', async () => {
    const slow = await run({ heartbeat_ms: 400, writes_per_second: 0, check_linearizability: false, trace: 0 });
    expect(slow.warnings).toHaveLength(1);
    expect(slow.warnings[0]).toMatch(/heartbeat_ms 400 is not below the shortest election timeout \(150 ms\)/);
    expect(slow.summary).toContain('Warning: heartbeat_ms 400');
    expect(slow.leaders_total, 'the churn the warning describes').toBeGreaterThan(10);
    const usual = await run({ writes_per_second: 0, check_linearizability: false, trace: 0 });
    expect(usual.warnings).toEqual([]);
    expect(usual.leaders_total).toBe(1);
  });
});

describe('simulate_cluster: the error codes clients receive', () => {
  const PRODUCED = ['LEADER_NOT_FOUND', 'QUORUM_UNREACHABLE', 'TIMEOUT'];
  const NEVER = ['INVALID_TERM', 'NETWORK_PARTITION_HEALING', 'PERMANENT_FAILURE'];

  it('should produce only the codes skill/references/simulation.md lists, and count DUPLICATE_REQUEST as ok', async () => {
    const seen = new Set<string>();
    let deduplicated = 0;
    for (const protocol of ['raft', 'multi_paxos', 'pbft'])
      for (const read_mode of ['read_index', 'leader_local']) {
        const r = await run({
          protocol,
          nodes: protocol === 'pbft' ? 4 : 5,
          read_mode,
          duration_ms: 4000,
          writes_per_second: 200,
          reads_per_second: 100,
          client_timeout_ms: 100,
          random_faults: { crash_rate_per_minute: 20, partition_probability: 0.5, mttr_ms: 500 },
          check_linearizability: false,
          trace: 0,
        });
        for (const code of Object.keys(r.clients.errors)) seen.add(code);
        deduplicated += r.clients.deduplicated;
      }
    expect([...seen].sort()).toEqual(PRODUCED);
    expect(deduplicated, 'retries answered DUPLICATE_REQUEST completed as ok').toBeGreaterThan(0);
    const doc = readFileSync('skill/references/simulation.md', 'utf8');
    const produced = doc.slice(doc.indexOf('Codes the simulated nodes actually send'));
    const never = produced.slice(produced.indexOf('never produced'));
    for (const code of PRODUCED) expect(produced.indexOf(code)).toBeLessThan(produced.indexOf('never produced'));
    for (const code of NEVER) expect(never).toContain(`\`${code}\``);
  });
});

describe('simulate_cluster: read_mode any_local reads each client its own replica', () => {
  it('should serve stale reads from lagging followers with no fault at all, which read_index never does', async () => {
    const verdicts = async (readMode: string) => {
      const out: (boolean | null)[] = [];
      for (const seed of [1, 2, 3]) {
        const r = await run({
          seed,
          read_mode: readMode,
          duration_ms: 5000,
          writes_per_second: 200,
          reads_per_second: 200,
          keys: 3,
          trace: 0,
        });
        out.push(r.linearizable);
      }
      return out;
    };
    // Before reads went to each client's replica they went to the leader like writes, and these runs had no stale read.
    expect(await verdicts('any_local')).toContain(false);
    expect(await verdicts('read_index')).not.toContain(false);
  });
});
