/**
 * Turns a diagnosis into a side-by-side simulation: the cluster as configured (the suspected setting) and the
 * fix, under the same network, faults and seed. Leader flapping reproduces on the simulator's Raft; the scenario
 * follows the cause the evidence pointed at:
 * - timeouts too short / unstable network: one node's links stall (slow-link bursts) by the spike the evidence
 *   shows; the fix raises the election timeout to >= 10x the p99 round trip (Raft §5.6) with PreVote and CheckQuorum;
 * - timeouts too close: the leader crashes every few seconds; the fix widens the randomised range (Raft §9.3);
 * - a disruptive node: one node is cut off again and again; the fix is PreVote (Raft thesis §9.6) and CheckQuorum;
 * - leader pauses: the leader stops answering for the longest pause seen; the fix raises the timeout above it.
 * Stale reads served by a deposed leader, and split-brain under a partition, reproduce as a leader cut off while
 * clients still reach it (reproduce-reads.ts).
 */
import type { ProtocolTuning } from '../protocols/index.js';
import { SIM_LIMITS } from '../sim/config.js';
import type { FaultSpec } from '../sim/faults.js';
import type { LatencySpec } from '../sim/latency.js';
import type { ReadMode } from '../sim/workload.js';
import type { Diagnosis } from './diagnose.js';
import { round, type Facts } from './facts.js';
import { hasInput } from './questions.js';
import {
  DEFAULT_RTT_MS,
  networkAssumptions,
  pattern,
  sourcesOf,
  stallOf,
  suspectedName,
  timingAssumptions,
  tuningOf,
  type Assumption,
  type PlanSources,
  type Stall,
} from './reproduce-inputs.js';
import { READ_MODE_TEXT, deposedLeaderScenario } from './reproduce-reads.js';
import type { TroubleshootInput } from './types.js';

export const REPRODUCTION_DURATION_MS = 60_000;
const BURST_EVERY_MS = 4000;
const BURST_MS = 1500;
const FIRST_BURST_MS = 3000;
/** Writes only for the timing scenarios; reads too where reads are what fails. */
const WORKLOAD = { writesPerSecond: 20, readsPerSecond: 0, keys: 10, timeoutMs: 1000 } as const;
const READ_WORKLOAD = { ...WORKLOAD, readsPerSecond: 50 } as const;

export type ReproductionScenario =
  'slow_link_bursts' | 'leader_crashes' | 'node_isolation_bursts' | 'leader_pauses' | 'deposed_leader_reads';

/** The figure that shows the failure: leader changes, split votes, or reads no linearization excuses. */
export type ReproductionMeasure = 'leader_changes' | 'split_votes' | 'stale_reads';

export type ReproducibleIssue = 'leader_flapping' | 'stale_reads' | 'split_brain';

interface Side {
  readonly label: string;
  readonly tuning: ProtocolTuning;
  readonly readMode: ReadMode;
}

export interface ReproductionPlan {
  readonly issue: ReproducibleIssue;
  readonly cause: string;
  readonly scenario: ReproductionScenario;
  /** What the run models, in words, with the numbers and where they came from. */
  readonly description: string;
  readonly derivedFrom: readonly string[];
  /** The same inputs split into measured and configured, and every figure the run assumed instead. */
  readonly sources: PlanSources;
  /** The stall injected, when the scenario injects one, and a larger spike the evidence shows elsewhere. */
  readonly stall?: Stall | undefined;
  /** What to call the suspected side: "as configured" only when its timings were. */
  readonly suspectedName: string;
  readonly nodes: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly latency: LatencySpec;
  readonly lossProbability: number;
  /** A light client load, enough to measure what clients feel, with the seed's retry policy. */
  readonly workload: {
    readonly writesPerSecond: number;
    readonly readsPerSecond: number;
    readonly keys: number;
    readonly timeoutMs: number;
  };
  readonly faults: readonly FaultSpec[];
  readonly suspected: Side;
  readonly fix: Side;
  readonly measure: ReproductionMeasure;
}

export type PlanOutcome =
  | { readonly kind: 'plan'; readonly plan: ReproductionPlan }
  | { readonly kind: 'not_applicable'; readonly reason: string };

const ceilTo = (x: number, step: number): number => Math.ceil(x / step) * step;

function bursts(mk: (atMs: number) => FaultSpec): FaultSpec[] {
  const count = Math.floor((REPRODUCTION_DURATION_MS - FIRST_BURST_MS) / BURST_EVERY_MS);
  return Array.from({ length: count }, (_, i) => mk(FIRST_BURST_MS + i * BURST_EVERY_MS));
}

const describeTuning = (t: ProtocolTuning): string =>
  `election timeout ${t.electionTimeoutMinMs}-${t.electionTimeoutMaxMs} ms, heartbeat ${t.heartbeatMs} ms, ` +
  `PreVote ${t.preVote ? 'on' : 'off'}, CheckQuorum ${t.checkQuorum ? 'on' : 'off'}`;

/** One-way delay from the round trips given: half the RTT, with a spread that reaches half the p99 RTT. */
function network(f: Facts): { latency: LatencySpec; lossProbability: number; text: string; inputs: string[] } {
  const rtt = f.metrics?.rtt_ms;
  const p99 = f.metrics?.rtt_p99_ms;
  const meanMs = Math.max(0.1, (rtt ?? (p99 !== undefined ? p99 / 2 : DEFAULT_RTT_MS)) / 2);
  const tail = p99 !== undefined ? Math.max(0, p99 / 2 - meanMs) : meanMs / 4;
  // For a normal delay, p99 sits 2.33 standard deviations above the mean.
  const latency: LatencySpec = {
    distribution: 'normal',
    meanMs: round(meanMs),
    jitterMs: round(Math.max(0.05, tail / 2.33)),
  };
  const loss = f.metrics?.packet_loss_ratio ?? 0;
  const inputs = ['metrics.rtt_ms', 'metrics.rtt_p99_ms', 'metrics.packet_loss_ratio'].filter((i) =>
    i === 'metrics.rtt_ms' ? rtt !== undefined : i === 'metrics.rtt_p99_ms' ? p99 !== undefined : loss > 0,
  );
  const text = `one-way delay ${latency.meanMs} ms +/- ${latency.jitterMs} ms (normal)${loss > 0 ? `, ${round(loss * 100)}% loss` : ''}`;
  return { latency, lossProbability: loss, text, inputs };
}

/** Issues (and, where it matters, causes) the simulator can show; the first open one in rank order is simulated. */
export function isReproducible(d: Diagnosis): boolean {
  if (d.status === 'ruled_out' || d.status === 'unlikely') return false;
  if (d.issue === 'leader_flapping') return true;
  if (d.issue === 'stale_reads') return d.cause.id === 'stale_leader_reads' || d.cause.id === 'lease_clock_skew';
  return d.issue === 'split_brain' && d.cause.id === 'partition_without_fencing';
}

const NOT_MODELLED =
  'the simulator reproduces leader flapping (its timing causes), and stale reads or split-brain from a leader cut off while clients still reach it, each side by side with the fix; stale reads from lagging followers are shown by simulate_cluster with read_mode any_local (each client reads its own replica), not reproduced here; non-overlapping quorums are not modelled';

/** A plan for the top open diagnosis the simulator can show, or the reason none applies. */
export function planReproduction(
  input: TroubleshootInput,
  f: Facts,
  diagnoses: readonly Diagnosis[],
  seed: number,
): PlanOutcome {
  const target = diagnoses.find(isReproducible);
  if (!target) {
    const top = diagnoses.find((d) => d.status !== 'ruled_out');
    const leading = top
      ? `the leading diagnosis here is ${top.title.toLowerCase()} (${top.cause.id})`
      : 'no diagnosis is open';
    return { kind: 'not_applicable', reason: `${NOT_MODELLED}; ${leading}.` };
  }
  const requested = f.nodes ?? 5;
  const nodes = Math.min(Math.max(3, requested), SIM_LIMITS.nodes);
  const net = network(f);
  const suspected = tuningOf(f);
  const sizeNote = nodes !== requested ? ` (${requested} nodes given; simulated with ${nodes})` : '';
  const issue = target.issue as ReproducibleIssue;
  const plan =
    issue === 'leader_flapping'
      ? scenarioFor(target.cause.id, f, suspected, nodes)
      : deposedLeaderScenario(f, suspected, issue, REPRODUCTION_DURATION_MS);
  const derivedFrom = [...new Set([...net.inputs, ...plan.derivedFrom])].filter((path) => hasInput(input, path));
  const decides =
    plan.scenario === 'deposed_leader_reads'
      ? { timeout: false, preVote: false, checkQuorum: true }
      : { timeout: true, preVote: plan.scenario === 'node_isolation_bursts', checkQuorum: false };
  const assumed = [...timingAssumptions(f, suspected, decides), ...plan.assumed, ...networkAssumptions(f, nodes)];
  const sources = sourcesOf(derivedFrom, assumed);
  const name = suspectedName(assumed, sources.configured);
  const readsSuspected = plan.reads?.suspected ?? 'read_index';
  const readText = (mode: ReadMode, text: string) => (plan.reads ? `; ${text || READ_MODE_TEXT[mode]}` : '');
  return {
    kind: 'plan',
    plan: {
      issue,
      cause: target.cause.id,
      nodes,
      seed,
      durationMs: REPRODUCTION_DURATION_MS,
      latency: net.latency,
      lossProbability: net.lossProbability,
      workload: plan.reads ? READ_WORKLOAD : WORKLOAD,
      scenario: plan.scenario,
      faults: plan.faults,
      measure: plan.measure,
      ...(plan.stall ? { stall: plan.stall } : {}),
      description: `${nodes} Raft nodes${sizeNote}, ${net.text}; ${plan.description}; ${REPRODUCTION_DURATION_MS / 1000} s simulated, seed ${seed}.`,
      derivedFrom,
      sources,
      suspectedName: name,
      suspected: {
        label: `${name}: ${describeTuning(suspected)}${readText(readsSuspected, '')}`,
        tuning: suspected,
        readMode: readsSuspected,
      },
      fix: {
        label: `fix: ${describeTuning(plan.fixTuning)}${readText('read_index', plan.reads?.fixLabel ?? '')}`,
        tuning: plan.fixTuning,
        readMode: plan.reads?.fix ?? 'read_index',
      },
    },
  };
}

export interface Scenario {
  readonly scenario: ReproductionScenario;
  readonly description: string;
  readonly derivedFrom: readonly string[];
  /** Figures of the scenario itself that were assumed: the fault pattern, a stall size not measured as such. */
  readonly assumed: readonly Assumption[];
  readonly stall?: Stall | undefined;
  readonly faults: readonly FaultSpec[];
  readonly fixTuning: ProtocolTuning;
  readonly measure: ReproductionMeasure;
  /** Read paths of the two sides, for a scenario where reads are what fails. */
  readonly reads?: { readonly suspected: ReadMode; readonly fix: ReadMode; readonly fixLabel: string } | undefined;
}

function scenarioFor(cause: string, f: Facts, t: ProtocolTuning, nodes: number): Scenario {
  const timingInputs = [
    'cluster_config.election_timeout_min_ms',
    'cluster_config.election_timeout_max_ms',
    'cluster_config.heartbeat_ms',
  ];
  if (cause === 'timeouts_too_close') {
    return {
      scenario: 'leader_crashes',
      description: `the leader crashes every 3 s and restarts 1 s later, so each crash forces an election`,
      derivedFrom: timingInputs,
      assumed: [pattern('the leader crashes every 3 s and restarts 1 s later (a trigger for elections)')],
      faults: Array.from({ length: 19 }, (_, i) => ({
        atMs: 2000 + i * 3000,
        action: 'crash_leader' as const,
        nodes: [],
        durationMs: 1000,
      })),
      fixTuning: { ...t, electionTimeoutMaxMs: Math.max(t.electionTimeoutMaxMs, 2 * t.electionTimeoutMinMs) },
      measure: 'split_votes',
    };
  }
  if (cause === 'disruptive_node') {
    return {
      scenario: 'node_isolation_bursts',
      description: `node-${nodes} is cut off for ${BURST_MS / 1000} s every ${BURST_EVERY_MS / 1000} s and comes back`,
      derivedFrom: [...timingInputs, 'cluster_config.pre_vote'],
      assumed: [pattern(`node-${nodes} is cut off for ${BURST_MS / 1000} s every ${BURST_EVERY_MS / 1000} s`)],
      faults: bursts((atMs) => ({ atMs, action: 'partition', nodes: [nodes - 1], durationMs: BURST_MS })),
      fixTuning: { ...t, preVote: true, checkQuorum: true },
      measure: 'leader_changes',
    };
  }
  const stall = stallOf(f, cause === 'leader_pauses' ? 'pause' : 'link');
  const stallAssumed = stall.assumption ? [stall.assumption] : [];
  const rttP99 = f.metrics?.rtt_p99_ms ?? f.metrics?.rtt_ms ?? 0;
  const min = ceilTo(Math.max(2 * t.electionTimeoutMinMs, 10 * rttP99, 2 * stall.ms + t.heartbeatMs), 50);
  const fixTuning = {
    electionTimeoutMinMs: min,
    electionTimeoutMaxMs: 2 * min,
    heartbeatMs: Math.max(t.heartbeatMs, Math.round(min / 10)),
    preVote: true,
    checkQuorum: true,
  };
  if (cause === 'leader_pauses') {
    return {
      scenario: 'leader_pauses',
      description: `the leader stops answering for ${stall.ms} ms (from ${stall.from}) every ${BURST_EVERY_MS / 1000} s, like a stop-the-world pause`,
      derivedFrom: [...timingInputs, stall.from],
      assumed: [...stallAssumed, pattern(`the leader pauses once every ${BURST_EVERY_MS / 1000} s`)],
      stall,
      faults: bursts((atMs) => ({ atMs, action: 'isolate_leader', nodes: [], durationMs: Math.max(1, stall.ms) })),
      fixTuning,
      measure: 'leader_changes',
    };
  }
  return {
    scenario: 'slow_link_bursts',
    description: `node-${nodes}'s links stall by +${stall.ms} ms (from ${stall.from}) for ${BURST_MS / 1000} s every ${BURST_EVERY_MS / 1000} s`,
    derivedFrom: [...timingInputs, stall.from],
    assumed: [
      ...stallAssumed,
      pattern(`node-${nodes}'s links stall for ${BURST_MS / 1000} s every ${BURST_EVERY_MS / 1000} s`),
    ],
    stall,
    faults: bursts((atMs) => ({
      atMs,
      action: 'slow_link',
      nodes: [nodes - 1],
      latencyMs: Math.max(1, stall.ms),
      durationMs: BURST_MS,
    })),
    fixTuning,
    measure: 'leader_changes',
  };
}
