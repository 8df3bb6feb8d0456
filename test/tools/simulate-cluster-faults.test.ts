import { describe, expect, it } from 'vitest';
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
