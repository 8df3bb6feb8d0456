import { validateCluster } from '../cluster/validate.js';
import { DEFAULT_VIRTUAL_NODES } from '../partitioning/ring.js';
import { configError } from '../errors.js';
import { ABORT_ERRORS, RETRYABLE_ERRORS } from '../sim/command.js';
import { SIM_LIMITS } from '../sim/config.js';
import { DEFAULT_DEDUP_WINDOW_MS } from '../sim/defaults.js';
import { DEFAULT_RETRY_POLICY } from '../sim/retry.js';
import { alternativesFor, chooseDesign, type Choice } from './choose.js';
import { planLeaderConsensus, planPbft, type ConsensusPlan } from './consensus.js';
import { consensusGroup, replicaGroup, type GroupLayout } from './group.js';
import { ScenarioJob } from './scenario-sim.js';
import { consensusScenarios } from './scenarios.js';
import {
  placementScenario,
  schemeFigures,
  schemeScenarios,
  startPartitionScheme,
  transactionLatency,
  transactionScenarios,
  type PartitionScheme,
} from './sharded.js';
import type { DesignPlan, DesignResult, DesignSpec, FailureScenario, Verification, VerifyOptions } from './types.js';
import { clockSkew, failoverCheck, quorumRationale } from './design-text.js';
import { ConsensusVerification } from './verify.js';
import { DEFAULT_DURATION_MS, DEFAULT_RUNS, DEFAULT_WRITES_PER_SECOND, resolveVerify } from './verify-plan.js';
import { ConvergenceVerification, leaderlessScenarios, planLeaderless } from './weak.js';

const CLUSTER = 'distributed_context.cluster_config';

/** The design as an incremental job: scenario and verification simulations, sliced for progress and cancellation. */
export interface DesignJob {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  result(): DesignResult;
}

interface Step {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
}

/** Refuses what no design can satisfy, with validate_cluster's rules and messages, naming the field and the fix. */
export function validateDesignSpec(spec: DesignSpec): void {
  const regions = spec.regions ?? [];
  if (new Set(regions).size !== regions.length) {
    throw configError(
      `${CLUSTER}.regions`,
      'region names must be unique: list each region once (nodes are spread evenly over them)',
    );
  }
  if (spec.partitioning && spec.problemType !== 'partitioning' && spec.problemType !== 'transaction') {
    throw configError(
      'distributed_context.partitioning',
      `describes how data is split, which applies to problem_type partitioning or transaction, not ${spec.problemType}; remove it`,
    );
  }
  const byzantine = spec.byzantine || spec.protocol === 'pbft';
  const v = validateCluster({ nodes: spec.nodes, failureTolerance: spec.failureTolerance, byzantine });
  const first = v.errors[0];
  if (first) {
    const fix = `Fix: use at least ${v.minNodesRequired} nodes, or lower failure_tolerance to ${v.maxFailureTolerance}.`;
    throw configError(`${CLUSTER}.failure_tolerance`, `${first.message} ${fix}`);
  }
  if (byzantine && (spec.failureTolerance === 0 || spec.nodes < 4)) {
    throw configError(
      `${CLUSTER}.nodes`,
      `Byzantine tolerance requires 3f+1 nodes with f >= 1: at least 4 (${spec.nodes} given, failure_tolerance ${spec.failureTolerance ?? 'unset'}). Fix: use 4 nodes for f = 1, 7 for f = 2.`,
    );
  }
}

/** Designs the system the spec asks for, then verifies it by simulation (see `DesignJob`). */
export function startDesign(spec: DesignSpec): DesignJob {
  validateDesignSpec(spec);
  const choice = chooseDesign(spec);
  const assumptions: string[] = [];
  if (spec.partitionProbability === undefined)
    assumptions.push('partition_probability not given: no random partitions are injected');
  const leaderless = choice.kind === 'leaderless_quorum' || choice.kind === 'crdt' || choice.group === 'leaderless';
  return leaderless ? weakDesign(spec, choice, assumptions) : consensusDesign(spec, choice, assumptions);
}

function groupFor(spec: DesignSpec, choice: Choice, assumptions: string[]): GroupLayout {
  if (choice.kind === 'sharded_consensus' || choice.kind === 'two_phase_commit') {
    const f = Math.max(1, spec.failureTolerance ?? 1);
    const size = Math.min(spec.nodes, choice.group === 'pbft' ? 3 * f + 1 : 2 * f + 1);
    return replicaGroup(
      spec,
      size,
      choice.group === 'pbft' ? Math.floor((size - 1) / 3) : Math.floor((size - 1) / 2),
      assumptions,
    );
  }
  return consensusGroup(spec, spec.failureTolerance, assumptions);
}

function consensusDesign(spec: DesignSpec, choice: Choice, assumptions: string[]): DesignJob {
  const g = groupFor(spec, choice, assumptions);
  const plan =
    choice.group === 'pbft' ? planPbft(spec, g) : planLeaderConsensus(spec, g, choice.group === 'multi_paxos');
  const simulable = g.voters <= SIM_LIMITS.nodes;
  const seed = spec.verify.seed;
  const resolved = resolveVerify(spec.verify, plan.sim, plan.timing);
  const o = resolved.options;
  const scenarios = simulable
    ? new ScenarioJob(plan.sim, consensusScenarios(plan), seed, o.writesPerSecond, plan.timing)
    : undefined;
  const verification =
    simulable && o.runs > 0 && !resolved.tooSlow
      ? new ConsensusVerification(plan.sim, o, spec.partitionProbability ?? 0, resolved.timing, resolved.notes)
      : undefined;
  const subject = `${o.runs} run(s) of the ${g.voters}-node ${plan.sim.protocol} group, ${o.durationMs / 1000} s each at ${o.writesPerSecond} writes/s`;
  const partitioning = isSharded(choice) ? startPartitionScheme(spec, g.voters, seed) : undefined;
  const steps: Step[] = [
    ...(partitioning ? [partitioning] : []),
    ...(scenarios ? [scenarios] : []),
    ...(verification ? [verification] : []),
  ];
  return pipeline(steps, () => {
    const { scheme, placement } = partitioning?.result() ?? {};
    const base = basePlan(spec, choice, plan, g, assumptions, scheme);
    const v =
      verification?.result(subject) ??
      notSimulated(
        spec,
        o,
        !simulable
          ? `the ${g.voters}-voter group exceeds the simulator's ${SIM_LIMITS.nodes} nodes`
          : (resolved.tooSlow ?? 'verification skipped (runs = 0)'),
        resolved.notes,
      );
    const figures: Record<string, number | null> = { ...v.figures };
    const extra: FailureScenario[] = [clockSkew(plan)];
    if (placement) {
      Object.assign(figures, {
        placement_max_over_mean: placement.maxOverMean,
        placement_load_cv: placement.cv,
        keys_moved_fraction: placement.movedFraction,
        keys_moved_ideal_fraction: placement.idealMovedFraction,
      });
      extra.push(placementScenario(placement));
    }
    if (scheme) {
      Object.assign(figures, schemeFigures(scheme));
      extra.push(...schemeScenarios(scheme));
    }
    if (choice.kind === 'two_phase_commit') {
      const rtt = 2 * g.network.interRegionMs;
      const t = transactionLatency(verification?.latencySamples() ?? [], 2, rtt, seed);
      Object.assign(figures, {
        transaction_2_groups_latency_p50_ms: t.p50,
        transaction_2_groups_latency_p99_ms: t.p99,
      });
      extra.push(...transactionScenarios(g, v.failoverMs.p50));
    }
    const check = failoverCheck(plan, v);
    return {
      ...base,
      rationale: [...base.rationale, ...(check ? [check.line] : [])],
      warnings: [...base.warnings, ...(check?.warning ? [check.warning] : [])],
      failureScenarios: [...(scenarios?.results() ?? []), ...extra],
      verification: { ...v, figures },
    };
  });
}

function weakDesign(spec: DesignSpec, choice: Choice, assumptions: string[]): DesignJob {
  const size = Math.min(spec.nodes, 2 * Math.max(1, spec.failureTolerance ?? 1) + 1);
  const g = replicaGroup(spec, size, Math.floor((size - 1) / 2), assumptions);
  const plan = planLeaderless(spec, g, choice.kind === 'crdt');
  const simulable = size >= 2;
  const o: VerifyOptions = {
    runs: spec.verify.runs ?? DEFAULT_RUNS,
    seed: spec.verify.seed,
    durationMs: spec.verify.durationMs ?? DEFAULT_DURATION_MS,
    writesPerSecond: spec.verify.writesPerSecond ?? DEFAULT_WRITES_PER_SECOND,
    violationsListed: spec.verify.violationsListed,
  };
  const verification = simulable && o.runs > 0 ? new ConvergenceVerification(plan, size, o) : undefined;
  const partitioning =
    choice.kind === 'sharded_consensus' ? startPartitionScheme(spec, size, spec.verify.seed) : undefined;
  const subject = `${o.runs} run(s) of ${size} replicas gossiping a ${plan.crdt} under loss, a partition and a crash`;
  const steps: Step[] = [...(partitioning ? [partitioning] : []), ...(verification ? [verification] : [])];
  return pipeline(steps, () => {
    const { scheme, placement } = partitioning?.result() ?? {};
    const base: DesignPlan = {
      kind: choice.kind,
      protocol: plan.protocol,
      configuration: scheme
        ? {
            ...plan.configuration,
            partitionScheme: scheme.scheme,
            virtualNodes: scheme.scheme === 'range' ? undefined : DEFAULT_VIRTUAL_NODES,
          }
        : plan.configuration,
      rationale: [...choice.reasons, ...plan.rationale, ...(scheme ? [scheme.reason] : [])],
      alternatives: alternativesFor(choice, spec),
      assumptions,
      warnings: [...(scheme?.choice.warnings ?? [])],
      retryPolicy: retryPolicy(plan.configuration.clientTimeoutMs),
      partitioning: scheme?.choice,
    };
    const v =
      verification?.result(subject) ??
      notSimulated(
        spec,
        o,
        size < 2 ? 'a single replica has nothing to converge with' : 'verification skipped (runs = 0)',
      );
    const scenarios = [
      ...leaderlessScenarios(plan, g, v),
      ...(placement ? [placementScenario(placement)] : []),
      ...(scheme ? schemeScenarios(scheme) : []),
    ];
    const figures = { ...v.figures, ...(scheme ? schemeFigures(scheme) : {}) };
    return { ...base, failureScenarios: scenarios, verification: { ...v, figures } };
  });
}

function basePlan(
  spec: DesignSpec,
  choice: Choice,
  plan: ConsensusPlan,
  g: GroupLayout,
  assumptions: string[],
  scheme: PartitionScheme | undefined,
): DesignPlan {
  const groups = Math.max(1, Math.floor(spec.nodes / g.voters));
  const wrapped = scheme ? shardedProtocol(choice, plan, g, spec, scheme) : plan.protocol;
  return {
    kind: choice.kind,
    protocol: wrapped,
    configuration: scheme
      ? {
          ...plan.configuration,
          groupSize: g.voters,
          groups,
          replicationFactor: g.voters,
          partitionScheme: scheme.scheme,
          virtualNodes: scheme.scheme === 'range' ? undefined : DEFAULT_VIRTUAL_NODES,
          learners: undefined,
        }
      : plan.configuration,
    rationale: [
      ...choice.reasons,
      groupRationale(spec, g),
      quorumRationale(choice, plan, g),
      ...plan.timing.steps.map((s) => `Timing: ${s}.`),
      ...(choice.group === 'raft'
        ? [
            'PreVote stops a node coming back from a partition from raising the term and deposing a healthy leader (thesis §9.6); CheckQuorum makes a leader cut off in a minority step down (§6.2), so clients are redirected instead of waiting on it.',
          ]
        : []),
      ...plan.rationale,
      ...(scheme ? [scheme.reason] : []),
    ],
    alternatives: alternativesFor(choice, spec),
    assumptions,
    warnings: [...warningsFor(g, plan), ...(scheme?.choice.warnings ?? [])],
    retryPolicy: retryPolicy(plan.configuration.clientTimeoutMs),
    partitioning: scheme?.choice,
  };
}

const isSharded = (choice: Choice): boolean =>
  choice.kind === 'sharded_consensus' || choice.kind === 'two_phase_commit';

function shardedProtocol(
  choice: Choice,
  plan: ConsensusPlan,
  g: GroupLayout,
  spec: DesignSpec,
  scheme: PartitionScheme,
): DesignPlan['protocol'] {
  const inner = plan.protocol.name;
  const split = splitText(scheme, spec);
  if (choice.kind === 'two_phase_commit') {
    return {
      name: `Two-phase commit over ${inner} groups`,
      description: `Data is split ${split} into shards replicated by ${g.voters}-node ${inner} groups. A transaction's coordinator (the leader of its first group) sends prepare to every participant group, each commits a prepare record through its log and votes; the decision is committed in the coordinator's group, then sent to participants. ${plan.protocol.description}`,
      correctnessGuarantee: `Atomic commit across shards (all participants commit or all abort) with strict two-phase locking for serializable transactions; no blocking on a coordinator crash because the decision is replicated. Each group: ${plan.protocol.correctnessGuarantee}`,
    };
  }
  const names: Record<PartitionScheme['scheme'], string> = {
    consistent_hashing: 'Consistent hashing',
    range: 'Range partitioning',
    directory: 'Directory partitioning',
  };
  return {
    name: `${names[scheme.scheme]} with ${inner} replication groups`,
    description: `Keys are split ${split}; each shard is replicated on ${g.voters} distinct nodes${g.placement.length > 1 ? ' (distinct regions where possible)' : ''}, which run ${inner}. ${plan.protocol.description}`,
    correctnessGuarantee: `Per key (per shard): ${plan.protocol.correctnessGuarantee} Operations spanning shards are not atomic without a transaction layer.`,
  };
}

function groupRationale(spec: DesignSpec, g: GroupLayout): string {
  if (g.others === 0)
    return `${g.voters} voters tolerate f = ${g.f} ${spec.byzantine ? 'byzantine' : 'crash'} failure(s).`;
  return `${g.voters} voters tolerate f = ${g.f}; the other ${g.others} node(s) do not vote (learners or other shards): more voters would slow every commit (each waits for a quorum) without being needed for the tolerance asked.`;
}

function warningsFor(g: GroupLayout, plan: ConsensusPlan): string[] {
  const w: string[] = [];
  const t = plan.timing;
  if (t.mtbfOverTimeout < 100) {
    w.push(
      `Election timeout is not << MTBF: a leader-changing failure every ${Math.round(t.mtbfMs / 1000)} s against timeouts up to ${t.electionTimeoutMs[1]} ms; expect about ${(100 * t.expectedUnavailability).toFixed(1)}% of the time in failovers. Reduce partitions or latency, or accept it.`,
    );
  }
  if (g.f === 0)
    w.push('No fault tolerance: one failure stops the group. Use 3 nodes (crash) or 4 (byzantine) to survive one.');
  if (g.voters > SIM_LIMITS.nodes)
    w.push(
      `The ${g.voters}-voter group is larger than the simulator runs (${SIM_LIMITS.nodes}): its timing is derived, not verified.`,
    );
  return w;
}

function retryPolicy(perAttemptTimeoutMs: number): DesignPlan['retryPolicy'] {
  return { ...DEFAULT_RETRY_POLICY, perAttemptTimeoutMs };
}

export const RETRY_ON = RETRYABLE_ERRORS;
export const ABORT_ON = ABORT_ERRORS;
export const DEDUP_WINDOW_SECONDS = DEFAULT_DEDUP_WINDOW_MS / 1000;

function notSimulated(spec: DesignSpec, o: VerifyOptions, why: string, notes: readonly string[] = []): Verification {
  return {
    simulated: false,
    subject: why,
    runs: 0,
    seed: spec.verify.seed,
    durationMs: o.durationMs,
    writesPerSecond: o.writesPerSecond,
    verified: false,
    notes: [...notes],
    faultsInjected: {},
    safetyViolations: 0,
    violations: [],
    linearizable: null,
    linearizability: { linearizable: 0, notLinearizable: 0, unknown: 0 },
    failoverMs: { p50: null, p99: null, samples: 0 },
    commitLatencyMs: { p50: null, p99: null },
    unavailableFraction: null,
    figures: {},
    completed: true,
  };
}

function pipeline(steps: readonly Step[], finish: () => DesignResult): DesignJob {
  let index = 0;
  return {
    advance(budget) {
      while (index < steps.length) {
        if (!(steps[index] as Step).advance(budget)) return false;
        index++;
        return index >= steps.length;
      }
      return true;
    },
    progress() {
      const parts = steps.map((s) => s.progress());
      const total = parts.reduce((a, p) => a + p.total, 0);
      const done = parts.reduce((a, p) => a + Math.min(p.done, p.total), 0);
      return { done, total, message: parts[Math.min(index, parts.length - 1)]?.message ?? 'designing' };
    },
    result: finish,
  };
}

/** How the chosen scheme splits the keys, for the protocol description. */
function splitText(scheme: PartitionScheme, spec: DesignSpec): string {
  if (scheme.scheme === 'range') {
    const ranges = scheme.choice.range?.before.length ?? spec.nodes;
    const buckets = scheme.choice.keyBuckets;
    const prefix = buckets
      ? `, each key prefixed with one of ${buckets} hash buckets (pre-split at their boundaries)`
      : '';
    return `into ${ranges} ordered key ranges over ${spec.nodes} nodes${prefix} (busy ranges split at their load median)`;
  }
  if (scheme.scheme === 'directory') {
    return `by a replicated routing table (keys and prefixes placed by hand) in front of a consistent-hash ring of ${spec.nodes} nodes`;
  }
  return `by a consistent-hash ring of ${spec.nodes} nodes with ${DEFAULT_VIRTUAL_NODES} virtual nodes each`;
}
