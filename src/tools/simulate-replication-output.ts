import { z } from 'zod';
import { replicaName, type ModeOutcome, type ReplicationResult } from '../engine/index.js';

const seconds = z.number().describe('Seconds.');

const latencyPercentiles = z
  .object({ mean: z.number(), p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() })
  .describe('Commit latency of the committed writes in ms: mean and nearest-rank percentiles.');

const rpo = z
  .object({
    failure_at_seconds: seconds,
    failure_assumed: z
      .boolean()
      .describe(
        'true when no primary_failure_at_seconds was given: the figures assume the primary fails at the end of the run.',
      ),
    acknowledged_writes: z.int().describe('Writes acknowledged to clients before the primary failed.'),
    acknowledged_writes_lost: z
      .int()
      .describe('Acknowledged writes the promoted replica does not hold: the RPO counted in writes.'),
    data_loss_seconds: z.number().describe('From the oldest lost acknowledged write to the failure: the RPO in time.'),
    unacknowledged_writes: z
      .int()
      .describe('Writes in progress at the failure: never acknowledged, clients may retry.'),
    promoted_follower: z
      .string()
      .nullable()
      .describe('The most up-to-date replica still up, promoted by the failover; null when all were down.'),
    promotion_catch_up_seconds: z
      .number()
      .describe('Time the promoted replica needs to apply what it holds but has not applied before it can serve.'),
  })
  .describe(
    'What a primary failure costs in this mode: at primary_failure_at_seconds, else assumed at the end of the run.',
  );

const availability = z
  .object({
    acks_required: z
      .int()
      .describe('Replica acknowledgments a write waits for (sync N, semi-sync 1, quorum W, async 0).'),
    failures_tolerated: z.int().describe('Unreachable replicas a write survives: replicas - acks_required.'),
    blocked_seconds: z.number().describe('Time with too few replicas reachable to commit, from the failure schedule.'),
    write_availability: z.number().describe('1 - blocked_seconds / run time.'),
    writes_committed: z.int(),
    writes_never_committed: z
      .int()
      .describe('Writes that never committed: a replica they waited for never came back, or the primary failed first.'),
    writes_in_flight_at_primary_failure: z
      .int()
      .describe(
        'Of writes_never_committed, those whose acknowledgments were still on their way when the primary failed.',
      ),
  })
  .describe('Write availability under the replica failures given.');

const compareRow = z.object({
  mode: z.string(),
  total_latency_ms: z.number().nullable().describe('Mean commit latency, ms; null when no write committed.'),
  p99_latency_ms: z.number().nullable(),
  closed_form_latency_ms: z.number().nullable().describe('The formula (max / min / W-th latency) where it applies.'),
  acks_required: z.int(),
  failures_tolerated: z.int(),
  write_availability: z.number(),
  writes_never_committed: z.int(),
  rpo_writes_lost: z
    .int()
    .describe('Acknowledged writes lost at the primary failure (assumed at the end of the run when none is given).'),
  rpo_seconds: z.number().describe('The RPO in time: from the oldest lost acknowledged write to the failure.'),
  consistency_guarantee: z.string(),
});

export const outputSchema = z.object({
  mode: z.string(),
  seed: z.int(),
  replicas: z.int(),
  write_quorum: z.int().nullable().describe('W for the quorum mode (null when no quorum mode ran).'),
  write_rate: z.number(),
  apply_rate: z.number().nullable().describe('null: replicas apply writes as fast as they arrive.'),
  durable_on: z.string(),
  arrivals: z.string(),
  duration_seconds: seconds,
  end_seconds: z.number().describe('Where the run stopped: duration_seconds, or the primary failure.'),
  writes: z.int().describe('Writes the primary accepted during the run.'),
  replica_updates: z.int().describe('Writes x replicas: what the simulation pushed through the replica pipelines.'),
  total_latency_ms: z.number().nullable().optional().describe('Single mode: mean commit latency of a write, ms.'),
  latency_percentiles_ms: latencyPercentiles.optional().describe('Single mode, when latencies vary.'),
  closed_form: z
    .object({
      total_latency_ms: z.number().nullable().optional(),
      lag_messages: z.number().optional(),
      lag_seconds: z.number().optional(),
      formulas: z.array(z.string()),
    })
    .nullable()
    .describe('The closed forms (constant latencies, even writes, no failures) next to the simulated figures.'),
  lag_messages: z.int().describe('Writes the primary has that the worst follower has not applied, at the end.'),
  lag_seconds: z
    .number()
    .describe('Worst follower: lag_messages / apply_rate (time to apply its backlog); without apply_rate, staleness.'),
  staleness_seconds: z.number().describe('Worst follower: age of the oldest write it has not applied.'),
  worst_follower: z.string(),
  followers: z.array(
    z.object({
      follower_id: z.string(),
      latency: z.string().describe('The round-trip latency the follower was given.'),
      applied_writes: z.int(),
      lag_messages: z.int(),
      lag_seconds: z.number(),
      staleness_seconds: z.number(),
      mean_replication_delay_ms: z
        .number()
        .nullable()
        .describe('Mean time from a write reaching the primary to this follower applying it.'),
      up_at_end: z.boolean(),
    }),
  ),
  lag_series: z
    .array(
      z.object({
        at_seconds: seconds,
        worst_follower: z.string(),
        lag_messages: z.int(),
        lag_seconds: z.number(),
        by_follower: z.array(z.int()).describe('Lag in writes of each follower, in follower order.'),
      }),
    )
    .describe('The worst follower lag at evenly spaced instants up to the end of the run.'),
  rpo: rpo
    .optional()
    .describe('Single mode: the RPO at primary_failure_at_seconds, or at the end of the run when none is given.'),
  availability: availability.optional().describe('Single mode.'),
  consistency_guarantee: z
    .enum(['strong', 'durable_on_all', 'durable_on_quorum', 'durable_on_one', 'eventual'])
    .optional()
    .describe('Single mode.'),
  consistency_detail: z.string().optional(),
  compare: z.array(compareRow).optional().describe('compare: one row per mode, same workload, seed and draws.'),
  metrics: z.object({
    replication_lag_seconds: z
      .record(z.string(), z.number())
      .describe('The gauge replication_lag_seconds{follower_id} at the end of the run (lag_seconds per follower).'),
  }),
  prometheus: z.string().describe('The gauge in Prometheus text exposition format.'),
  notes: z.array(z.string()),
  summary: z.string(),
});

export type Output = z.input<typeof outputSchema>;

const sec = (ms: number): number => Math.round(ms) / 1000;

function latencyText(l: ReplicationResult['followers'][number]['latency']): string {
  return l.distribution === 'constant' || l.jitterMs === 0
    ? `${l.meanMs} ms`
    : `${l.distribution} mean ${l.meanMs} ms, jitter ${l.jitterMs} ms`;
}

/** The parts of the output every mode shares (lag does not depend on the mode: the same stream feeds them all). */
export function sharedOutput(mode: string, r: ReplicationResult): Output {
  return {
    mode,
    seed: r.seed,
    replicas: r.replicas,
    write_quorum: r.modes.some((m) => m.mode === 'quorum') ? r.writeQuorum : null,
    write_rate: r.writeRate,
    apply_rate: r.applyRate ?? null,
    durable_on: r.durableOn,
    arrivals: r.arrivals,
    duration_seconds: sec(r.durationMs),
    end_seconds: sec(r.endMs),
    writes: r.writes,
    replica_updates: r.replicaUpdates,
    closed_form: closedForm(r),
    lag_messages: r.lagMessages,
    lag_seconds: r.lagSeconds,
    staleness_seconds: r.stalenessSeconds,
    worst_follower: replicaName(r.worstReplica),
    followers: r.followers.map((f) => ({
      follower_id: replicaName(f.replica),
      latency: latencyText(f.latency),
      applied_writes: f.appliedWrites,
      lag_messages: f.lagMessages,
      lag_seconds: f.lagSeconds,
      staleness_seconds: f.stalenessSeconds,
      mean_replication_delay_ms: f.meanReplicationDelayMs,
      up_at_end: !f.crashedAtEnd,
    })),
    lag_series: r.lagSeries.map((p) => ({
      at_seconds: sec(p.atMs),
      worst_follower: replicaName(p.worstReplica),
      lag_messages: p.lagMessages,
      lag_seconds: p.lagSeconds,
      by_follower: [...p.byReplica],
    })),
    metrics: { replication_lag_seconds: { ...r.replicationLagSeconds } },
    prometheus: prometheusGauge(r.replicationLagSeconds),
    notes: [...r.notes],
    summary: '',
  };
}

function closedForm(r: ReplicationResult): Output['closed_form'] {
  const single = r.modes.length === 1 ? r.modes[0] : undefined;
  const formulas: string[] = [];
  const out: NonNullable<Output['closed_form']> = { formulas };
  if (single && single.closedFormLatencyMs !== null) {
    out.total_latency_ms = single.closedFormLatencyMs;
    formulas.push(LATENCY_FORMULA[single.mode]);
  }
  if (r.closedFormLag) {
    out.lag_messages = r.closedFormLag.lagMessages;
    out.lag_seconds = r.closedFormLag.lagSeconds;
    formulas.push('lag_messages = max(0, write_rate - apply_rate) x t; lag_seconds = lag_messages / apply_rate');
  }
  return formulas.length > 0 ? out : null;
}

export const LATENCY_FORMULA: Record<ModeOutcome['mode'], string> = {
  sync: 'sync: latency = max(replica latencies)',
  semi_sync: 'semi_sync: latency = min(replica latencies)',
  quorum: 'quorum: latency = W-th smallest replica latency',
  async: 'async: latency = 0 (the primary acknowledges at once)',
};

/** Single-mode fields. */
export function modeOutput(m: ModeOutcome): Partial<Output> {
  const l = m.commitLatency;
  return {
    total_latency_ms: l ? l.meanMs : null,
    ...(l && m.latencyVaries
      ? { latency_percentiles_ms: { mean: l.meanMs, p50: l.p50Ms, p95: l.p95Ms, p99: l.p99Ms, max: l.maxMs } }
      : {}),
    rpo: {
      failure_at_seconds: sec(m.recovery.failureAtMs),
      failure_assumed: m.recovery.failureAssumed,
      acknowledged_writes: m.recovery.acknowledgedWrites,
      acknowledged_writes_lost: m.recovery.acknowledgedWritesLost,
      data_loss_seconds: m.recovery.dataLossSeconds,
      unacknowledged_writes: m.recovery.unacknowledgedWrites,
      promoted_follower: m.recovery.promotedReplica === undefined ? null : replicaName(m.recovery.promotedReplica),
      promotion_catch_up_seconds: m.recovery.promotionCatchUpSeconds,
    },
    availability: {
      acks_required: m.availability.acksRequired,
      failures_tolerated: m.availability.failuresTolerated,
      blocked_seconds: m.availability.blockedSeconds,
      write_availability: m.availability.availability,
      writes_committed: m.availability.writesCommitted,
      writes_never_committed: m.availability.writesNeverCommitted,
      writes_in_flight_at_primary_failure: m.availability.writesInFlightAtPrimaryFailure,
    },
    consistency_guarantee: m.consistency,
    consistency_detail: m.consistencyDetail,
  };
}

export function compareRowOf(m: ModeOutcome): z.input<typeof compareRow> {
  return {
    mode: m.mode,
    total_latency_ms: m.commitLatency?.meanMs ?? null,
    p99_latency_ms: m.commitLatency?.p99Ms ?? null,
    closed_form_latency_ms: m.closedFormLatencyMs,
    acks_required: m.availability.acksRequired,
    failures_tolerated: m.availability.failuresTolerated,
    write_availability: m.availability.availability,
    writes_never_committed: m.availability.writesNeverCommitted,
    rpo_writes_lost: m.recovery.acknowledgedWritesLost,
    rpo_seconds: m.recovery.dataLossSeconds,
    consistency_guarantee: m.consistency,
  };
}

function prometheusGauge(lag: Readonly<Record<string, number>>): string {
  const lines = [
    '# HELP replication_lag_seconds How far each follower is behind the primary, in seconds of apply work.',
    '# TYPE replication_lag_seconds gauge',
    ...Object.entries(lag).map(([id, v]) => `replication_lag_seconds{follower_id="${id}"} ${v}`),
  ];
  return `${lines.join('\n')}\n`;
}
