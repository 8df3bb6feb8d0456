/**
 * The library face of the engine (`import { calculateQuorum } from 'distributed-systems-mcp'`): the functions the
 * skill's test templates name, each a thin call into the same engine the MCP tools use, plus the engine's newer
 * parts. Everything is pure and deterministic; bad input throws an EngineError whose `issues` name the field.
 */
export { calculateQuorum, validateCluster } from './lib/cluster.js';
export type { ClusterVerdict, QuorumOptions, ValidateClusterOptions } from './lib/cluster.js';
export { ConsistentHashRing } from './lib/hash-ring.js';
export type { AddNodeOptions, ConsistentHashRingOptions } from './lib/hash-ring.js';
export { simulateAsyncReplication, simulateReplicationModes as simulateReplication, simulateSyncReplication } from './lib/replication.js';
export type { AsyncReplicationResult, SyncReplicationResult } from './lib/replication.js';
export { mergeCrdtStates, resolveConflictLww, resolveConflictSpec as resolveConflict } from './lib/conflict.js';
export type { LwwOptions, LwwVersion } from './lib/conflict.js';
export { simulateCluster } from './lib/simulation.js';
export type { SimulateClusterOptions } from './lib/simulation.js';
export { choosePartitioning, partitionByDirectory, partitionByRange, placeKeys } from './lib/partitioning.js';

export { EngineError, isEngineError } from './engine/index.js';
export type { EngineErrorCode, Issue } from './engine/index.js';

// Quorums and clusters.
export { byzantineQuorumSize, crashQuorumSize, maxByzantineFailures, maxCrashFailures } from './engine/index.js';
export type { ClusterValidation, RuleViolation, Warning } from './engine/index.js';

// Partitioning: hash placements, ranges (planRangePartitioning is synchronous) and directories.
export { HASH_ALGORITHMS, PARTITIONING_ALGORITHMS } from './engine/index.js';
export type {
  Balance,
  DirectoryEntry,
  DirectoryMove,
  DirectoryPlan,
  DirectorySpec,
  HashAlgorithm,
  HashPlacement,
  HashPlacementSpec,
  Movement,
  PartitioningChoice,
  PartitioningNeeds,
  RangePartitioning,
  RangePartitioningSpec,
  RingNode,
} from './engine/index.js';

// Replication.
export { REPLICATION_MODES } from './engine/index.js';
export type { ModeOutcome, ReplicationMode, ReplicationResult, ReplicationSpec } from './engine/index.js';

// Conflicts and CRDTs (state-based, Shapiro et al. 2011): the registry of merges and the replica-state merge.
export { CRDTS, CRDT_TYPES } from './engine/index.js';
export type {
  ConflictResolution,
  ConflictSpec,
  Crdt,
  CrdtMergeOutcome,
  CrdtMergeSpec,
  CrdtOp,
  CrdtType,
  StateJson,
  VersionInput,
} from './engine/index.js';

// Simulation and linearizability checking.
export { checkHistory } from './lib/history.js';
export { parseEdnHistory } from './engine/index.js';
export type {
  HistoryCheckOptions,
  HistoryCheckResult,
  HistoryModelName,
  HistoryOp,
  HistoryVerdict,
  SimulationResult,
} from './engine/index.js';
