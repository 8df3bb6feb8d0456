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

export { HASH_ALGORITHMS } from './partitioning/partitioner.js';
export type { ExactLayout, HashAlgorithm, Partitioner } from './partitioning/partitioner.js';
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
