/**
 * Questions that narrow a vague symptom down, each naming the input its answer fills and the issues it tells
 * apart. Which ones are asked is computed: those whose input is still missing, ranked by how many of the
 * remaining candidates they separate.
 */
import type { IssueId, TroubleshootInput } from './types.js';

export interface NarrowingQuestion {
  readonly question: string;
  /** The input the answer fills. */
  readonly input: string;
  readonly distinguishes: readonly IssueId[];
}

export const QUESTIONS: readonly NarrowingQuestion[] = [
  {
    question: 'How many leader elections happened in the last hour, by result (success, timeout, split_vote)?',
    input: 'metrics.leader_elections_total',
    distinguishes: [
      'leader_flapping',
      'quorum_loss',
      'commit_latency_spikes',
      'split_brain',
      'lost_writes_after_failover',
      'retry_storm',
    ],
  },
  {
    question:
      'Can you paste the leader_elected, partition_detected and commit_applied log records around the incident?',
    input: 'events',
    distinguishes: [
      'split_brain',
      'leader_flapping',
      'data_divergence',
      'lost_writes_after_failover',
      'quorum_loss',
      'clock_skew',
    ],
  },
  {
    question: 'What are the consensus latency p50 and p99 now, and what is p99 on a normal day?',
    input: 'metrics.consensus_latency_seconds',
    distinguishes: ['commit_latency_spikes', 'leader_flapping', 'retry_storm', 'hot_partition'],
  },
  {
    question: 'What is replication_lag_seconds per follower over the last few minutes (a short series)?',
    input: 'metrics.replication_lag_seconds',
    distinguishes: ['replication_lag_growth', 'stale_reads', 'lost_writes_after_failover'],
  },
  {
    question: 'How many nodes are up and able to reach each other right now?',
    input: 'metrics.nodes_up',
    distinguishes: ['quorum_loss', 'split_brain', 'leader_flapping'],
  },
  {
    question: 'Do reads return values older than a write that already succeeded?',
    input: 'answers.reads_return_old_values',
    distinguishes: ['stale_reads', 'data_divergence', 'lost_writes_after_failover'],
  },
  {
    question: 'Are acknowledged writes missing, and did a failover happen just before?',
    input: 'answers.acknowledged_writes_missing',
    distinguishes: ['lost_writes_after_failover', 'data_divergence', 'stale_reads'],
  },
  {
    question: 'What are the election timeout range, heartbeat interval and p99 round trip between nodes?',
    input: 'cluster_config.election_timeout_min_ms',
    distinguishes: ['leader_flapping', 'commit_latency_spikes'],
  },
  {
    question: 'How many retries per second do clients send compared with first attempts?',
    input: 'metrics.retries_per_second',
    distinguishes: ['retry_storm', 'commit_latency_spikes', 'hot_partition'],
  },
  {
    question: 'How is load spread over partitions (ops/s per partition)?',
    input: 'metrics.partition_load',
    distinguishes: ['hot_partition', 'commit_latency_spikes', 'retry_storm'],
  },
  {
    question: 'What is the largest clock offset between nodes, and what bound does the system assume?',
    input: 'metrics.clock_skew_ms',
    distinguishes: ['clock_skew', 'stale_reads', 'lost_writes_after_failover'],
  },
  {
    question: 'Do requests wait on locks (deadlocks detected, lock wait p99)?',
    input: 'metrics.deadlocks_total',
    distinguishes: ['deadlock', 'commit_latency_spikes'],
  },
];

/** Whether the caller gave the input at `path` (a dotted path into the input; arrays count when non-empty). */
export function hasInput(input: TroubleshootInput, path: string): boolean {
  let node: unknown = input;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[key];
  }
  if (Array.isArray(node)) return node.length > 0;
  return node !== undefined;
}

/** Unanswered questions that separate the candidates, the most discriminating first. */
export function narrowingQuestions(
  input: TroubleshootInput,
  candidates: readonly IssueId[],
  limit: number,
): NarrowingQuestion[] {
  const pool = candidates.length > 0 ? new Set(candidates) : undefined;
  return QUESTIONS.map((q, order) => ({
    q,
    order,
    hits: pool ? q.distinguishes.filter((i) => pool.has(i)).length : q.distinguishes.length,
  }))
    .filter((x) => x.hits > 0 && !hasInput(input, x.q.input))
    .sort((a, b) => b.hits - a.hits || a.order - b.order)
    .slice(0, limit)
    .map((x) => x.q);
}
