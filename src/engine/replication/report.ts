import { roundMicros } from '../sim/retry.js';
import type { CommitLog } from './commit.js';
import { closedFormLag, closedFormLatencyMs, consistencyOf } from './formulas.js';
import type { ReplicationTally } from './job.js';
import { blockedMs } from './outages.js';
import { replicationNotes } from './notes.js';
import {
  replicaName,
  type FollowerOutcome,
  type LagPoint,
  type ModeOutcome,
  type RecoveryPoint,
  type ReplicationResult,
} from './result.js';

const seconds = (ms: number): number => roundMicros(ms / 1000);
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Turns the tally of a finished run into its result. */
export function replicationResult(t: ReplicationTally): ReplicationResult {
  const { spec } = t;
  const followers = t.replicas.map((_, r) => follower(t, r));
  const worst = followers.reduce(
    (best, f) =>
      f.lagMessages > best.lagMessages || (f.lagMessages === best.lagMessages && f.lagSeconds > best.lagSeconds)
        ? f
        : best,
    followers[0] as FollowerOutcome,
  );
  return {
    seed: spec.seed,
    replicas: spec.replicas,
    writeQuorum: spec.writeQuorum,
    writeRate: spec.writeRate,
    applyRate: spec.applyRate,
    arrivals: spec.arrivals,
    durableOn: spec.durableOn,
    durationMs: spec.durationMs,
    endMs: t.endMs,
    writes: t.writes,
    replicaUpdates: t.writes * spec.replicas,
    followers,
    worstReplica: worst.replica,
    lagMessages: worst.lagMessages,
    lagSeconds: worst.lagSeconds,
    stalenessSeconds: worst.stalenessSeconds,
    closedFormLag: closedFormLag(spec, t.endMs),
    lagSeries: t.instantsMs.map((_, j) => lagPoint(t, j)),
    modes: t.commits.map((log) => modeOutcome(t, log)),
    replicationLagSeconds: Object.fromEntries(followers.map((f) => [replicaName(f.replica), f.lagSeconds])),
    notes: replicationNotes(spec, t.endMs),
  };
}

/** Lag of replica `r` at series instant `j`: writes, seconds and staleness. */
function lagAt(t: ReplicationTally, r: number, j: number): { messages: number; seconds: number; staleness: number } {
  const applied = (t.replicas[r] as ReplicationTally['replicas'][number]).applied;
  const atMs = t.instantsMs[j] as number;
  const messages = (t.written.before[j] as number) - (applied.before[j] as number);
  const staleness = messages > 0 ? seconds(atMs - (applied.firstAfterArrivalMs[j] as number)) : 0;
  const rate = t.spec.applyRate;
  return { messages, seconds: rate === undefined ? staleness : round6(messages / rate), staleness };
}

function follower(t: ReplicationTally, r: number): FollowerOutcome {
  const last = t.instantsMs.length - 1;
  const tally = t.replicas[r] as ReplicationTally['replicas'][number];
  const lag = lagAt(t, r, last);
  return {
    replica: r,
    latency: t.spec.latencies[r] as FollowerOutcome['latency'],
    appliedWrites: tally.applied.before[last] as number,
    lagMessages: lag.messages,
    lagSeconds: lag.seconds,
    stalenessSeconds: lag.staleness,
    meanReplicationDelayMs: tally.delayCount > 0 ? roundMicros(tally.delaySumMs / tally.delayCount) : null,
    crashedAtEnd: (t.outages[r] as ReplicationTally['outages'][number]).crashedAt(t.endMs),
  };
}

function lagPoint(t: ReplicationTally, j: number): LagPoint {
  const lags = t.replicas.map((_, r) => lagAt(t, r, j));
  let worst = 0;
  lags.forEach((l, r) => {
    const w = lags[worst] as (typeof lags)[number];
    if (l.messages > w.messages || (l.messages === w.messages && l.seconds > w.seconds)) worst = r;
  });
  const w = lags[worst] as (typeof lags)[number];
  return {
    atMs: t.instantsMs[j] as number,
    worstReplica: worst,
    lagMessages: w.messages,
    lagSeconds: w.seconds,
    byReplica: lags.map((l) => l.messages),
  };
}

function modeOutcome(t: ReplicationTally, log: CommitLog): ModeOutcome {
  const { spec } = t;
  const latency = log.summary();
  const blocked = blockedMs(t.outages, log.required, t.endMs);
  const consistency = consistencyOf(log.mode, spec);
  return {
    mode: log.mode,
    commitLatency: latency,
    latencyVaries: latency !== null && latency.maxMs > latency.minMs,
    closedFormLatencyMs: closedFormLatencyMs(log.mode, spec),
    availability: {
      acksRequired: log.required,
      failuresTolerated: spec.replicas - log.required,
      blockedSeconds: seconds(blocked),
      availability: round6(1 - blocked / t.endMs),
      writesCommitted: log.ackedBeforeFailure,
      writesNeverCommitted: log.neverCommitted,
      writesInFlightAtPrimaryFailure: log.inFlightAtPrimaryFailure,
      replicaFailures: spec.failures.length,
    },
    recovery: recovery(t, log),
    consistency: consistency.guarantee,
    consistencyDetail: consistency.detail,
  };
}

/**
 * Failover to the surviving replica holding the longest prefix of the log (what MHA, Orchestrator or Patroni pick).
 * Acknowledged writes form a prefix of the log (commit times never decrease), and so does what a replica holds, so
 * the acknowledged writes lost are exactly the acknowledged ones beyond the promoted replica's prefix. The failure is
 * the one given, else assumed at the end of the run: writes stop there in both cases, so the figures mean the same.
 */
function recovery(t: ReplicationTally, log: CommitLog): RecoveryPoint {
  const failureAtMs = t.endMs;
  let best: number | undefined;
  let bestHeld = -1;
  t.replicas.forEach((r, i) => {
    const held = r.held.before[0] as number;
    if (!(t.outages[i] as ReplicationTally['outages'][number]).crashedAt(failureAtMs) && held > bestHeld) {
      best = i;
      bestHeld = held;
    }
  });
  const acked = log.ackedBeforeEnd;
  const lost = best === undefined ? acked : Math.max(0, acked - bestHeld);
  const promoted = best === undefined ? undefined : t.replicas[best];
  const oldestLostMs = best === undefined ? 0 : (promoted?.held.firstAfterArrivalMs[0] ?? failureAtMs);
  const last = t.instantsMs.length - 1;
  const backlog = promoted ? bestHeld - (promoted.applied.before[last] as number) : 0;
  return {
    failureAtMs,
    failureAssumed: t.spec.primaryFailureAtMs === undefined,
    acknowledgedWrites: acked,
    acknowledgedWritesLost: lost,
    dataLossSeconds: lost > 0 ? seconds(failureAtMs - oldestLostMs) : 0,
    unacknowledgedWrites: t.writes - acked,
    promotedReplica: best,
    promotionCatchUpSeconds: t.spec.applyRate === undefined || backlog <= 0 ? 0 : round6(backlog / t.spec.applyRate),
  };
}
