import {
  MAX_NODES,
  configError,
  crashQuorumSize,
  quorumSize,
  validateCluster as validateClusterSpec,
  type ClusterSpec,
  type ClusterValidation,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

export interface QuorumOptions {
  /** Byzantine (PBFT-style) quorums instead of majorities. */
  readonly byzantine?: boolean | undefined;
  /** Byzantine faults the quorum must outvote; default the most n tolerates, floor((n - 1) / 3). */
  readonly faults?: number | undefined;
}

/**
 * The quorum of `n` voters: a majority, floor(n/2) + 1 (Raft §5.2), so calculateQuorum(3) = 2, (5) = 3, (7) = 4.
 * With `byzantine`, ceil((n + f + 1) / 2), which is 2f + 1 when n = 3f + 1 (Castro & Liskov 1999).
 */
export function calculateQuorum(n: number, options: QuorumOptions = {}): number {
  checkOptionKeys('calculateQuorum', options, QUORUM_KEYS);
  if (!Number.isInteger(n) || n < 1 || n > MAX_NODES) throw configError('n', `n must be an integer in 1..${MAX_NODES}`);
  const f = options.faults;
  if (f !== undefined && (!Number.isInteger(f) || f < 0 || f >= n)) {
    throw configError('faults', `faults must be an integer in 0..${n - 1}`);
  }
  return options.byzantine ? quorumSize(n, true, f) : crashQuorumSize(n);
}

/** validate_cluster's checks, as the skill's `validate_cluster(nodes, failure_tolerance, byzantine)`. */
export interface ValidateClusterOptions extends ClusterSpec {
  readonly nodes: number;
  readonly failureTolerance?: number | undefined;
  readonly byzantine?: boolean | undefined;
}

export interface ClusterVerdict extends ClusterValidation {
  /** Every rule the cluster breaks, one sentence each (it names 2f+1 or 3f+1); null when `valid`. */
  readonly error: string | null;
}

/**
 * Checks a cluster against the 2f+1 / 3f+1 rules, its quorums and its regions: the engine's full result, plus
 * `error`, the broken rules as one string.
 */
export function validateCluster(options: ValidateClusterOptions): ClusterVerdict {
  checkOptionKeys('validateCluster', options, CLUSTER_KEYS);
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > MAX_NODES) {
    throw configError('nodes', `nodes must be an integer in 1..${MAX_NODES}`);
  }
  const f = options.failureTolerance;
  if (f !== undefined && (!Number.isInteger(f) || f < 0 || f > MAX_NODES)) {
    throw configError('failureTolerance', `failureTolerance must be an integer in 0..${MAX_NODES}`);
  }
  const result = inLibraryTerms(CLUSTER_KEYS, () => validateClusterSpec(options));
  return { ...result, error: result.valid ? null : result.errors.map((e) => e.message).join(' ') };
}

const QUORUM_KEYS = optionKeys<QuorumOptions>()('byzantine', 'faults');

const CLUSTER_KEYS = optionKeys<ValidateClusterOptions>()(
  'nodes',
  'failureTolerance',
  'byzantine',
  'regions',
  'readQuorum',
  'writeQuorum',
  'phase1Quorum',
  'phase2Quorum',
);
