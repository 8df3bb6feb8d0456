/**
 * What the troubleshooter reads. Field names are snake_case on purpose: they are the tool's input names and the
 * seed's metric names, and every piece of evidence cites the input it came from (`metrics.partition_events_total`),
 * so keeping one spelling from the caller to the citation avoids a mapping table that could drift.
 */
import { REPLICATION_MODES } from '../replication/types.js';

export const ISSUE_IDS = [
  'split_brain',
  'leader_flapping',
  'stale_reads',
  'deadlock',
  'data_divergence',
  'commit_latency_spikes',
  'replication_lag_growth',
  'clock_skew',
  'hot_partition',
  'retry_storm',
  'lost_writes_after_failover',
  'quorum_loss',
] as const;

export type IssueId = (typeof ISSUE_IDS)[number];

export const PROTOCOLS = ['raft', 'multi_paxos', 'zab', 'pbft', 'primary_backup', 'leaderless'] as const;
export const READ_PATHS = ['leader', 'leader_lease', 'followers', 'any_replica'] as const;
// One list of replication modes for the whole engine: the replication simulator owns it.
export { REPLICATION_MODES };
export const CONFLICT_STRATEGIES = ['none', 'lww', 'vector_clocks', 'crdt', 'single_writer'] as const;
export const PARTITIONING_SCHEMES = ['hash', 'range', 'directory'] as const;
export const LOG_EVENTS = [
  'election_started',
  'leader_elected',
  'log_replicated',
  'commit_applied',
  'partition_detected',
  'partition_healed',
  'conflict_resolved',
] as const;

export type LogEventName = (typeof LOG_EVENTS)[number];

export interface ClusterConfig {
  readonly protocol?: (typeof PROTOCOLS)[number] | undefined;
  readonly nodes?: number | undefined;
  readonly byzantine?: boolean | undefined;
  readonly regions?: readonly { readonly name: string; readonly nodes?: number | undefined }[] | undefined;
  /** The quorum the system is configured with (votes or acknowledgements), to check against floor(n/2)+1. */
  readonly quorum_size?: number | undefined;
  readonly read_quorum?: number | undefined;
  readonly write_quorum?: number | undefined;
  readonly election_timeout_min_ms?: number | undefined;
  readonly election_timeout_max_ms?: number | undefined;
  readonly heartbeat_ms?: number | undefined;
  readonly pre_vote?: boolean | undefined;
  readonly check_quorum?: boolean | undefined;
  readonly read_from?: (typeof READ_PATHS)[number] | undefined;
  readonly replication_mode?: (typeof REPLICATION_MODES)[number] | undefined;
  readonly conflict_resolution?: (typeof CONFLICT_STRATEGIES)[number] | undefined;
  /** The clock offset the system assumes (lease margin, LWW tolerance, CockroachDB's max-offset). */
  readonly clock_skew_bound_ms?: number | undefined;
  /** 0 means a lock waiter waits forever. */
  readonly lock_timeout_ms?: number | undefined;
  readonly partitioning?: (typeof PARTITIONING_SCHEMES)[number] | undefined;
  readonly retry_max_attempts?: number | undefined;
  readonly retry_initial_delay_ms?: number | undefined;
  readonly retry_multiplier?: number | undefined;
  readonly retry_jitter?: number | undefined;
  /** Layers of the stack that each retry (client, proxy, service...): attempts multiply across them. */
  readonly retry_layers?: number | undefined;
}

export interface FollowerLag {
  readonly follower_id: string;
  readonly lag_seconds?: number | undefined;
  /** Oldest first, equally spaced over the metrics window. */
  readonly samples?: readonly number[] | undefined;
}

export interface Metrics {
  /** The window the counters' increase covers, in seconds. */
  readonly window_seconds: number;
  readonly leader_elections_total?:
    | {
        readonly success?: number | undefined;
        readonly timeout?: number | undefined;
        readonly split_vote?: number | undefined;
      }
    | undefined;
  readonly replication_lag_seconds?: readonly FollowerLag[] | undefined;
  readonly consensus_latency_seconds?:
    | {
        readonly operation_type?: string | undefined;
        readonly p50?: number | undefined;
        readonly p99?: number | undefined;
        /** Cumulative counts for the seed's buckets le = 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, +Inf. */
        readonly bucket_counts?: readonly number[] | undefined;
        /** p99 in a healthy period, to tell a spike from a steady state. */
        readonly baseline_p99?: number | undefined;
      }
    | undefined;
  readonly partition_events_total?:
    { readonly detected?: number | undefined; readonly healed?: number | undefined } | undefined;
  readonly clock_skew_ms?: number | undefined;
  readonly rtt_ms?: number | undefined;
  readonly rtt_p99_ms?: number | undefined;
  readonly packet_loss_ratio?: number | undefined;
  readonly stale_reads_total?: number | undefined;
  readonly deadlocks_total?: number | undefined;
  readonly lock_wait_p99_seconds?: number | undefined;
  readonly divergent_keys?: number | undefined;
  readonly lost_writes_total?: number | undefined;
  readonly nodes_up?: number | undefined;
  readonly cpu_utilization?: number | undefined;
  readonly gc_pause_max_ms?: number | undefined;
  readonly fsync_p99_ms?: number | undefined;
  readonly write_rate_per_second?: number | undefined;
  readonly apply_rate_per_second?: number | undefined;
  readonly requests_per_second?: number | undefined;
  readonly retries_per_second?: number | undefined;
  readonly partition_load?: readonly { readonly partition: string; readonly ops_per_second: number }[] | undefined;
  readonly hot_key_share?: number | undefined;
}

export type ContextValue = string | number | boolean | readonly string[];

/** A log record in the seed's schema; `node_id` and `term` may also sit in `context`, as in the seed's examples. */
export interface LogRecord {
  readonly level?: string | undefined;
  /** ISO 8601, or epoch seconds / milliseconds / microseconds / nanoseconds as digits or a number. */
  readonly timestamp?: string | number | undefined;
  readonly skill?: string | undefined;
  readonly node_id?: string | undefined;
  readonly term?: number | undefined;
  readonly event: LogEventName;
  readonly context?: Readonly<Record<string, ContextValue>> | undefined;
}

export interface Answers {
  readonly partition_tested?: boolean | undefined;
  readonly fencing?: boolean | undefined;
  readonly idempotency_keys?: boolean | undefined;
  readonly recovery_documented?: boolean | undefined;
  readonly clock_sync?: 'ptp' | 'ntp' | 'none' | undefined;
  readonly consistent_lock_order?: boolean | undefined;
  readonly reads_return_old_values?: boolean | undefined;
  readonly recent_failover?: boolean | undefined;
  readonly acknowledged_writes_missing?: boolean | undefined;
}

export interface TroubleshootInput {
  readonly symptom: string;
  readonly issue?: IssueId | undefined;
  readonly cluster_config?: ClusterConfig | undefined;
  readonly metrics?: Metrics | undefined;
  readonly events?: readonly LogRecord[] | undefined;
  readonly answers?: Answers | undefined;
}

/**
 * One observation from the input, scored for one issue. `weight` is a log-odds contribution: positive supports,
 * negative contradicts. A decisive finding settles the question on its own (a safety violation seen in the logs).
 */
export interface Finding {
  readonly issue: IssueId;
  /** The cause (from the knowledge base) this observation points at, when it singles one out. */
  readonly cause?: string | undefined;
  readonly weight: number;
  readonly decisive?: boolean | undefined;
  readonly safetyViolation?: boolean | undefined;
  /** The input this came from, as the caller spelled it: `metrics.leader_elections_total.split_vote`, `events[3]`. */
  readonly input: string;
  /** What was observed, with the numbers. */
  readonly observation: string;
}

export type ChecklistStatus = 'pass' | 'fail' | 'unknown';
