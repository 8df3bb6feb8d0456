/**
 * The troubleshooter fed with what the simulator observes: simulate_cluster's trace (seed log schema) and metrics
 * (seed names), with no symptom text at all. The evidence alone must name leader flapping for the configuration
 * that flaps, and not for the fixed one.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { SILENT_CONTEXT } from '../../src/tools/define-tool.js';
import { inputSchema as simulateInput, runSimulateCluster } from '../../src/tools/simulate-cluster.js';
import { inputSchema, runTroubleshoot } from '../../src/tools/troubleshoot.js';

const BUCKETS = ['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '+Inf'];

describe('troubleshoot on a simulated incident', () => {
  it('should diagnose flapping from the simulated trace and metrics alone, and not once the fix is applied', async () => {
    const demo = DEMO_CASES.find((c) => c.tool === 'troubleshoot');
    const planned = await runTroubleshoot(inputSchema.parse({ ...demo?.args, reproduce: true }), SILENT_CONTEXT);
    const sides = planned.reproduction?.simulate_cluster_args;
    expect(sides).toBeDefined();
    const diagnose = async (args: Record<string, unknown>) => {
      const sim = await runSimulateCluster(simulateInput.parse({ ...args, trace: 500 }), SILENT_CONTEXT);
      const buckets = sim.metrics.consensus_latency_seconds.write.buckets;
      return runTroubleshoot(
        inputSchema.parse({
          events: sim.events,
          metrics: {
            window_seconds: 60,
            leader_elections_total: sim.metrics.leader_elections_total,
            partition_events_total: sim.metrics.partition_events_total,
            consensus_latency_seconds: { bucket_counts: BUCKETS.map((le) => buckets[le] ?? 0) },
          },
        }),
        SILENT_CONTEXT,
      );
    };
    const flapping = await diagnose(sides?.as_configured ?? {});
    const fixed = await diagnose(sides?.with_fix ?? {});
    expect(flapping.diagnoses[0]?.issue).toBe('leader_flapping');
    expect(flapping.diagnoses[0]?.status).toBe('likely');
    expect(flapping.diagnoses[0]?.evidence.supporting.map((s) => s.input)).toContain('metrics.leader_elections_total');
    expect(fixed.diagnoses.find((d) => d.issue === 'leader_flapping')).toBeUndefined();
  });
});
