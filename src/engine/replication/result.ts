import type { ArrivalProcess, DurableOn, ReplicaLatency, ReplicationMode } from './types.js';

/** Commit latency of the writes that committed, ms (nearest-rank percentiles). */
export interface CommitLatency {
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly minMs: number;
}

export type ConsistencyGuarantee = 'strong' | 'durable_on_all' | 'durable_on_quorum' | 'durable_on_one' | 'eventual';

/**
 * What a primary failure costs in one mode, after a failover to the most up-to-date replica still up. Without a
 * primary failure in the spec, the primary is assumed to fail at the end of the run (`failureAssumed`), so the
 * question "what do I lose if the primary dies now?" always has a computed answer.
 */
export interface RecoveryPoint {
  readonly failureAtMs: number;
  /** true when no primary failure was given and the figures assume one at the end of the run. */
  readonly failureAssumed: boolean;
  /** Writes acknowledged to clients before the failure. */
  readonly acknowledgedWrites: number;
  /** Acknowledged writes the promoted replica does not hold: the RPO in writes. */
  readonly acknowledgedWritesLost: number;
  /** From the oldest lost acknowledged write to the failure: the RPO in time. */
  readonly dataLossSeconds: number;
  /** Writes that had arrived but were not yet acknowledged (their clients see an error and may retry). */
  readonly unacknowledgedWrites: number;
  /** 0-based index of the replica promoted; undefined when every replica was down at the failure. */
  readonly promotedReplica: number | undefined;
  /** Time the promoted replica needs to apply the backlog it holds before it can serve (durable_on = receive). */
  readonly promotionCatchUpSeconds: number;
}

export interface WriteAvailability {
  readonly acksRequired: number;
  /** Replica failures a write survives: replicas minus acknowledgments required. */
  readonly failuresTolerated: number;
  /** Time with too few replicas reachable for a write to commit, exact from the failure schedule. */
  readonly blockedSeconds: number;
  /** 1 - blocked time / run time. */
  readonly availability: number;
  readonly writesCommitted: number;
  /** Writes that never committed: a replica they waited for never came back, or the primary failed first. */
  readonly writesNeverCommitted: number;
  /** Of those, the writes still waiting for acknowledgments that were on their way when the primary failed. */
  readonly writesInFlightAtPrimaryFailure: number;
  /** Replica outages in the spec (the blocked time can only be non-zero with some). */
  readonly replicaFailures: number;
}

export interface ModeOutcome {
  readonly mode: ReplicationMode;
  readonly commitLatency: CommitLatency | null;
  /** true when not every committed write had the same latency. */
  readonly latencyVaries: boolean;
  /** The commit latency the seed's formulas give (max, min or W-th of the latencies), when they apply. */
  readonly closedFormLatencyMs: number | null;
  readonly availability: WriteAvailability;
  readonly recovery: RecoveryPoint;
  readonly consistency: ConsistencyGuarantee;
  readonly consistencyDetail: string;
}

export interface FollowerOutcome {
  readonly replica: number;
  readonly latency: ReplicaLatency;
  readonly appliedWrites: number;
  /** Writes the primary has that this replica has not applied, at the end of the run. */
  readonly lagMessages: number;
  /** lagMessages / apply rate (time to apply the backlog); without an apply rate, the staleness. */
  readonly lagSeconds: number;
  /** Age of the oldest write it has not applied. */
  readonly stalenessSeconds: number;
  /** Mean time from a write reaching the primary to this replica applying it, ms. */
  readonly meanReplicationDelayMs: number | null;
  readonly crashedAtEnd: boolean;
}

export interface LagPoint {
  readonly atMs: number;
  readonly worstReplica: number;
  readonly lagMessages: number;
  readonly lagSeconds: number;
  /** Lag in writes of every replica, in replica order. */
  readonly byReplica: readonly number[];
}

export interface ReplicationResult {
  readonly seed: number;
  readonly replicas: number;
  readonly writeQuorum: number;
  readonly writeRate: number;
  readonly applyRate: number | undefined;
  readonly arrivals: ArrivalProcess;
  readonly durableOn: DurableOn;
  readonly durationMs: number;
  /** Where the run stopped: the duration, or the primary failure. */
  readonly endMs: number;
  readonly writes: number;
  /** Writes times replicas: the replica updates the run computed. */
  readonly replicaUpdates: number;
  readonly followers: readonly FollowerOutcome[];
  readonly worstReplica: number;
  readonly lagMessages: number;
  readonly lagSeconds: number;
  readonly stalenessSeconds: number;
  /** The fluid formula (write_rate - apply_rate) x t, when it applies (uniform arrivals, no failures). */
  readonly closedFormLag: { readonly lagMessages: number; readonly lagSeconds: number } | null;
  readonly lagSeries: readonly LagPoint[];
  readonly modes: readonly ModeOutcome[];
  /** The seed's gauge `replication_lag_seconds{follower_id}` at the end of the run. */
  readonly replicationLagSeconds: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
}

/** How replicas are named in results and metric labels (1-based, as people count them). */
export const replicaName = (index: number): string => `replica-${index + 1}`;
