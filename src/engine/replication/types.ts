import type { LatencyDistribution } from '../sim/latency.js';

/** How a primary decides a write is committed (acknowledged to its client), from the most acknowledgments waited for. */
export const REPLICATION_MODES = ['sync', 'quorum', 'semi_sync', 'async'] as const;
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/**
 * When a replica holds a write durably, which is also when it acknowledges it.
 * - `apply`: it takes writes as fast as it applies them; an unapplied backlog waits on the primary (and dies with
 *   it), and acknowledgments wait for the apply (PostgreSQL `synchronous_commit = remote_apply`).
 * - `receive`: it logs each write durably on arrival and applies later (MySQL relay log, PostgreSQL WAL receiver
 *   with `synchronous_commit = on`); the backlog survives a primary failure but must be applied before promotion.
 */
export type DurableOn = 'apply' | 'receive';

export type ArrivalProcess = 'uniform' | 'poisson';

/** Round-trip acknowledgment latency of one replica: the time from the primary sending a write to its ack arriving. */
export interface ReplicaLatency {
  readonly distribution: LatencyDistribution;
  readonly meanMs: number;
  /** uniform: half-width; normal and lognormal: standard deviation; ignored for constant. */
  readonly jitterMs: number;
}

export type ReplicaFailureKind = 'crash' | 'partition';

/** A replica that becomes unreachable from the primary at `atSeconds` (for `durationSeconds`, or for good). */
export interface ReplicaFailure {
  /** 0-based replica index. */
  readonly replica: number;
  readonly atSeconds: number;
  readonly durationSeconds?: number | undefined;
  /** crash: the replica stops (keeping what it stored durably); partition: only its link to the primary is cut. */
  readonly kind?: ReplicaFailureKind | undefined;
}

/** Everything a replication run needs; every field but `modes` has a default (see `resolveReplicationSpec`). */
export interface ReplicationSpec {
  /** Modes to evaluate on the same workload and draws (one run serves them all). */
  readonly modes: readonly ReplicationMode[];
  readonly replicas?: number | undefined;
  /** Constant round-trip latency per replica, ms. Exclusive with `latencyDistributions`. */
  readonly latenciesMs?: readonly number[] | undefined;
  readonly latencyDistributions?: readonly ReplicaLatency[] | undefined;
  /** quorum mode: replica acknowledgments a write waits for; default a majority of the replicas. */
  readonly writeQuorum?: number | undefined;
  /** Writes per second arriving at the primary. */
  readonly writeRate?: number | undefined;
  /** Writes per second each replica applies; absent means as fast as they arrive. */
  readonly applyRate?: number | undefined;
  readonly durationSeconds?: number | undefined;
  readonly arrivals?: ArrivalProcess | undefined;
  readonly durableOn?: DurableOn | undefined;
  readonly primaryFailureAtSeconds?: number | undefined;
  readonly replicaFailures?: readonly ReplicaFailure[] | undefined;
  readonly seed?: number | undefined;
  /** Points in the lag-over-time series. */
  readonly seriesPoints?: number | undefined;
}

/** Bounds of one run: the tool's schema enforces them and the engine checks them again. */
export const REPLICATION_LIMITS = {
  replicas: 16,
  latencyMs: 600_000,
  writeRate: 100_000,
  applyRate: 1_000_000,
  /**
   * Lowest write_rate and apply_rate, writes per second: one write in about 17 minutes. Rates near zero (a denormal
   * such as 1e-323) made 1 / rate infinite and the lag NaN.
   */
  minRate: 0.001,
  durationSeconds: 3600,
  /** write_rate x duration_seconds. */
  writes: 2_000_000,
  failures: 32,
  seriesPoints: 60,
} as const;

export const REPLICATION_DEFAULTS = {
  replicas: 3,
  writeRate: 1000,
  durationSeconds: 60,
  seriesPoints: 12,
  seed: 0,
} as const;

/** A spec with every default filled in and every cross-field rule checked. */
export interface ResolvedReplicationSpec {
  readonly modes: readonly ReplicationMode[];
  readonly replicas: number;
  readonly latencies: readonly ReplicaLatency[];
  readonly writeQuorum: number;
  readonly writeRate: number;
  readonly applyRate: number | undefined;
  readonly durationMs: number;
  readonly arrivals: ArrivalProcess;
  readonly durableOn: DurableOn;
  readonly primaryFailureAtMs: number | undefined;
  readonly failures: readonly ReplicaFailure[];
  readonly seed: number;
  readonly seriesPoints: number;
}
