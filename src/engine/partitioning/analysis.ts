import { arcShares, continuumTransfers } from './continuum.js';
import { KETAMA_DIGESTS, KETAMA_POINTS_PER_DIGEST } from './ketama.js';
import type { RingNode } from './nodes.js';
import type { Partitioner } from './partitioner.js';
import { vnodeCounts } from './ring.js';
import type { IdSpace, SampledPlacement } from './sample.js';

/**
 * How a share was obtained: exactly over the 2^32 key-hash space, exactly over Maglev's table, from the sample, or
 * (range partitioning) exactly over the loads of the keys given or sampled.
 */
export type ShareMethod = 'exact_hash_space' | 'exact_table' | 'sampled' | 'key_load';

export interface NodeLoad {
  readonly id: string;
  readonly weight: number;
  readonly zone?: string | undefined;
  /** Fraction of keys the node owns: exact when `method` says so, else from the sample. */
  readonly share: number;
  /** weight / sum of weights: the share a perfectly fair placement would give. */
  readonly expectedShare: number;
  readonly sampledKeys: number;
}

export interface Balance {
  readonly method: ShareMethod;
  readonly perNode: readonly NodeLoad[];
  /** Largest share / expected share: max over mean load when weights are equal. */
  readonly maxOverMean: number;
  /** Coefficient of variation of share / expected share over nodes. */
  readonly cv: number;
  readonly sampledMaxOverMean: number;
  readonly sampledCv: number;
  readonly sampleKeys: number;
  /** The CV a perfect hash would show on this many sampled keys (equal weights): sqrt((n - 1) / keys). */
  readonly samplingNoiseCv: number;
  /** For ring and ketama with equal weights: sqrt((n - 1) / (n v + 1)), v points per node, for random points. */
  readonly theoryCv: number | undefined;
}

/** Exact share of each node, where the layout allows it. */
export function exactShares(p: Partitioner): { method: ShareMethod; shares: Float64Array } | undefined {
  if (p.exact?.kind === 'continuum') return { method: 'exact_hash_space', shares: arcShares(p.exact.continuum) };
  if (p.exact?.kind === 'table') {
    const shares = new Float64Array(p.nodes.length);
    for (const owner of p.exact.table) shares[owner] = (shares[owner] ?? 0) + 1 / p.exact.table.length;
    return { method: 'exact_table', shares };
  }
  return undefined;
}

export function expectedShares(nodes: readonly RingNode[]): number[] {
  const total = nodes.reduce((s, n) => s + n.weight, 0);
  return nodes.map((n) => n.weight / total);
}

/** max and coefficient of variation of share_i / expected_i. */
export function spread(shares: ArrayLike<number>, expected: readonly number[]): { max: number; cv: number } {
  const ratios = expected.map((e, i) => (shares[i] ?? 0) / e);
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  const variance = ratios.reduce((s, r) => s + (r - mean) ** 2, 0) / ratios.length;
  return { max: Math.max(...ratios), cv: mean > 0 ? Math.sqrt(variance) / mean : 0 };
}

/** Points per node of a ring-like layout with equal weights, for the theoretical spread; undefined otherwise. */
function pointsPerNode(p: Partitioner, virtualNodes: number): number | undefined {
  if (p.nodes.some((n) => n.weight !== p.nodes[0]?.weight)) return undefined;
  if (p.algorithm === 'ring') return vnodeCounts(p.nodes.slice(0, 1), virtualNodes)[0];
  if (p.algorithm === 'ketama') return KETAMA_DIGESTS * KETAMA_POINTS_PER_DIGEST;
  return undefined;
}

/**
 * Balance of a layout whose per-node load is known exactly (range partitioning): the headline figures are over load,
 * the `sampled*` ones over key counts (the data each node stores).
 */
export function loadBalance(
  nodes: readonly RingNode[],
  loads: ArrayLike<number>,
  keys: ArrayLike<number>,
  keyCount: number,
): Balance {
  const total = Array.from(loads).reduce((s, l) => s + l, 0);
  const shares = Float64Array.from(nodes, (_, i) => (loads[i] ?? 0) / Math.max(Number.MIN_VALUE, total));
  return describeBalance({
    nodes,
    method: 'key_load',
    shares,
    counts: keys,
    sampleKeys: keyCount,
    theoryCv: undefined,
  });
}

/** Load per node, exact where the layout allows, with the sampled figures beside it. */
export function balanceOf(p: Partitioner, counts: Uint32Array, sampleKeys: number, virtualNodes: number): Balance {
  const exact = exactShares(p);
  const n = p.nodes.length;
  const v = pointsPerNode(p, virtualNodes);
  return describeBalance({
    nodes: p.nodes,
    method: exact?.method ?? 'sampled',
    shares: exact?.shares,
    counts,
    sampleKeys,
    theoryCv: v === undefined ? undefined : Math.sqrt((n - 1) / (n * v + 1)),
  });
}

/** The headline spread over `shares` (the sampled one when absent), and the spread over `counts` of `sampleKeys`. */
function describeBalance(b: {
  nodes: readonly RingNode[];
  method: ShareMethod;
  shares: ArrayLike<number> | undefined;
  counts: ArrayLike<number>;
  sampleKeys: number;
  theoryCv: number | undefined;
}): Balance {
  const expected = expectedShares(b.nodes);
  const sampled = Float64Array.from(b.nodes, (_, i) => (b.counts[i] ?? 0) / Math.max(1, b.sampleKeys));
  const shares = b.shares ?? sampled;
  const headline = spread(shares, expected);
  const fromSample = spread(sampled, expected);
  return {
    method: b.method,
    perNode: b.nodes.map((node, i) => ({
      id: node.id,
      weight: node.weight,
      zone: node.zone,
      share: shares[i] ?? 0,
      expectedShare: expected[i] ?? 0,
      sampledKeys: b.counts[i] ?? 0,
    })),
    maxOverMean: headline.max,
    cv: headline.cv,
    sampledMaxOverMean: fromSample.max,
    sampledCv: fromSample.cv,
    sampleKeys: b.sampleKeys,
    samplingNoiseCv: Math.sqrt((b.nodes.length - 1) / Math.max(1, b.sampleKeys)),
    theoryCv: b.theoryCv,
  };
}

export interface Move {
  readonly from: string;
  readonly to: string;
  readonly fraction: number;
  readonly sampledKeys: number;
}

export interface Movement {
  readonly method: ShareMethod;
  /** Fraction of keys whose owner changes (exact when `method` says so). */
  readonly movedFraction: number;
  readonly sampledMovedFraction: number;
  /** The least any placement must move: the total variation between the fair shares before and after. */
  readonly idealFraction: number;
  /** Moved fraction that went from a node whose fair share did not shrink, or to one whose share did not grow. */
  readonly churnFraction: number;
  /** Moves by (from, to), largest first. */
  readonly moves: readonly Move[];
}

/** Key movement between two placements of the same algorithm, exact where both layouts allow it. */
export function movementOf(
  before: Partitioner,
  after: Partitioner,
  space: IdSpace,
  sample: SampledPlacement,
): Movement {
  const idCount = space.ids.length;
  const exact = exactTransfers(before, after, space);
  const sampleKeys = Math.max(1, sample.keys);
  const fractions = exact?.moves ?? new Map([...sample.moves].map(([k, c]) => [k, c / sampleKeys]));
  const fairBefore = fairById(before.nodes, space.ofBefore, idCount);
  const fairAfter = fairById(after.nodes, space.ofAfter, idCount);
  let moved = 0;
  let churn = 0;
  const moves: Move[] = [];
  for (const key of new Set([...fractions.keys(), ...sample.moves.keys()])) {
    const from = Math.floor(key / idCount);
    const to = key % idCount;
    const fraction = fractions.get(key) ?? 0;
    moved += fraction;
    const needed = (fairAfter[from] ?? 0) < (fairBefore[from] ?? 0) && (fairAfter[to] ?? 0) > (fairBefore[to] ?? 0);
    if (!needed) churn += fraction;
    moves.push({
      from: space.ids[from] ?? '',
      to: space.ids[to] ?? '',
      fraction,
      sampledKeys: sample.moves.get(key) ?? 0,
    });
  }
  moves.sort(
    (a, b) => b.fraction - a.fraction || b.sampledKeys - a.sampledKeys || (a.from + a.to < b.from + b.to ? -1 : 1),
  );
  let ideal = 0;
  for (let i = 0; i < idCount; i++) ideal += Math.max(0, (fairAfter[i] ?? 0) - (fairBefore[i] ?? 0));
  return {
    method: exact?.method ?? 'sampled',
    movedFraction: moved,
    sampledMovedFraction: sample.moved / sampleKeys,
    idealFraction: ideal,
    churnFraction: churn,
    moves,
  };
}

function fairById(nodes: readonly RingNode[], ids: Int32Array, idCount: number): Float64Array {
  const fair = new Float64Array(idCount);
  const expected = expectedShares(nodes);
  nodes.forEach((_, i) => (fair[ids[i] ?? 0] = expected[i] ?? 0));
  return fair;
}

function exactTransfers(
  before: Partitioner,
  after: Partitioner,
  space: IdSpace,
): { method: ShareMethod; moves: Map<number, number> } | undefined {
  const a = before.exact;
  const b = after.exact;
  const idCount = space.ids.length;
  if (a?.kind === 'continuum' && b?.kind === 'continuum') {
    return {
      method: 'exact_hash_space',
      moves: continuumTransfers(a.continuum, b.continuum, space.ofBefore, space.ofAfter, idCount),
    };
  }
  if (a?.kind === 'table' && b?.kind === 'table' && a.table.length === b.table.length) {
    const moves = new Map<number, number>();
    for (let slot = 0; slot < a.table.length; slot++) {
      const from = space.ofBefore[a.table[slot] ?? 0] ?? 0;
      const to = space.ofAfter[b.table[slot] ?? 0] ?? 0;
      if (from !== to) moves.set(from * idCount + to, (moves.get(from * idCount + to) ?? 0) + 1 / a.table.length);
    }
    return { method: 'exact_table', moves };
  }
  return undefined;
}
