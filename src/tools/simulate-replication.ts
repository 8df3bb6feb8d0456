import { z } from 'zod';
import {
  MAX_SEED,
  REPLICATION_DEFAULTS as D,
  REPLICATION_LIMITS as L,
  REPLICATION_MODES,
  configError,
  startReplicationSimulation,
  type ReplicationMode,
} from '../engine/index.js';
import { PURE_TOOL, defineTool, toolInput, type ToolContext } from './define-tool.js';
import { runInSlices } from './long-work.js';
import { compareRowOf, modeOutput, outputSchema, sharedOutput, type Output } from './simulate-replication-output.js';
import { summarize } from './simulate-replication-summary.js';

export { outputSchema };

const latencyMs = z.number().min(0).max(L.latencyMs);

export const inputSchema = toolInput({
  mode: z
    .enum([...REPLICATION_MODES, 'compare'])
    .default('compare')
    .describe(
      'sync (wait for every replica), semi_sync (wait for the first replica), quorum (wait for write_quorum ' +
        'replicas), async (acknowledge at once), or compare (every mode on the same workload and seed; default).',
    ),
  replicas: z
    .int()
    .min(1)
    .max(L.replicas)
    .optional()
    .describe(`Replicas (followers) of the primary, 1..${L.replicas}; default the number of latencies, else 3.`),
  latencies_ms: z
    .array(latencyMs)
    .min(1)
    .max(L.replicas)
    .optional()
    .describe(
      `Constant round-trip acknowledgment latency of each replica in ms (0..${L.latencyMs}), one per replica. Omit ` +
        'both this and latency_distributions for instantaneous replication.',
    ),
  latency_distributions: z
    .array(
      z.strictObject({
        distribution: z
          .enum(['constant', 'uniform', 'normal', 'lognormal'])
          .default('normal')
          .describe('constant, uniform (mean +- jitter), normal (sd = jitter) or lognormal (heavy tail).'),
        mean_ms: latencyMs.describe(`Mean round-trip latency, 0..${L.latencyMs} ms.`),
        jitter_ms: latencyMs.default(0).describe('Spread in ms: half-width (uniform) or standard deviation.'),
      }),
    )
    .min(1)
    .max(L.replicas)
    .optional()
    .describe('Instead of latencies_ms: a latency distribution per replica, simulated with seeded draws.'),
  write_quorum: z
    .int()
    .min(1)
    .max(L.replicas)
    .optional()
    .describe('quorum mode: replica acknowledgments W a write waits for, 1..replicas; default a majority.'),
  write_rate: z
    .number()
    .min(L.minRate)
    .max(L.writeRate)
    .default(D.writeRate)
    .describe(`Writes per second arriving at the primary, ${L.minRate}..${L.writeRate}; default ${D.writeRate}.`),
  apply_rate: z
    .number()
    .min(L.minRate)
    .max(L.applyRate)
    .optional()
    .describe(
      `Writes per second each replica can apply, ${L.minRate}..${L.applyRate}; omit for replicas that keep up. ` +
        'Below write_rate the replicas fall behind by (write_rate - apply_rate) writes every second.',
    ),
  duration_seconds: z
    .number()
    .min(0.001)
    .max(L.durationSeconds)
    .default(D.durationSeconds)
    .describe(`Simulated time, up to ${L.durationSeconds} s; write_rate x duration_seconds at most ${L.writes}.`),
  arrivals: z
    .enum(['uniform', 'poisson'])
    .default('uniform')
    .describe('uniform: evenly spaced writes (the formulas hold exactly); poisson: random arrivals (bursts).'),
  durable_on: z
    .enum(['apply', 'receive'])
    .default('apply')
    .describe(
      'When a replica holds a write and acknowledges it. apply (default): once applied, so a backlog waits on the ' +
        'primary and dies with it, and acknowledgments wait for the apply (PostgreSQL remote_apply). receive: ' +
        'logged on arrival and applied later (MySQL relay log, PostgreSQL synchronous_commit=on): the backlog ' +
        'survives a failover but must be applied before the promoted replica serves.',
    ),
  primary_failure_at_seconds: z
    .number()
    .gt(0)
    .max(L.durationSeconds)
    .optional()
    .describe(
      'When the primary fails (0 < t <= duration_seconds): writes stop and the RPO of each mode is measured there. ' +
        'Omit it for the RPO of a failure at the end of the run (rpo.failure_assumed = true).',
    ),
  replica_failures: z
    .array(
      z.strictObject({
        replica: z.int().min(1).max(L.replicas).describe('Replica number, 1..replicas.'),
        at_seconds: z.number().min(0).max(L.durationSeconds).describe('When it becomes unreachable, s.'),
        duration_seconds: z
          .number()
          .min(0.001)
          .max(1_000_000)
          .optional()
          .describe('How long until it is back, s; omit for a replica that never returns.'),
        kind: z
          .enum(['crash', 'partition'])
          .default('crash')
          .describe('crash: the replica stops (it keeps what it stored); partition: only its link is cut.'),
      }),
    )
    .max(L.failures)
    .optional()
    .describe(`Replica outages, at most ${L.failures}: sync blocks on any, quorum survives up to replicas - W.`),
  series_points: z
    .int()
    .min(1)
    .max(L.seriesPoints)
    .default(D.seriesPoints)
    .describe(`Points in lag_series, 1..${L.seriesPoints}.`),
  seed: z
    .int()
    .min(0)
    .max(MAX_SEED)
    .default(D.seed)
    .describe('Seed of every random draw (latencies, arrivals); the same input and seed give the same result.'),
});

type Input = z.output<typeof inputSchema>;

/** Writes per slice: a few milliseconds of work, so progress and cancellation stay responsive. */
const SLICE = { unitsPerSlice: 20_000 };

export async function runSimulateReplication(input: Input, ctx: ToolContext): Promise<Output> {
  const modes: ReplicationMode[] = input.mode === 'compare' ? [...REPLICATION_MODES] : [input.mode];
  if (input.write_quorum !== undefined && !modes.includes('quorum')) {
    throw configError(
      'write_quorum',
      `only the quorum mode (or compare) waits for W acknowledgments; ${input.mode} would ignore it: drop write_quorum or use mode "quorum"`,
    );
  }
  const run = startReplicationSimulation({
    modes,
    replicas: input.replicas,
    latenciesMs: input.latencies_ms,
    latencyDistributions: input.latency_distributions?.map((d) => ({
      distribution: d.distribution,
      meanMs: d.mean_ms,
      jitterMs: d.jitter_ms,
    })),
    writeQuorum: input.write_quorum,
    writeRate: input.write_rate,
    applyRate: input.apply_rate,
    durationSeconds: input.duration_seconds,
    arrivals: input.arrivals,
    durableOn: input.durable_on,
    primaryFailureAtSeconds: input.primary_failure_at_seconds,
    replicaFailures: input.replica_failures?.map((f) => ({
      replica: f.replica - 1,
      atSeconds: f.at_seconds,
      durationSeconds: f.duration_seconds,
      kind: f.kind,
    })),
    seed: input.seed,
    seriesPoints: input.series_points,
  });
  await runInSlices(run, ctx, SLICE);
  const result = run.result();
  const output = sharedOutput(input.mode, result);
  const single = input.mode === 'compare' ? undefined : result.modes[0];
  const full: Output = single
    ? { ...output, ...modeOutput(single) }
    : { ...output, compare: result.modes.map(compareRowOf) };
  return { ...full, summary: summarize(result, single) };
}

export const simulateReplicationTool = defineTool({
  name: 'simulate_replication',
  title: 'Simulate sync, semi-sync, quorum and async replication',
  description:
    'Compute what a replication mode costs and risks for a primary and its replicas: commit latency of a write ' +
    '(max / min / W-th replica latency, with percentiles when latencies vary), how far followers lag (writes, ' +
    'seconds, over time), what a primary failure loses (RPO in writes and seconds), write availability when ' +
    'replicas fail, and the consistency each mode guarantees. Seeded and deterministic; compare runs every mode ' +
    `on the same workload. Bounds: ${L.replicas} replicas, ${L.writes} writes, ${L.durationSeconds} s.`,
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint: 'Simulate less in one call: a shorter duration_seconds or a lower write_rate.',
  run: runSimulateReplication,
});
