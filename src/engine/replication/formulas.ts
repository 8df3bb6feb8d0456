import { roundMicros } from '../sim/retry.js';
import { acksRequired } from './commit.js';
import type { ConsistencyGuarantee } from './result.js';
import type { ReplicationMode, ResolvedReplicationSpec } from './types.js';

/**
 * The seed's closed forms, used to cross-check the simulation (tests) and shown beside its figures. They hold only
 * for a steady, deterministic system: constant latencies, evenly spaced writes, no failures.
 */
const constantLatencies = (spec: ResolvedReplicationSpec): boolean =>
  spec.failures.length === 0 && spec.latencies.every((l) => l.distribution === 'constant' || l.jitterMs === 0);

const deterministic = (spec: ResolvedReplicationSpec): boolean =>
  spec.arrivals === 'uniform' && constantLatencies(spec);

/**
 * Commit latency = the required-th smallest replica latency: the slowest for sync (max), the fastest for semi-sync
 * (min), the W-th for a quorum; async acknowledges at once. It holds when no replica queues writes behind its apply
 * rate before acknowledging (acknowledging on receipt, or applying at least as fast as writes arrive).
 */
export function closedFormLatencyMs(mode: ReplicationMode, spec: ResolvedReplicationSpec): number | null {
  if (!constantLatencies(spec)) return null;
  // An acknowledgment that waits for the apply also waits in the apply queue, unless evenly spaced writes never
  // arrive faster than the replica applies them.
  const a = spec.applyRate;
  if (spec.durableOn === 'apply' && a !== undefined && (spec.arrivals === 'poisson' || a < spec.writeRate)) {
    return null;
  }
  const required = acksRequired(mode, spec.replicas, spec.writeQuorum);
  if (required === 0) return 0;
  const sorted = spec.latencies.map((l) => roundMicros(l.meanMs)).sort((a, b) => a - b);
  return sorted[required - 1] as number;
}

/**
 * Fluid lag: writes arrive at w per second and a replica applies at most a per second, so after t seconds it is
 * (w - a) x t writes behind and needs that / a seconds to catch up (the seed's 1000/s, 800/s, 60 s: 12 000 writes,
 * 15 s). The simulation adds the writes still in flight on the network (w x one-way delay) on top.
 */
export function closedFormLag(
  spec: ResolvedReplicationSpec,
  endMs: number,
): { lagMessages: number; lagSeconds: number } | null {
  const a = spec.applyRate;
  if (a === undefined || !deterministic(spec)) return null;
  const lagMessages = Math.max(0, ((spec.writeRate - a) * endMs) / 1000);
  return { lagMessages, lagSeconds: Math.round((lagMessages / a) * 1e6) / 1e6 };
}

/** What a client that got an acknowledgment can rely on, per mode. */
export function consistencyOf(
  mode: ReplicationMode,
  spec: ResolvedReplicationSpec,
): { guarantee: ConsistencyGuarantee; detail: string } {
  const n = spec.replicas;
  const w = spec.writeQuorum;
  switch (mode) {
    case 'sync':
      return spec.durableOn === 'apply'
        ? {
            guarantee: 'strong',
            detail: `Every acknowledged write is applied on all ${n} replicas first, so a read from any replica sees it; one unreachable replica blocks every write.`,
          }
        : {
            guarantee: 'durable_on_all',
            detail: `Every acknowledged write is stored on all ${n} replicas, but each applies it later: reads from a replica can be stale by its lag (read from the primary, or acknowledge on apply).`,
          };
    case 'semi_sync':
      return {
        guarantee: 'durable_on_one',
        detail: `Every acknowledged write is on at least one replica (the first to answer), so a failover to that replica loses nothing; if it fails with the primary, the others may lack the last writes. Replica reads can be stale.`,
      };
    case 'quorum':
      // R + W > N makes a read quorum overlap the write quorum (Gifford 1979), but the overlap only helps a read
      // when the replica in it has applied the write: with durable_on = receive it may hold it unapplied in its log.
      return {
        guarantee: 'durable_on_quorum',
        detail:
          spec.durableOn === 'apply'
            ? `Every acknowledged write is applied on at least W = ${w} of ${n} replicas: it survives any ${w - 1} replica failure(s) with the primary, and a read of R >= ${n - w + 1} replicas (R + W > N) meets it.`
            : `Every acknowledged write is stored on at least W = ${w} of ${n} replicas, so it survives any ${w - 1} replica failure(s) with the primary; but each replica applies it later, so even a read of R >= ${n - w + 1} replicas (R + W > N) can miss it, stale by the replicas' lag (read from the primary, or acknowledge on apply).`,
      };
    case 'async':
      return {
        guarantee: 'eventual',
        detail: `The primary acknowledges before any replica has the write: replicas converge once they catch up, and a failover loses what the promoted replica had not received (RPO > 0).`,
      };
  }
}
