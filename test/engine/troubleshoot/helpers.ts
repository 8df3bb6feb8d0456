/** Builders shared by the troubleshooting tests. */
import { troubleshoot, type Diagnosis } from '../../../src/engine/troubleshoot/diagnose.js';
import { planReproduction, type ReproductionPlan } from '../../../src/engine/troubleshoot/reproduce-plan.js';
import { startReproduction, type ReproductionResult } from '../../../src/engine/troubleshoot/reproduce.js';
import type { LogRecord, Metrics, TroubleshootInput } from '../../../src/engine/troubleshoot/types.js';

export function ts(ms: number): string {
  return new Date(Date.UTC(2025, 0, 10, 12) + ms).toISOString();
}

export function elected(node: string, term: number, atMs: number): LogRecord {
  return { level: 'INFO', event: 'leader_elected', node_id: node, term, timestamp: ts(atMs), context: {} };
}

export function metrics(m: Omit<Metrics, 'window_seconds'> & { window_seconds?: number }): Metrics {
  return { window_seconds: 3600, ...m };
}

/** Runs the whole pipeline with every issue listed, and returns the diagnosis of `issue` (undefined if not listed). */
export function diagnosisOf(input: Partial<TroubleshootInput>, issue: Diagnosis['issue']): Diagnosis | undefined {
  return troubleshoot({ symptom: '', ...input }, 12).diagnoses.find((d) => d.issue === issue);
}

/** Like `diagnosisOf` but the issue is named, so it is always listed and the evidence decides its status. */
export function judged(input: Partial<TroubleshootInput>, issue: Diagnosis['issue']): Diagnosis {
  const d = diagnosisOf({ ...input, issue }, issue);
  if (!d) throw new Error(`${issue} not listed although named`);
  return d;
}

/** The largest input the tool's schema allows in every dimension: for the output-size test and the benchmark. */
export function largestInput(): TroubleshootInput {
  return {
    symptom:
      'split brain, flapping, stale reads, lag growing, hot shard, retry storm, lost writes, clock skew, deadlock, no quorum, latency spikes, replicas disagree '
        .repeat(20)
        .slice(0, 2000),
    cluster_config: {
      nodes: 4,
      quorum_size: 2,
      read_quorum: 1,
      write_quorum: 1,
      election_timeout_min_ms: 100,
      election_timeout_max_ms: 100,
      heartbeat_ms: 90,
    },
    metrics: {
      window_seconds: 3600,
      replication_lag_seconds: Array.from({ length: 64 }, (_, i) => ({
        follower_id: `f${i}`,
        samples: Array.from({ length: 120 }, (_, j) => j * 0.1),
      })),
      partition_load: Array.from({ length: 256 }, (_, i) => ({
        partition: `p${i}`,
        ops_per_second: i === 255 ? 1e6 : 10,
      })),
      leader_elections_total: { success: 900, split_vote: 800 },
    },
    events: Array.from({ length: 500 }, (_, i) => ({
      event: i % 7 === 0 ? ('leader_elected' as const) : ('commit_applied' as const),
      node_id: `n${i % 5}`,
      term: Math.floor(i / 7),
      timestamp: ts(i * 37),
      context: { index: i % 50, value: `v${i}` },
    })),
  };
}

/** Runs a reproduction plan to the end. */
export function runPlan(plan: ReproductionPlan): ReproductionResult {
  const job = startReproduction(plan);
  while (!job.advance(50_000));
  return job.result();
}

/** Diagnoses the input, plans the reproduction of its leading diagnosis with that seed, and runs it. */
export function reproduce(
  input: TroubleshootInput,
  seed: number,
): { plan: ReproductionPlan; result: ReproductionResult } {
  const report = troubleshoot(input);
  const outcome = planReproduction(input, report.facts, report.diagnoses, seed);
  if (outcome.kind !== 'plan') throw new Error(`no plan: ${outcome.reason}`);
  return { plan: outcome.plan, result: runPlan(outcome.plan) };
}
