/**
 * Turns a diagnosis into a side-by-side simulation: the cluster as configured (the suspected setting) and the
 * fix, under the same network, faults and seed. Leader flapping reproduces on the simulator's Raft; the scenario
 * follows the cause the evidence pointed at:
 * - timeouts too short / unstable network: one node's links stall (slow-link bursts) by the spike the evidence
 *   shows; the fix raises the election timeout to >= 10x the p99 round trip (Raft §5.6) with PreVote and CheckQuorum;
 * - timeouts too close: the leader crashes every few seconds; the fix widens the randomised range (Raft §9.3);
 * - a disruptive node: one node is cut off again and again; the fix is PreVote (Raft thesis §9.6) and CheckQuorum;
 * - leader pauses: the leader stops answering for the longest pause seen; the fix raises the timeout above it.
 */
import type { ProtocolTuning } from '../protocols/index.js';
import { SIM_LIMITS } from '../sim/config.js';
import type { FaultSpec } from '../sim/faults.js';
import type { LatencySpec } from '../sim/latency.js';
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
import type { TroubleshootInput } from './types.js';

export const REPRODUCTION_DURATION_MS = 60_000;
const BURST_EVERY_MS = 4000;
const BURST_MS = 1500;
const FIRST_BURST_MS = 3000;
const WORKLOAD = { writesPerSecond: 20, timeoutMs: 1000 } as const;

export type ReproductionScenario = 'slow_link_bursts' | 'leader_crashes' | 'node_isolation_bursts' | 'leader_pauses';

export interface ReproductionPlan {
  readonly issue: 'leader_flapping';
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
  readonly workload: { readonly writesPerSecond: number; readonly timeoutMs: number };
  readonly faults: readonly FaultSpec[];
  readonly suspected: { readonly label: string; readonly tuning: ProtocolTuning };
  readonly fix: { readonly label: string; readonly tuning: ProtocolTuning };
  /** The figure that shows the failure: leader changes, or split votes for the timeouts-too-close case. */
  readonly measure: 'leader_changes' | 'split_votes';
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

/** A plan for the top open diagnosis, or the reason none applies. */
export function planReproduction(
  input: TroubleshootInput,
  f: Facts,
  diagnoses: readonly Diagnosis[],
  seed: number,
): PlanOutcome {
  const flapping = diagnoses.find(
    (d) => d.issue === 'leader_flapping' && d.status !== 'ruled_out' && d.status !== 'unlikely',
  );
  if (!flapping) {
    const top = diagnoses.find((d) => d.status !== 'ruled_out');
    return {
      kind: 'not_applicable',
      reason: `the simulator reproduces leader flapping (its timing causes, side by side with the fix); ${top ? `the leading diagnosis here is ${top.title.toLowerCase()}` : 'no diagnosis is open'}.`,
    };
  }
  const requested = f.nodes ?? 5;
  const nodes = Math.min(Math.max(3, requested), SIM_LIMITS.nodes);
  const base = {
    issue: 'leader_flapping' as const,
    cause: flapping.cause.id,
    nodes,
    seed,
    durationMs: REPRODUCTION_DURATION_MS,
  };
  const net = network(f);
  const suspected = tuningOf(f);
  const sizeNote = nodes !== requested ? ` (${requested} nodes given; simulated with ${nodes})` : '';
  const common = { ...base, latency: net.latency, lossProbability: net.lossProbability, workload: WORKLOAD };
  const plan = scenarioFor(flapping.cause.id, f, suspected, nodes);
  const derivedFrom = [...new Set([...net.inputs, ...plan.derivedFrom])].filter((path) => hasInput(input, path));
  const assumed = [
    ...timingAssumptions(f, suspected, plan.scenario === 'node_isolation_bursts'),
    ...plan.assumed,
    ...networkAssumptions(f, nodes),
  ];
  const name = suspectedName(assumed);
  return {
    kind: 'plan',
    plan: {
      ...common,
      ...plan,
      description: `${nodes} Raft nodes${sizeNote}, ${net.text}; ${plan.description}; ${REPRODUCTION_DURATION_MS / 1000} s simulated, seed ${seed}.`,
      derivedFrom,
      sources: sourcesOf(derivedFrom, assumed),
      suspectedName: name,
      suspected: { label: `${name}: ${describeTuning(suspected)}`, tuning: suspected },
      fix: { label: `fix: ${describeTuning(plan.fixTuning)}`, tuning: plan.fixTuning },
    },
  };
}

interface Scenario {
  readonly scenario: ReproductionScenario;
  readonly description: string;
  readonly derivedFrom: readonly string[];
  /** Figures of the scenario itself that were assumed: the fault pattern, a stall size not measured as such. */
  readonly assumed: readonly Assumption[];
  readonly stall?: Stall | undefined;
  readonly faults: readonly FaultSpec[];
  readonly fixTuning: ProtocolTuning;
  readonly measure: 'leader_changes' | 'split_votes';
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
