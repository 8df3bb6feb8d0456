import { configError, limitError } from '../../errors.js';
import type { RingNode } from '../nodes.js';
import { zoneFilter } from '../partitioner.js';
import { RANGE_LIMITS, loadOf, type KeyData } from './key-data.js';
import { compareKeys, lowerBound } from './key-order.js';

/**
 * One range: keys from `start` (inclusive) to `end` (exclusive; undefined = the end of the key space), as HBase
 * regions and Bigtable tablets bound them. The first range starts at "", below every key. `lo`/`hi` index the
 * data's sorted keys that fall inside.
 */
export interface KeyRange {
  readonly start: string;
  readonly end: string | undefined;
  readonly lo: number;
  readonly hi: number;
  readonly load: number;
  /** Index into the nodes. */
  owner: number;
}

/** Ranges bounded by `splits` (strictly increasing), each with the keys and load it holds; owners unset (-1). */
export function rangesFrom(data: KeyData, splits: readonly string[]): KeyRange[] {
  const starts = ['', ...splits];
  return starts.map((start, i) => {
    const end = splits[i];
    const lo = i === 0 ? 0 : lowerBound(data.keys, start);
    const hi = end === undefined ? data.keys.length : lowerBound(data.keys, end);
    return { start, end, lo, hi, load: loadOf(data, lo, hi), owner: -1 };
  });
}

/** Refuses split points that are empty, too long, out of order or repeated: each would make ranges overlap. */
export function checkSplitPoints(splits: readonly string[]): void {
  if (splits.length + 1 > RANGE_LIMITS.maxPartitions) {
    throw limitError('split_points', `at most ${RANGE_LIMITS.maxPartitions - 1} split points`);
  }
  splits.forEach((split, i) => {
    if (split.length === 0 || split.length > RANGE_LIMITS.maxKeyLength) {
      throw configError(`split_points.${i}`, `split points must be 1..${RANGE_LIMITS.maxKeyLength} characters`);
    }
    const previous = splits[i - 1];
    if (previous !== undefined && compareKeys(previous, split) >= 0) {
      throw configError(
        `split_points.${i}`,
        `"${split}" does not sort after split_points.${i - 1} "${previous}": split points must be strictly increasing in byte order (out of order or repeated, the ranges they bound would overlap or be empty)`,
      );
    }
  });
}

/**
 * Split points for `partitions` ranges of about equal weight: the j-th falls where the running total crosses j/N of
 * it (quantiles, the way HBase and Bigtable pre-split a table from a key sample). `by: 'keys'` weighs every key 1
 * (equal data per range, as size-based splitting does); `by: 'load'` weighs keys by their load. Each range keeps at
 * least one key, so one very heavy key can leave its neighbours lighter than the quantiles ask.
 */
export function quantileSplits(data: KeyData, partitions: number, by: 'keys' | 'load'): string[] {
  const m = data.keys.length;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > RANGE_LIMITS.maxPartitions) {
    throw limitError('partitions', `partitions must be an integer in 1..${RANGE_LIMITS.maxPartitions}`);
  }
  if (partitions > m) {
    throw configError(
      'partitions',
      `${partitions} partitions need at least as many distinct keys, and there are ${m}; lower partitions or give more keys`,
    );
  }
  const running = (i: number): number => (by === 'keys' ? i : (data.prefix[i] ?? 0));
  const total = running(m);
  const splits: string[] = [];
  let previous = 0;
  for (let j = 1; j < partitions; j++) {
    const target = (total * j) / partitions;
    // First index whose running total (of the keys before it) reaches the target, or the one before if nearer.
    let i = firstReaching(running, m, target);
    if (i > 1 && target - running(i - 1) < running(i) - target) i--;
    i = Math.min(Math.max(i, previous + 1), m - (partitions - j));
    splits.push(data.keys[i] ?? '');
    previous = i;
  }
  return splits;
}

/** Smallest i in 0..m with running(i) >= target (running is non-decreasing). */
function firstReaching(running: (i: number) => number, m: number, target: number): number {
  let low = 0;
  let high = m;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (running(mid) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Gives each range an owner: heaviest range first, onto the node whose load per unit of weight stays lowest (Graham's
 * LPT rule, 1969, what load-based balancers such as CockroachDB's approximate). Ties go to the node with fewer ranges
 * per weight, then to the earlier node, so equal loads deal ranges out in node order.
 */
export function assignOwners(ranges: KeyRange[], nodes: readonly RingNode[]): Float64Array {
  const loads = new Float64Array(nodes.length);
  const counts = new Float64Array(nodes.length);
  const order = ranges.map((_, i) => i).sort((a, b) => (ranges[b]?.load ?? 0) - (ranges[a]?.load ?? 0) || a - b);
  for (const r of order) {
    const range = ranges[r];
    if (!range) continue;
    const owner = lightestNode(nodes, loads, counts, range.load);
    range.owner = owner;
    loads[owner] = (loads[owner] ?? 0) + range.load;
    counts[owner] = (counts[owner] ?? 0) + 1;
  }
  return loads;
}

/**
 * The node with the lowest (load + extra) / weight. Ties (within a relative 1e-9, so float noise does not decide)
 * go to `prefer` (a range's current owner: staying moves nothing), then to fewer ranges per weight, then to the
 * earlier node.
 */
export function lightestNode(
  nodes: readonly RingNode[],
  loads: Float64Array,
  counts: Float64Array,
  extra: number,
  prefer = -1,
): number {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) if (lighter(i, best)) best = i;
  return best;

  function lighter(a: number, b: number): boolean {
    const la = ((loads[a] ?? 0) + extra) / (nodes[a]?.weight ?? 1);
    const lb = ((loads[b] ?? 0) + extra) / (nodes[b]?.weight ?? 1);
    if (Math.abs(la - lb) > 1e-9 * Math.max(1, la, lb)) return la < lb;
    if ((a === prefer) !== (b === prefer)) return a === prefer;
    return ((counts[a] ?? 0) + 1) / (nodes[a]?.weight ?? 1) < ((counts[b] ?? 0) + 1) / (nodes[b]?.weight ?? 1);
  }
}

/**
 * A range's replicas: its owner, then the next nodes in list order (wrapping), skipping a zone already used when
 * zones must differ: SimpleStrategy over an ordered partitioner, as Cassandra's ByteOrderedPartitioner places them.
 */
export function rangeReplicas(
  owner: number,
  nodes: readonly RingNode[],
  count: number,
  distinctZones: boolean,
): number[] {
  const accept = zoneFilter(nodes, distinctZones);
  const chosen: number[] = [];
  for (let step = 0; step < nodes.length && chosen.length < count; step++) {
    const i = (owner + step) % nodes.length;
    if (accept(i)) chosen.push(i);
  }
  return chosen;
}

/** Per-node load of a layout. */
export function nodeLoads(ranges: readonly KeyRange[], nodeCount: number): { loads: Float64Array; keys: Uint32Array } {
  const loads = new Float64Array(nodeCount);
  const keys = new Uint32Array(nodeCount);
  for (const r of ranges) {
    loads[r.owner] = (loads[r.owner] ?? 0) + r.load;
    keys[r.owner] = (keys[r.owner] ?? 0) + (r.hi - r.lo);
  }
  return { loads, keys };
}
