import type { PartitioningChoice, PartitioningNeeds } from '../partitioning/choose.js';
import type { RetryPolicy } from '../sim/retry.js';

export const PROBLEM_TYPES = [
  'consensus',
  'replication',
  'partitioning',
  'transaction',
  'conflict_resolution',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const CONSISTENCY_LEVELS = ['linearizable', 'sequential', 'causal', 'eventual'] as const;
export type Consistency = (typeof CONSISTENCY_LEVELS)[number];

export const PROTOCOL_PREFERENCES = ['auto', 'raft', 'multi_paxos', 'pbft'] as const;
export type ProtocolPreference = (typeof PROTOCOL_PREFERENCES)[number];

export const OPTIMIZE_FOR = ['availability', 'commit_latency'] as const;
export type OptimizeFor = (typeof OPTIMIZE_FOR)[number];

/** What the caller asks for (the seed's `distributed_context`, plus preferences and verification options). */
export interface DesignSpec {
  readonly problemType: ProblemType;
  readonly nodes: number;
  readonly failureTolerance?: number | undefined;
  readonly regions?: readonly string[] | undefined;
  readonly consistency: Consistency;
  /** One-way delay between nodes (between regions when there are several), ms. */
  readonly latencyMs?: number | undefined;
  /** Chance per second that a partition starts. */
  readonly partitionProbability?: number | undefined;
  readonly byzantine: boolean;
  readonly protocol: ProtocolPreference;
  readonly optimizeFor: OptimizeFor;
  readonly verify: VerifyRequest;
  /** Sharded designs (partitioning, transaction): what the data needs, which picks hashing, ranges or a directory. */
  readonly partitioning?: PartitioningInput | undefined;
}

/** What the caller says about their keys: range scans, skew, keys arriving in order, placement by hand. */
export type PartitioningInput = Pick<
  PartitioningNeeds,
  'rangeQueries' | 'loadSkew' | 'sequentialKeys' | 'manualPlacement'
>;

/** Verification as asked: what is left undefined is chosen from the design (timing and estimated cost). */
export interface VerifyRequest {
  readonly runs?: number | undefined;
  readonly seed: number;
  readonly durationMs?: number | undefined;
  readonly writesPerSecond?: number | undefined;
  /** Violations kept for the result; default 5. */
  readonly violationsListed?: number | undefined;
}

/** Verification as run. */
export interface VerifyOptions {
  /** Seeded simulations; 0 skips verification (the failure scenarios still run). */
  readonly runs: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly writesPerSecond: number;
  /** Violations kept for the result (each a seed, an invariant and its first detail); default 5. */
  readonly violationsListed?: number | undefined;
}

/** The design families the engine can produce. */
export type DesignKind =
  'raft' | 'multi_paxos' | 'pbft' | 'leaderless_quorum' | 'sharded_consensus' | 'two_phase_commit' | 'crdt';

export interface ProtocolDescription {
  readonly name: string;
  readonly description: string;
  readonly correctnessGuarantee: string;
}

/** Every setting a design may carry; each design fills the ones that apply to it. */
export interface Configuration {
  readonly quorumSize: number;
  readonly timeoutMs: number;
  readonly heartbeatMs: number;
  readonly electionTimeoutMs?: readonly [number, number] | undefined;
  readonly preVote?: boolean | undefined;
  readonly checkQuorum?: boolean | undefined;
  readonly phase1Quorum?: number | undefined;
  readonly phase2Quorum?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly checkpointInterval?: number | undefined;
  readonly watermarkWindow?: number | undefined;
  readonly replyQuorum?: number | undefined;
  readonly voters?: number | undefined;
  readonly learners?: number | undefined;
  readonly groupSize?: number | undefined;
  readonly groups?: number | undefined;
  readonly replicationFactor?: number | undefined;
  readonly readQuorum?: number | undefined;
  readonly writeQuorum?: number | undefined;
  readonly virtualNodes?: number | undefined;
  readonly partitionScheme?: string | undefined;
  readonly readPath: string;
  readonly conflictResolution?: string | undefined;
  readonly crdtType?: string | undefined;
  readonly antiEntropyIntervalMs?: number | undefined;
  readonly clientTimeoutMs: number;
  readonly placement?: readonly { readonly region: string; readonly nodes: number }[] | undefined;
}

export interface FailureScenario {
  readonly scenario: string;
  readonly behavior: string;
  readonly recovery: string;
  /** Whether the behaviour comes from a simulation run (true) or from quorum arithmetic and the model (false). */
  readonly simulated: boolean;
  readonly measured?: ScenarioFigures | undefined;
}

export interface ScenarioFigures {
  readonly seed: number;
  /** Time with no writable leader (or, for leaderless designs, until replicas converged) inside the fault window. */
  readonly unavailableMs: number;
  /** From the fault to the next leader elected; null when none was needed or none came. */
  readonly failoverMs: number | null;
  readonly writesOk: number;
  readonly writesFailed: number;
  readonly writeLatencyP50Ms: number | null;
  readonly safetyHeld: boolean;
}

export interface Percentile2 {
  readonly p50: number | null;
  readonly p99: number | null;
}

export interface Verification {
  readonly simulated: boolean;
  /** What was simulated, or why nothing could be. */
  readonly subject: string;
  readonly runs: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly faultsInjected: Record<string, number>;
  readonly safetyViolations: number;
  readonly violations: readonly string[];
  /** Every run's client history linearizable (null: not checked, or undecided in some run). */
  readonly linearizable: boolean | null;
  readonly linearizability: {
    readonly linearizable: number;
    readonly notLinearizable: number;
    readonly unknown: number;
  };
  readonly failoverMs: Percentile2 & { readonly samples: number };
  readonly commitLatencyMs: Percentile2;
  readonly unavailableFraction: number | null;
  /** Figures specific to the design (convergence time, keys moved, transaction latency...). */
  readonly figures: Record<string, number | null>;
  readonly completed: boolean;
  /**
   * false when the runs could not show what they were for (no leader ever elected, a failover that never finished,
   * a crash that found no leader): the figures are then not evidence, and `notes` says why.
   */
  readonly verified: boolean;
  /** How the runs were chosen (runs, duration, load) and why a verification is not conclusive. */
  readonly notes: readonly string[];
  /** Client writes offered per second in each run. */
  readonly writesPerSecond: number;
}

export interface TimingDerivation {
  readonly oneWayMs: number;
  /** Leader to a quorum and back, in the worst region for the leader. */
  readonly broadcastMs: number;
  readonly electionTimeoutMs: readonly [number, number];
  readonly heartbeatMs: number;
  /** Mean time between failures that force a leader change, for the whole group, ms. */
  readonly mtbfMs: number;
  /** MTBF over the election timeout's maximum: the "<<" of the rule, 100 or more to be comfortable. */
  readonly mtbfOverTimeout: number;
  /** Expected share of time spent in failovers: mean failover over MTBF. */
  readonly expectedUnavailability: number;
  readonly clientTimeoutMs: number;
  /** Expected failover: a mean randomized timeout plus the broadcast time (what the simulation should confirm). */
  readonly failoverMs: number;
  readonly steps: readonly string[];
}

export interface Alternative {
  readonly name: string;
  readonly tradeOff: string;
  readonly whenBetter: string;
}

/** A design before verification: everything but the figures. */
export interface DesignPlan {
  readonly kind: DesignKind;
  readonly protocol: ProtocolDescription;
  readonly configuration: Configuration;
  readonly rationale: readonly string[];
  readonly alternatives: readonly Alternative[];
  readonly assumptions: readonly string[];
  readonly warnings: readonly string[];
  readonly retryPolicy: RetryPolicy & { readonly perAttemptTimeoutMs: number };
  /** Sharded designs: the partitioning scheme chosen, its reasons, the evidence and the computed layout. */
  readonly partitioning?: PartitioningChoice | undefined;
}

export interface DesignResult extends DesignPlan {
  readonly failureScenarios: readonly FailureScenario[];
  readonly verification: Verification;
}
