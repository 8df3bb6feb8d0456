import { configError } from '../errors.js';
import {
  analyzeRegions,
  evenPlacement,
  minRegionsToSurviveLoss,
  type RegionAnalysis,
  type RegionPlacement,
} from './regions.js';
import { maxByzantineFailures, maxCrashFailures, minNodesFor, quorumSize } from './quorum.js';
import { checkQuorums, type QuorumCheck, type QuorumSizes } from './quorum-checks.js';

export const MAX_NODES = 1000;

export interface ClusterSpec extends QuorumSizes {
  readonly nodes: number;
  /** Failures to tolerate; when absent the cluster is judged by the most it can tolerate. */
  readonly failureTolerance?: number | undefined;
  readonly byzantine?: boolean | undefined;
  /** Placement over failure domains; a region without `nodes` gets its share of an even spread. */
  readonly regions?: readonly { readonly name: string; readonly nodes?: number | undefined }[] | undefined;
}

export type ClusterRule =
  | 'quorum_possible'
  | 'byzantine_nodes'
  | 'read_write_quorum_overlap'
  | 'write_quorum_overlap'
  | 'flexible_paxos_intersection'
  | 'quorum_availability'
  | 'quorum_bounds';

export interface RuleViolation {
  readonly rule: ClusterRule;
  readonly message: string;
}

export interface Warning {
  readonly code:
    'even_node_count' | 'wasted_nodes' | 'no_fault_tolerance' | 'single_region' | 'large_voting_group' | 'fatal_region';
  readonly message: string;
}

export interface ClusterValidation {
  readonly valid: boolean;
  readonly errors: readonly RuleViolation[];
  readonly faultModel: 'crash' | 'byzantine';
  readonly nodes: number;
  /** The tolerance judged: the requested one, or the most the cluster tolerates. */
  readonly failureTolerance: number;
  readonly maxFailureTolerance: number;
  readonly quorumSize: number;
  /** Nodes needed to tolerate `failureTolerance` failures (2f+1 or 3f+1). */
  readonly minNodesRequired: number;
  /** PBFT: matching replies a client waits for (f + 1). Absent for crash faults. */
  readonly replyQuorum?: number;
  readonly quorumChecks: readonly QuorumCheck[];
  readonly regions?: RegionAnalysis;
  /** Fewest regions over which an even spread survives the loss of any one; null when no count does. */
  readonly minRegionsForRegionLoss: number | null;
  readonly warnings: readonly Warning[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Checks a cluster against the 2f+1 / 3f+1 rules, the quorum-intersection rules and its region placement. */
export function validateCluster(spec: ClusterSpec): ClusterValidation {
  const byzantine = spec.byzantine ?? false;
  const nodes = spec.nodes;
  const maxF = byzantine ? maxByzantineFailures(nodes) : maxCrashFailures(nodes);
  // Without a requested f, judge the most the cluster tolerates, which explicit quorums may lower.
  const f = spec.failureTolerance ?? Math.min(maxF, Math.max(0, nodes - largestQuorum(spec)));
  const errors = faultRuleViolations(nodes, f, maxF, byzantine);
  const quorum = quorumSize(nodes, byzantine, Math.min(f, maxF));
  const quorumChecks = checkQuorums(nodes, f, byzantine, spec);
  for (const check of quorumChecks) {
    if (!check.held && check.severity === 'error') errors.push({ rule: check.rule, message: check.message });
  }
  const regions = spec.regions ? analyzeRegions(resolvePlacement(nodes, spec.regions), quorum) : undefined;
  return {
    valid: errors.length === 0,
    errors,
    faultModel: byzantine ? 'byzantine' : 'crash',
    nodes,
    failureTolerance: f,
    maxFailureTolerance: maxF,
    quorumSize: quorum,
    minNodesRequired: minNodesFor(f, byzantine),
    ...(byzantine ? { replyQuorum: Math.min(f, maxF) + 1 } : {}),
    quorumChecks,
    ...(regions ? { regions } : {}),
    minRegionsForRegionLoss: minRegionsToSurviveLoss(nodes, nodes - quorum),
    warnings: clusterWarnings(nodes, f, maxF, byzantine, regions),
  };
}

function largestQuorum(sizes: QuorumSizes): number {
  const given = [sizes.readQuorum, sizes.writeQuorum, sizes.phase1Quorum, sizes.phase2Quorum];
  return Math.max(0, ...given.filter((q): q is number => q !== undefined));
}

function faultRuleViolations(nodes: number, f: number, maxF: number, byzantine: boolean): RuleViolation[] {
  const errors: RuleViolation[] = [];
  const kind = byzantine ? 'byzantine' : 'crash';
  const tail = `${plural(nodes, 'node')} tolerate at most ${plural(maxF, `${kind} failure`)}; ${f} need ${minNodesFor(f, byzantine)}.`;
  // Byzantine first: it is the binding rule whenever both fail, and its message names 3f+1.
  if (byzantine && nodes < 3 * f + 1) {
    errors.push({ rule: 'byzantine_nodes', message: `Byzantine tolerance requires 3f+1 nodes: ${tail}` });
  }
  if (nodes < 2 * f + 1) {
    const crashTail = byzantine
      ? `${plural(nodes, 'node')} cannot keep a majority after ${f} failures; ${f} need ${2 * f + 1}.`
      : tail;
    errors.push({
      rule: 'quorum_possible',
      message: `Cannot tolerate f failures with fewer than 2f+1 nodes: ${crashTail}`,
    });
  }
  return errors;
}

function resolvePlacement(nodes: number, regions: NonNullable<ClusterSpec['regions']>): RegionPlacement[] {
  const names = regions.map((r) => r.name);
  if (new Set(names).size !== names.length) {
    throw configError('regions', 'region names must be unique; merge the duplicates into one entry');
  }
  const given = regions.filter((r) => r.nodes !== undefined);
  if (given.length === 0) return evenPlacement(nodes, names);
  if (given.length !== regions.length) {
    throw configError('regions', 'give `nodes` for every region or for none (none means an even spread)');
  }
  const sum = regions.reduce((s, r) => s + (r.nodes ?? 0), 0);
  if (sum !== nodes) {
    throw configError('regions', `region node counts add up to ${sum} but nodes is ${nodes}; make them equal`);
  }
  return regions.map((r) => ({ name: r.name, nodes: r.nodes ?? 0 }));
}

function clusterWarnings(
  nodes: number,
  f: number,
  maxF: number,
  byzantine: boolean,
  regions: RegionAnalysis | undefined,
): Warning[] {
  const warnings: Warning[] = [];
  const lean = byzantine ? 3 * maxF + 1 : 2 * maxF + 1;
  if (nodes > lean && nodes > 1) {
    warnings.push({
      code: byzantine ? 'wasted_nodes' : 'even_node_count',
      message: `${nodes} nodes tolerate ${maxF} ${byzantine ? 'byzantine' : 'crash'} failure(s), the same as ${lean}; ${nodes - lean === 1 ? 'the extra node adds' : `the ${nodes - lean} extra nodes add`} cost and quorum size but no tolerance.`,
    });
  }
  if (f === 0 || maxF === 0) {
    warnings.push({
      code: 'no_fault_tolerance',
      message: `With f = 0 a single failure stops progress: there is no fault tolerance. Use at least ${minNodesFor(1, byzantine)} nodes to survive one failure.`,
    });
  }
  if (regions && regions.placement.length === 1) {
    warnings.push({
      code: 'single_region',
      message:
        'All nodes are in one region, which is one failure domain: losing it loses the whole cluster. Spread nodes over at least 3 regions.',
    });
  } else if (regions && regions.fatalRegions.length > 0) {
    warnings.push({
      code: 'fatal_region',
      message: `Losing ${regions.fatalRegions.join(' or ')} loses the quorum.`,
    });
  }
  if (!byzantine && nodes > 9) {
    warnings.push({
      code: 'large_voting_group',
      message: `${nodes} voters: every commit waits for ${Math.floor(nodes / 2) + 1} acknowledgements. Groups of 5-7 voters plus non-voting learners are the usual shape.`,
    });
  }
  return warnings;
}
