/**
 * The reproduction must say what it was built from: a run on default timings and an invented stall illustrates the
 * failure, it does not reproduce the caller's cluster, and a figure inferred from another measurement (commit
 * latency taken as a link stall) is not a measurement of what the run injects.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { SILENT_CONTEXT } from '../../src/tools/define-tool.js';
import { inputSchema as simulateInput, runSimulateCluster } from '../../src/tools/simulate-cluster.js';
import { inputSchema, outputSchema, runTroubleshoot } from '../../src/tools/troubleshoot.js';

const run = (args: Record<string, unknown>) => runTroubleshoot(inputSchema.parse(args), SILENT_CONTEXT);
const FLAPPING = DEMO_CASES.find((c) => c.tool === 'troubleshoot')?.args ?? {};

describe('troubleshoot reproduction: measured, configured and assumed figures', () => {
  it('should call a run built from nothing but defaults illustrative, never "as configured" or a reproduction', async () => {
    const result = await run({ symptom: 'flapping', reproduce: true });
    expect(outputSchema.safeParse(result).success).toBe(true);
    const r = result.reproduction;
    expect(r).toMatchObject({ status: 'ran', verdict: 'illustrative', outcome: 'reproduced_and_fixed' });
    expect(r?.derived_from).toEqual([]);
    expect(r?.sources?.measured).toEqual([]);
    expect(r?.sources?.configured).toEqual([]);
    const decisive = r?.sources?.assumed.filter((a) => a.decisive).map((a) => [a.figure, a.kind]);
    expect(decisive).toEqual([
      ['election timeout', 'default'],
      ['link stall', 'default'],
    ]);
    expect(r?.as_configured?.label).toMatch(/^with default settings \(none configured\): election timeout 150-300 ms/);
    expect(result.summary).toContain(
      'Simulation: Illustrative only, not a reproduction of this cluster: the outcome hinges on assumed figures (election timeout 150-300 ms',
    );
    expect(result.summary).toContain('with default settings (none configured), 0 with the fix');
    expect(result.summary).toContain('Measured: none; configured: none; also assumed:');
    expect(result.summary).not.toContain('as configured');
  });

  it('should mark a link stall taken from commit latency as inferred, and the run illustrative', async () => {
    const result = await run({
      symptom: 'the leader keeps changing',
      cluster_config: { nodes: 5, election_timeout_min_ms: 150, election_timeout_max_ms: 300, heartbeat_ms: 50 },
      metrics: {
        leader_elections_total: { success: 40 },
        consensus_latency_seconds: { p50: 0.02, p99: 0.16 },
        rtt_ms: 18,
      },
      reproduce: true,
    });
    const r = result.reproduction;
    expect(r?.verdict).toBe('illustrative');
    expect(r?.sources?.assumed.find((a) => a.figure === 'link stall')).toEqual({
      figure: 'link stall',
      value:
        '160 ms, inferred from metrics.consensus_latency_seconds (the p99 commit latency, which also counts fsync and queueing)',
      kind: 'inferred',
      decisive: true,
      replace_with: 'metrics.rtt_p99_ms',
    });
    expect(r?.sources?.configured).toEqual([
      'cluster_config.election_timeout_min_ms',
      'cluster_config.election_timeout_max_ms',
      'cluster_config.heartbeat_ms',
    ]);
    expect(result.summary).toContain('To make it a reproduction, give metrics.rtt_p99_ms.');
  });

  it('should give the outcome as the verdict when every figure it hinges on was measured or configured', async () => {
    const result = await run({ ...FLAPPING, reproduce: true, seed: 1 });
    const r = result.reproduction;
    expect(r?.verdict).toBe('reproduced_and_fixed');
    expect(r?.outcome).toBe('reproduced_and_fixed');
    expect(r?.sources?.assumed.some((a) => a.decisive)).toBe(false);
    expect(r?.sources?.measured).toEqual(['metrics.rtt_ms', 'metrics.rtt_p99_ms']);
    expect(r?.description).toContain('stall by +180 ms (from metrics.rtt_p99_ms)');
    // PreVote and CheckQuorum were not given: the side is "as configured" with those two named as assumed.
    expect(r?.as_configured?.label).toMatch(/^as configured \(assumed: PreVote off, CheckQuorum off\): /);
    expect(result.summary).toMatch(
      /Simulation: Reproduced, and the fix removes it\. leader changes: \d+ as configured/,
    );
    expect(result.summary).toContain('Measured: metrics.rtt_ms, metrics.rtt_p99_ms; configured: cluster_config.');
  });

  it('should not borrow a larger commit latency as the link stall when the round trip was measured, and say so', async () => {
    const result = await run({
      ...FLAPPING,
      metrics: {
        ...(FLAPPING['metrics'] as object),
        rtt_ms: 18,
        rtt_p99_ms: 45,
        consensus_latency_seconds: { p99: 0.16 },
      },
      reproduce: true,
    });
    const r = result.reproduction;
    expect(r?.verdict).toBe('not_reproduced');
    expect(r?.description).toContain('stall by +45 ms (from metrics.rtt_p99_ms)');
    expect(r?.note).toContain(
      'metrics.consensus_latency_seconds shows 160 ms, more than the 45 ms measured by metrics.rtt_p99_ms: something besides the network stalls',
    );
  });

  it('should reproduce reads served by a cut-off leader, and the linearizability checker should agree on both sides', async () => {
    const result = await run({
      symptom: 'reads return old values after the network blip',
      cluster_config: {
        nodes: 3,
        read_from: 'any_replica',
        check_quorum: false,
        pre_vote: true,
        election_timeout_min_ms: 150,
        election_timeout_max_ms: 300,
        heartbeat_ms: 50,
      },
      events: [
        { event: 'leader_elected', node_id: 'node-1', term: 2, timestamp: '2025-01-10T12:00:00Z' },
        { event: 'leader_elected', node_id: 'node-3', term: 3, timestamp: '2025-01-10T12:00:02Z' },
        { event: 'log_replicated', node_id: 'node-1', term: 2, timestamp: '2025-01-10T12:00:03Z' },
      ],
      answers: { reads_return_old_values: true },
      reproduce: true,
      seed: 2,
    });
    expect(outputSchema.safeParse(result).success).toBe(true);
    const r = result.reproduction;
    expect(r).toMatchObject({ status: 'ran', scenario: 'deposed_leader_reads', verdict: 'reproduced_and_fixed' });
    expect(r?.measured?.figure).toBe('stale reads');
    expect(r?.as_configured?.stale_reads).toBeGreaterThan(0);
    expect(r?.with_fix?.stale_reads).toBe(0);
    expect(result.summary).toMatch(
      /Simulation: Reproduced: the cut-off leader answered reads .* stale reads: \d+ of \d+ reads as configured/,
    );
    // Re-run each side as simulate_cluster does, with its linearizability checker: it must see what the witness saw.
    const sides = r?.simulate_cluster_args;
    expect(sides?.as_configured).toMatchObject({ read_mode: 'any_local', reads_per_second: 50 });
    const configured = await runSimulateCluster(simulateInput.parse(sides?.as_configured), SILENT_CONTEXT);
    const fixed = await runSimulateCluster(simulateInput.parse(sides?.with_fix), SILENT_CONTEXT);
    expect(configured.events_processed).toBe(r?.as_configured?.events_processed);
    expect(configured.linearizable).toBe(false);
    expect(fixed.events_processed).toBe(r?.with_fix?.events_processed);
    expect(fixed.linearizable).toBe(true);
  });
});
