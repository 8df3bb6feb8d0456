/**
 * Runs a reproduction plan: the suspected configuration and the fix, one simulation after the other on the same
 * seed, network and faults, as an incremental job the tool slices. The figures compared are the simulator's own
 * (its `leader_elections_total`, leader records, unavailability and client latencies), never estimates.
 */
import { SIM_LIMITS } from '../sim/config.js';
import { DEFAULT_RETRY_POLICY } from '../sim/retry.js';
import { NO_RANDOM_FAULTS } from '../sim/faults.js';
import {
  startClusterSimulation,
  type ClusterSimulation,
  type ClusterSimulationSpec,
} from '../sim/cluster-simulation.js';
import type { SimulationResult } from '../sim/result.js';
import { assert } from '../errors.js';
import type { ReproductionPlan } from './reproduce-plan.js';
import { countStaleReads } from './stale-witness.js';

/** simulate_cluster's defaults, so that its arguments returned with the result re-run the very same simulation. */
const MAX_EVENTS_PER_RUN = 10_000_000;

export interface ReproductionRun {
  readonly label: string;
  readonly elections: { readonly success: number; readonly timeout: number; readonly split_vote: number };
  /** Every election started: success + timeout + split_vote. */
  readonly electionsTotal: number;
  readonly leadersElected: number;
  /** Leader changes after the first leader: what an operator sees as flapping. */
  readonly leaderChanges: number;
  readonly unavailableMs: number;
  readonly writeP99Ms: number | null;
  readonly writesOk: number;
  readonly writesFailed: number;
  readonly readsOk: number;
  readonly readP99Ms: number | null;
  /** Reads that returned a value overwritten before they began (no linearization excuses them). */
  readonly staleReads: number;
  readonly invariantsHeld: boolean;
  readonly eventsProcessed: number;
}

/**
 * What the two runs showed. `fixed_at_availability_cost`: the fix stops the elections but the cluster is
 * unavailable longer, as when the leader really stalls: a longer timeout then waits out each stall instead of
 * moving leadership.
 */
export type ReproductionOutcome =
  'reproduced_and_fixed' | 'fixed_at_availability_cost' | 'reproduced_not_fixed' | 'not_reproduced';

/**
 * The outcome, unless it hinges on a figure that was assumed (a default timeout, a stall inferred from commit
 * latency): then `illustrative`, since the runs show what the failure and the fix look like, not that this
 * cluster behaves so.
 */
export type ReproductionVerdict = ReproductionOutcome | 'illustrative';

export interface ReproductionResult {
  readonly plan: ReproductionPlan;
  readonly suspected: ReproductionRun;
  readonly fix: ReproductionRun;
  readonly verdict: ReproductionVerdict;
  readonly outcome: ReproductionOutcome;
  /** The failure figure (plan.measure) as configured and with the fix. */
  readonly measured: { readonly suspected: number; readonly fix: number };
}

export interface ReproductionJob {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  result(): ReproductionResult;
}

/** The simulation one side of a plan runs (exported so a benchmark can time the same run alone). */
export function reproductionSpec(plan: ReproductionPlan, which: 'suspected' | 'fix'): ClusterSimulationSpec {
  return {
    protocol: 'raft',
    tuning: plan[which].tuning,
    nodes: plan.nodes,
    seed: plan.seed,
    durationMs: plan.durationMs,
    latency: plan.latency,
    lossProbability: plan.lossProbability,
    duplicateProbability: 0,
    diskLatencyMs: 0,
    clients: {
      writesPerSecond: plan.workload.writesPerSecond,
      readsPerSecond: plan.workload.readsPerSecond,
      keys: plan.workload.keys,
      concurrency: 50,
      timeoutMs: plan.workload.timeoutMs,
      retry: DEFAULT_RETRY_POLICY,
      readMode: plan[which].readMode,
      maxOps: SIM_LIMITS.clientOps,
    },
    faults: plan.faults,
    randomFaults: NO_RANDOM_FAULTS,
    dedupWindowMs: 300_000,
    maxEvents: MAX_EVENTS_PER_RUN,
  };
}

function start(plan: ReproductionPlan, which: 'suspected' | 'fix'): ClusterSimulation {
  return startClusterSimulation(reproductionSpec(plan, which));
}

function summarizeRun(label: string, r: SimulationResult): ReproductionRun {
  const e = r.metrics.leader_elections_total;
  return {
    label,
    elections: { success: e.success, timeout: e.timeout, split_vote: e.split_vote },
    electionsTotal: e.success + e.timeout + e.split_vote,
    leadersElected: r.leadersTotal,
    leaderChanges: Math.max(0, r.leadersTotal - 1),
    unavailableMs: r.unavailableMs,
    writeP99Ms: r.clients.writeLatencyMs.p99,
    writesOk: r.history.filter((op) => op.type === 'ok' && op.f === 'put').length,
    writesFailed: r.history.filter((op) => op.type === 'fail' && op.f === 'put').length,
    readsOk: r.history.filter((op) => op.type === 'ok' && op.f === 'get').length,
    readP99Ms: r.clients.readLatencyMs.p99,
    staleReads: countStaleReads(r.history),
    invariantsHeld: r.invariants.every((i) => i.held),
    eventsProcessed: r.eventsProcessed,
  };
}

/** The two runs as one sliced job: the suspected configuration first, then the fix. */
export function startReproduction(plan: ReproductionPlan): ReproductionJob {
  const sims = [start(plan, 'suspected'), start(plan, 'fix')] as const;
  let current = 0;
  return {
    advance(budget) {
      while (current < sims.length) {
        if (!sims[current]?.advance(budget)) return false;
        current++;
      }
      return true;
    },
    progress() {
      const running = sims[Math.min(current, sims.length - 1)]?.progress().done ?? 0;
      const done = Math.min(2 * plan.durationMs, current * plan.durationMs + (current < sims.length ? running : 0));
      const message = current === 0 ? 'simulating the configuration as it is' : 'simulating the fix';
      return { done, total: 2 * plan.durationMs, message };
    },
    result() {
      assert(current >= sims.length, 'reproduction result read before both runs finished');
      const suspected = summarizeRun(plan.suspected.label, sims[0].result(0));
      const fix = summarizeRun(plan.fix.label, sims[1].result(0));
      const measured = { suspected: measureOf(plan, suspected), fix: measureOf(plan, fix) };
      // Timing: three or more leader changes (or split votes) in a minute, far beyond the one first election, and
      // the fix at least halves them. Reads: one stale read is already a broken guarantee, and the fix must leave none.
      const reads = plan.measure === 'stale_reads';
      const reproduced = measured.suspected >= (reads ? 1 : 3);
      const fixed = reads ? measured.fix === 0 : measured.fix * 2 <= measured.suspected;
      const outcome: ReproductionOutcome = !reproduced
        ? 'not_reproduced'
        : !fixed
          ? 'reproduced_not_fixed'
          : // Write unavailability is what a longer timeout costs; a read fix's price (read latency) is reported apart.
            !reads && fix.unavailableMs > suspected.unavailableMs
            ? 'fixed_at_availability_cost'
            : 'reproduced_and_fixed';
      const verdict = plan.sources.assumed.some((a) => a.decisive) ? 'illustrative' : outcome;
      return { plan, suspected, fix, verdict, outcome, measured };
    },
  };
}

function measureOf(plan: ReproductionPlan, r: ReproductionRun): number {
  if (plan.measure === 'split_votes') return r.elections.split_vote;
  if (plan.measure === 'stale_reads') return r.staleReads;
  return r.leaderChanges;
}
