/**
 * The troubleshoot tool's `reproduction`: plans the side-by-side simulation, drives it with `runInSlices`
 * (progress, cancellation) and maps the engine's figures to the output, with the simulate_cluster arguments that
 * re-run each side.
 */
import { z } from 'zod';
import {
  isEngineError,
  planReproduction,
  startReproduction,
  type ReproductionPlan,
  type ReproductionResult,
  type ReproductionRun,
  type TroubleshootReport,
  type TroubleshootInput,
} from '../engine/index.js';
import type { ToolContext } from './define-tool.js';
import { remainingMs, runInSlices } from './long-work.js';

const OUTCOMES = [
  'reproduced_and_fixed',
  'fixed_at_availability_cost',
  'reproduced_not_fixed',
  'not_reproduced',
] as const;

const run = z.object({
  label: z.string(),
  elections: z.object({ success: z.int(), timeout: z.int(), split_vote: z.int() }),
  elections_total: z.int().describe('Every election started (success + timeout + split_vote).'),
  leader_changes: z.int().describe('Leaders elected after the first one.'),
  unavailable_ms: z.number().describe('Time no leader could commit, including the first election.'),
  write_p99_ms: z.number().nullable(),
  writes_ok: z.int(),
  writes_failed: z.int(),
  reads_ok: z.int().describe('Reads answered (0 where the scenario has no reads).'),
  read_p99_ms: z.number().nullable(),
  stale_reads: z
    .int()
    .describe('Reads that returned a value already overwritten by a write completed before they began.'),
  invariants_held: z.boolean().describe('Raft safety (Figure 3) held on every event.'),
  events_processed: z.int(),
});

export const reproductionSchema = z
  .object({
    status: z.enum(['ran', 'not_applicable', 'stopped']),
    note: z.string(),
    issue: z.string().optional(),
    cause: z.string().optional(),
    scenario: z.string().optional(),
    description: z.string().optional().describe('What was simulated, with the numbers and their sources.'),
    derived_from: z.array(z.string()).optional().describe('Inputs the scenario took its numbers from.'),
    seed: z.int().optional(),
    duration_ms: z.int().optional(),
    as_configured: run.optional(),
    with_fix: run.optional(),
    measured: z
      .object({ figure: z.string(), as_configured: z.number(), with_fix: z.number() })
      .optional()
      .describe('The figure that shows the failure, both ways.'),
    verdict: z
      .enum([...OUTCOMES, 'illustrative'])
      .optional()
      .describe(
        'The outcome, or illustrative when it hinges on an assumed figure (sources.assumed with decisive: true): the runs then show what the failure and the fix look like, not that this cluster behaves so.',
      ),
    outcome: z.enum(OUTCOMES).optional().describe('What the two runs showed, whatever their inputs.'),
    sources: z
      .object({
        measured: z.array(z.string()).describe('Metric and log inputs the run took figures from.'),
        configured: z.array(z.string()).describe('cluster_config fields the run took figures from.'),
        assumed: z.array(
          z.object({
            figure: z.string(),
            value: z.string(),
            kind: z.enum(['default', 'inferred', 'modelled']),
            decisive: z.boolean().describe('The outcome hinges on it.'),
            replace_with: z.string().describe('The input that would replace the assumption.'),
          }),
        ),
      })
      .optional()
      .describe('Where every figure of the run came from.'),
    simulate_cluster_args: z
      .object({ as_configured: z.record(z.string(), z.unknown()), with_fix: z.record(z.string(), z.unknown()) })
      .optional()
      .describe('Arguments that re-run each side with simulate_cluster, to vary or extend it.'),
  })
  .describe('Present when reproduce is true.');

type Reproduction = z.input<typeof reproductionSchema>;

/** Two 60 s runs take well under a second; the limit only guards a slow machine. */
const TIME_LIMIT_MS = 30_000;

export async function reproduce(
  input: TroubleshootInput,
  report: TroubleshootReport,
  seed: number,
  ctx: ToolContext,
): Promise<Reproduction> {
  const outcome = planReproduction(input, report.facts, report.diagnoses, seed);
  if (outcome.kind === 'not_applicable') return { status: 'not_applicable', note: `Not simulated: ${outcome.reason}` };
  let job: ReturnType<typeof startReproduction>;
  try {
    job = startReproduction(outcome.plan);
  } catch (error) {
    // A configuration the simulator refuses (a 0 ms heartbeat) must not cost the caller the diagnosis itself.
    if (!isEngineError(error)) throw error;
    const why = error.issues.map((i) => `cluster_config.${i.path}: ${i.message}`).join('; ');
    return { status: 'not_applicable', note: `Not simulated: the simulator refuses this configuration (${why}).` };
  }
  // Within the server's per-call deadline the diagnosis still comes back, with the reproduction marked stopped.
  const timeLimitMs = Math.max(0, Math.min(TIME_LIMIT_MS, remainingMs(ctx) - 250));
  const sliced = await runInSlices(job, ctx, { unitsPerSlice: 20_000, timeLimitMs });
  if (!sliced.finished) {
    const seconds = Math.round(timeLimitMs / 100) / 10;
    return { status: 'stopped', note: `The simulation did not finish within ${seconds} s of wall time.` };
  }
  return ranOutput(job.result());
}

const runOut = (r: ReproductionRun): z.input<typeof run> => ({
  label: r.label,
  elections: { ...r.elections },
  elections_total: r.electionsTotal,
  leader_changes: r.leaderChanges,
  unavailable_ms: r.unavailableMs,
  write_p99_ms: r.writeP99Ms,
  writes_ok: r.writesOk,
  writes_failed: r.writesFailed,
  reads_ok: r.readsOk,
  read_p99_ms: r.readP99Ms,
  stale_reads: r.staleReads,
  invariants_held: r.invariantsHeld,
  events_processed: r.eventsProcessed,
});

function ranOutput(r: ReproductionResult): Reproduction {
  const { plan } = r;
  const figure = FIGURES[plan.measure];
  return {
    status: 'ran',
    note: verdictNote(r, figure),
    issue: plan.issue,
    cause: plan.cause,
    scenario: plan.scenario,
    description: plan.description,
    derived_from: [...plan.derivedFrom],
    seed: plan.seed,
    duration_ms: plan.durationMs,
    as_configured: runOut(r.suspected),
    with_fix: runOut(r.fix),
    measured: { figure, as_configured: r.measured.suspected, with_fix: r.measured.fix },
    verdict: r.verdict,
    outcome: r.outcome,
    sources: {
      measured: [...plan.sources.measured],
      configured: [...plan.sources.configured],
      assumed: plan.sources.assumed.map(({ replaceWith, ...a }) => ({ ...a, replace_with: replaceWith })),
    },
    simulate_cluster_args: { as_configured: simulateArgs(plan, 'suspected'), with_fix: simulateArgs(plan, 'fix') },
  };
}

const FIGURES: Record<ReproductionPlan['measure'], string> = {
  leader_changes: 'leader changes',
  split_votes: 'split votes',
  stale_reads: 'stale reads',
};

function verdictNote(r: ReproductionResult, figure: string): string {
  const { suspected: s, fix: f, plan } = r;
  const both =
    plan.measure === 'stale_reads'
      ? `${figure}: ${r.measured.suspected} of ${s.readsOk} reads ${plan.suspectedName}, ${r.measured.fix} of ${f.readsOk} with the fix; the fix's price: read p99 ${s.readP99Ms ?? '-'} vs ${f.readP99Ms ?? '-'} ms, as a read that reaches the cut-off leader now waits until it fails and is retried elsewhere; elections started ${s.electionsTotal} vs ${f.electionsTotal}.`
      : `${figure}: ${r.measured.suspected} ${plan.suspectedName}, ${r.measured.fix} with the fix; elections started ${s.electionsTotal} vs ${f.electionsTotal}; unavailable ${s.unavailableMs} vs ${f.unavailableMs} ms; write p99 ${s.writeP99Ms ?? '-'} vs ${f.writeP99Ms ?? '-'} ms.`;
  const illustrative = r.verdict === 'illustrative';
  const shown = `${outcomeText(r)} ${both} ${sourcesText(plan, illustrative)}`;
  if (!illustrative) return shown;
  const decisive = plan.sources.assumed.filter((a) => a.decisive);
  return (
    `Illustrative only, not a reproduction of this cluster: the outcome hinges on assumed figures (${decisive.map((a) => `${a.figure} ${a.value}`).join('; ')}). With them: ${shown}` +
    ` To make it a reproduction, give ${[...new Set(decisive.map((a) => a.replaceWith))].join('; ')}.`
  );
}

function outcomeText(r: ReproductionResult): string {
  if (r.plan.measure === 'stale_reads') return readOutcomeText(r);
  switch (r.outcome) {
    case 'reproduced_and_fixed':
      return 'Reproduced, and the fix removes it.';
    case 'fixed_at_availability_cost':
      return 'Reproduced; the fix stops the elections but the cluster is unavailable longer, because it now waits out each stall instead of moving leadership: remove the stall itself.';
    case 'reproduced_not_fixed':
      return 'Reproduced, but the proposed fix does not remove it: look further (see the other causes).';
    case 'not_reproduced': {
      const rttGiven = r.plan.derivedFrom.some((i) => i.startsWith('metrics.rtt'));
      const hint = rttGiven
        ? ''
        : ' No round trip was given, so the run assumed a fast LAN: give metrics.rtt_ms and rtt_p99_ms.';
      const larger = r.plan.stall?.larger;
      const spike = larger
        ? ` ${larger.from} shows ${larger.ms} ms, more than the ${r.plan.stall?.ms} ms measured by ${r.plan.stall?.from}: something besides the network stalls (fsync, pauses); give metrics.fsync_p99_ms and metrics.gc_pause_max_ms.`
        : '';
      return `Not reproduced with the network described: the cluster ${r.plan.suspectedName} stays stable here, so the elections seen come from something the inputs do not show (pauses, a node's own link, a restart loop).${hint}${spike}`;
    }
  }
}

function readOutcomeText(r: ReproductionResult): string {
  switch (r.outcome) {
    case 'reproduced_and_fixed':
      return 'Reproduced: the cut-off leader answered reads the new leader had already overwritten; the fix leaves none.';
    case 'fixed_at_availability_cost': // not given for reads: their price is the read latency, reported apart
    case 'reproduced_not_fixed':
      return 'Reproduced, but stale reads remain with the fix: look further (see the other causes).';
    case 'not_reproduced':
      return `Not reproduced: the cluster ${r.plan.suspectedName} served no stale read while its leader was cut off, so the stale reads seen come from elsewhere (lagging followers, non-overlapping quorums, clock-bounded leases).`;
  }
}

/** Which figures were measured, which configured and which assumed (the decisive ones already named, if so). */
function sourcesText(plan: ReproductionPlan, decisiveNamed: boolean): string {
  const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : 'none');
  const assumed = plan.sources.assumed
    .filter((a) => !(decisiveNamed && a.decisive))
    .map((a) => `${a.figure} ${a.value}`);
  return `Measured: ${list(plan.sources.measured)}; configured: ${list(plan.sources.configured)}; ${decisiveNamed ? 'also assumed' : 'assumed'}: ${list(assumed)}.`;
}

/** The same run as simulate_cluster arguments (node numbers 1-based there). */
function simulateArgs(plan: ReproductionPlan, which: 'suspected' | 'fix'): Record<string, unknown> {
  const t = plan[which].tuning;
  return {
    protocol: 'raft',
    nodes: plan.nodes,
    seed: plan.seed,
    duration_ms: plan.durationMs,
    election_timeout_ms: [t.electionTimeoutMinMs, t.electionTimeoutMaxMs],
    heartbeat_ms: t.heartbeatMs,
    pre_vote: t.preVote,
    check_quorum: t.checkQuorum,
    latency_ms: plan.latency.meanMs,
    latency_distribution: plan.latency.distribution,
    latency_jitter_ms: plan.latency.jitterMs,
    loss_probability: plan.lossProbability,
    writes_per_second: plan.workload.writesPerSecond,
    reads_per_second: plan.workload.readsPerSecond,
    keys: plan.workload.keys,
    read_mode: plan[which].readMode,
    client_timeout_ms: plan.workload.timeoutMs,
    faults: plan.faults.map((f) => ({
      at_ms: f.atMs,
      action: f.action,
      nodes: f.nodes.map((n) => n + 1),
      ...(f.durationMs !== undefined ? { duration_ms: f.durationMs } : {}),
      ...(f.latencyMs !== undefined ? { latency_ms: f.latencyMs } : {}),
    })),
    trace: 0,
  };
}
