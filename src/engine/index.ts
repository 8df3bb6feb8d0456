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
