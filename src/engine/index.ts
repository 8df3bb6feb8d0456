/**
 * The engine's public face: the only module `src/tools` and `src/lib.ts` import. Everything else under
 * `src/engine` is internal. The engine is pure and deterministic: no I/O, no clock, no ambient randomness.
 */
export {
  EngineError,
  InvariantViolation,
  assert,
  configError,
  isEngineError,
  limitError,
  unreachable,
} from './errors.js';
export type { EngineErrorCode, Issue } from './errors.js';

export {
  byzantineQuorumSize,
  crashQuorumSize,
  maxByzantineFailures,
  maxCrashFailures,
  minNodesFor,
  quorumSize,
} from './cluster/quorum.js';
export { analyzeRegions, evenPlacement, minRegionsToSurviveLoss } from './cluster/regions.js';
export type { RegionAnalysis, RegionLoss, RegionPlacement } from './cluster/regions.js';
export { checkQuorums } from './cluster/quorum-checks.js';
export type { QuorumCheck, QuorumSizes } from './cluster/quorum-checks.js';
export { MAX_NODES, validateCluster } from './cluster/validate.js';
export type { ClusterRule, ClusterSpec, ClusterValidation, RuleViolation, Warning } from './cluster/validate.js';

export { HASH_ALGORITHMS, PARTITIONING_ALGORITHMS } from './partitioning/partitioner.js';
export type { ExactLayout, HashAlgorithm, Partitioner, PartitioningAlgorithm } from './partitioning/partitioner.js';
export { RING_LIMITS, applyChange, checkNodes } from './partitioning/nodes.js';
export type { MembershipChange, ResolvedChange, RingNode } from './partitioning/nodes.js';
export { createPartitioner } from './partitioning/create.js';
export type { PartitionerSpec } from './partitioning/create.js';
export { DEFAULT_VIRTUAL_NODES } from './partitioning/ring.js';
export { DEFAULT_MAGLEV_TABLE_SIZE, isPrime } from './partitioning/maglev.js';
export { DEFAULT_EPSILON } from './partitioning/bounded-load.js';
export { jumpBucket } from './partitioning/jump.js';
export { md5Hex } from './partitioning/hash/md5.js';
export { murmur3x86, murmur3x64 } from './partitioning/hash/murmur3.js';
export { sampleKey } from './partitioning/sample.js';
export type { IncrementalJob } from './partitioning/sample.js';
export { DEFAULT_SAMPLE_KEYS, planHashPlacement } from './partitioning/placement.js';
export type { HashPlacement, HashPlacementSpec, KeyAssignment } from './partitioning/placement.js';
export { joiningNode, planComparison } from './partitioning/compare.js';
export type { ComparisonRow, ComparisonSpec } from './partitioning/compare.js';
export type { Balance, Move, Movement, NodeLoad, ShareMethod } from './partitioning/analysis.js';

export { RANGE_LIMITS } from './partitioning/range/key-data.js';
export { compareKeys } from './partitioning/range/key-order.js';
export { DEFAULT_HOT_LOAD_FACTOR, planRangePartitioning } from './partitioning/range/plan.js';
export type {
  NodeRangeLoad,
  RangeKeyAssignment,
  RangePartitioning,
  RangePartitioningSpec,
  RangeView,
} from './partitioning/range/plan.js';
export type { RangeQuery, RangeQueryAnswer } from './partitioning/range/query.js';
export type { HotRange } from './partitioning/range/split-hot.js';
export { choosePartitioning } from './partitioning/choose.js';
export type {
  PartitioningChoice,
  PartitioningEvidence,
  PartitioningNeeds,
  PartitioningScheme,
} from './partitioning/choose.js';
export { KEY_BUCKETS } from './partitioning/choose-sequential.js';
export type { SequentialEvidence } from './partitioning/choose-sequential.js';
export { DIRECTORY_LIMITS } from './partitioning/directory/table.js';
export type { DirectoryEntry, DirectoryVia } from './partitioning/directory/table.js';
export { DEFAULT_DIRECTORY_REPLICAS, DIRECTORY_DEFAULTS, planDirectory } from './partitioning/directory/plan.js';
export type {
  DirectoryAssignment,
  DirectoryDefault,
  DirectoryMove,
  DirectoryMoveReport,
  DirectoryPlan,
  DirectoryReplication,
  DirectorySpec,
} from './partitioning/directory/plan.js';

export { canonicalJson, compareText } from './conflict/json-value.js';
export type { JsonValue } from './conflict/json-value.js';
export {
  MAX_CLOCK_COUNTER,
  MAX_CLOCK_ENTRIES,
  MAX_NODE_ID_CHARS,
  clockFromObject,
  clockLeq,
  clockToObject,
  compareClocks,
  incrementClock,
  mergeClocks,
} from './conflict/vector-clock.js';
export type { ClockOrder, VectorClock } from './conflict/vector-clock.js';
export { MAX_HLC_LOGICAL, compareHlc, hlcDriftMs, hlcReceive, hlcSend, hlcToObject } from './conflict/hlc.js';
export type { Hlc } from './conflict/hlc.js';
export { MAX_TIMESTAMP_MS, MAX_TOTAL_VALUE_CHARS, MAX_VALUE_CHARS, MAX_VERSIONS } from './conflict/versions.js';
export type { Version, VersionInput } from './conflict/versions.js';
export { orderVersions } from './conflict/lww.js';
export type { SkewAmbiguity, TieReport, TotalOrderOutcome } from './conflict/lww.js';
export { SIBLING_RESOLVERS, resolveByVectorClock } from './conflict/siblings.js';
export type { SiblingResolver, Superseded, VectorClockOutcome } from './conflict/siblings.js';
export { resolveConflict } from './conflict/resolve.js';
export type { ConflictSpec } from './conflict/resolve.js';
export { STRATEGIES } from './conflict/types.js';
export type {
  ConflictResolution,
  ConflictWarning,
  LossReason,
  LostUpdate,
  Strategy,
  ValueRef,
  WarningCode,
} from './conflict/types.js';
export { CRDT_TYPES } from './conflict/crdt/types.js';
export type { Crdt, CrdtOp, CrdtOpKind, CrdtType, StateJson } from './conflict/crdt/types.js';
export { CRDTS, isCrdtType } from './conflict/crdt/registry.js';
export { MAX_ELEMENT_CHARS, MAX_STATE_LIST } from './conflict/crdt/elements.js';
export {
  MAX_OPERATIONS,
  MAX_OP_AMOUNT,
  MAX_STATES,
  MAX_TOTAL_STATE_ITEMS,
  mergeReplicaStates,
} from './conflict/crdt/merge-states.js';
export type { CrdtMergeOutcome, CrdtMergeSpec, CrdtOpInput, ReplicaView } from './conflict/crdt/merge-states.js';
export { __plantCrdtBug } from './conflict/crdt/planted.js';
export type { PlantedBug } from './conflict/crdt/planted.js';

export { startClusterSimulation } from './sim/cluster-simulation.js';
export type { ClusterSimulation, ClusterSimulationSpec } from './sim/cluster-simulation.js';
export { SIM_PROTOCOL_NAMES } from './protocols/index.js';
export type { ProtocolTuning, SimProtocolName } from './protocols/index.js';
export { SIM_LIMITS } from './sim/config.js';
export { FAULT_ACTIONS } from './sim/faults.js';
export type { FaultAction, FaultSpec, RandomFaults } from './sim/faults.js';
export type { LatencyDistribution, LatencySpec } from './sim/latency.js';
export type { ClientConfig, ReadMode } from './sim/workload.js';
export { DEFAULT_RETRY_POLICY } from './sim/retry.js';
export type { RetryPolicy } from './sim/retry.js';
export { ABORT_ERRORS, RETRYABLE_ERRORS } from './sim/command.js';
export type { ClientErrorCode } from './sim/command.js';
export { LATENCY_BUCKETS_SECONDS, toPrometheus } from './sim/metrics.js';
export type { MetricsSnapshot } from './sim/metrics.js';
export { TRACE_EPOCH, TRACE_EVENTS } from './sim/trace.js';
export type { TraceRecord } from './sim/trace.js';
// The simulator's client history is a narrower HistoryOp (get/put on keys); it is exported below with the checker.
export type { SimulationResult, Percentiles } from './sim/result.js';
export { measureFailover, MAX_FAILOVER_TRIALS } from './sim/failover.js';
export type { FailoverMeasurement, FailoverOptions } from './sim/failover.js';
export { Rng, MAX_SEED } from './sim/rng.js';
export { RAFT_PACE, VIEW_CHANGE_PACE, leaderNemesis } from './sim/nemesis.js';
export type { NemesisPace } from './sim/nemesis.js';
export { MAX_DIAGNOSES, troubleshoot } from './troubleshoot/diagnose.js';
export type { Diagnosis, DiagnosisStatus, TroubleshootReport } from './troubleshoot/diagnose.js';
export { KB as TROUBLESHOOTING_KB } from './troubleshoot/kb.js';
export type { KbCause, KbIssue, KbSignal } from './troubleshoot/kb.js';
export type { ChecklistItem, ChecklistItemId } from './troubleshoot/checklist.js';
export { MAX_EVENTS } from './troubleshoot/event-facts.js';
export { MAX_SYMPTOM_CHARS } from './troubleshoot/text-match.js';
export type { NarrowingQuestion } from './troubleshoot/questions.js';
export {
  CONFLICT_STRATEGIES,
  ISSUE_IDS,
  LOG_EVENTS,
  PARTITIONING_SCHEMES,
  PROTOCOLS,
  READ_PATHS,
} from './troubleshoot/types.js';
export type { Finding, IssueId, LogRecord, TroubleshootInput } from './troubleshoot/types.js';

export {
  DEFAULT_MAX_MEMO_BYTES,
  DEFAULT_MAX_STEPS,
  MAX_EDN_CHARS,
  MAX_STEPS_LIMIT,
  MODEL_NAMES,
  checkHistory,
  createHistoryCheck,
  parseEdnHistory,
} from './history/index.js';
export type {
  HistoryCheck,
  HistoryCheckOptions,
  HistoryCheckResult,
  HistoryConsistency,
  HistoryCounterexample,
  HistoryModelName,
  HistoryOp,
  HistoryOpType,
  HistoryOpView,
  HistoryRealTime,
  HistoryUnknownReason,
  HistoryVerdict,
  ParsedEdnHistory,
} from './history/index.js';
export { runCrdtConvergence, startCrdtConvergence } from './conflict/convergence/run.js';
export type { ConvergenceReport, ConvergenceRun, ConvergenceSpec } from './conflict/convergence/run.js';

export { REPLICATION_DEFAULTS, REPLICATION_LIMITS, REPLICATION_MODES } from './replication/types.js';
export type {
  ArrivalProcess,
  DurableOn,
  ReplicaFailure,
  ReplicaFailureKind,
  ReplicaLatency,
  ReplicationMode,
  ReplicationSpec,
} from './replication/types.js';
export { simulateReplication, startReplicationSimulation } from './replication/simulate.js';
export type { ReplicationSimulation } from './replication/simulate.js';
export { replicaName } from './replication/result.js';
export { __plantReplicationBug } from './replication/planted.js';
export type { PlantedReplicationBug } from './replication/planted.js';
export type {
  CommitLatency,
  ConsistencyGuarantee,
  FollowerOutcome,
  LagPoint,
  ModeOutcome,
  RecoveryPoint,
  ReplicationResult,
  WriteAvailability,
} from './replication/result.js';
export { REPRODUCTION_DURATION_MS, isReproducible, planReproduction } from './troubleshoot/reproduce-plan.js';
export type {
  PlanOutcome,
  ReproductionMeasure,
  ReproductionPlan,
  ReproductionScenario,
} from './troubleshoot/reproduce-plan.js';
export { reproductionSpec, startReproduction } from './troubleshoot/reproduce.js';
export type {
  ReproductionJob,
  ReproductionOutcome,
  ReproductionResult,
  ReproductionRun,
  ReproductionVerdict,
} from './troubleshoot/reproduce.js';
export type { Assumption, AssumptionKind, PlanSources } from './troubleshoot/reproduce-inputs.js';
export { DEDUP_WINDOW_SECONDS, RETRY_ON, ABORT_ON, startDesign, validateDesignSpec } from './design/design.js';
export { VIOLATIONS_LISTED } from './design/verify.js';
export type { DesignJob } from './design/design.js';
export { CONSISTENCY_LEVELS, OPTIMIZE_FOR, PROBLEM_TYPES, PROTOCOL_PREFERENCES } from './design/types.js';
export type {
  Configuration as DesignConfiguration,
  DesignResult,
  DesignSpec,
  FailureScenario,
  Verification as DesignVerification,
} from './design/types.js';
