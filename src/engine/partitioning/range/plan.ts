import { configError } from '../../errors.js';
import { loadBalance, type Balance } from '../analysis.js';
import { utf8 } from '../hash/utf8.js';
import { checkNodes, type RingNode } from '../nodes.js';
import { createRing, DEFAULT_VIRTUAL_NODES } from '../ring.js';
import { checkReplicas } from '../placement.js';
import { keyData, type KeyData, type KeyDataSpec } from './key-data.js';
import { compareKeys } from './key-order.js';
import {
  assignOwners,
  checkSplitPoints,
  nodeLoads,
  quantileSplits,
  rangeReplicas,
  rangesFrom,
  type KeyRange,
} from './layout.js';
import { answerQuery, checkQuery, type RangeQuery, type RangeQueryAnswer } from './query.js';
import { splitHotRanges, type HotSpotSplit } from './split-hot.js';

export const DEFAULT_HOT_LOAD_FACTOR = 1.5;

export interface RangePartitioningSpec extends Omit<KeyDataSpec, 'sampleKeys' | 'seed'> {
  readonly nodes: readonly RingNode[];
  readonly sampleKeys?: number | undefined;
  readonly seed?: number | undefined;
  /** Explicit split points (strictly increasing); otherwise `partitions` quantiles of the keys. */
  readonly splitPoints?: readonly string[] | undefined;
  /** Ranges to cut the keys into when no split points are given; default one per node. */
  readonly partitions?: number | undefined;
  /** Quantiles by key count (equal data per range, the default) or by load. */
  readonly splitBy?: 'keys' | 'load' | undefined;
  /** A range is hot above this many times the mean range load (default 1.5)... */
  readonly hotLoadFactor?: number | undefined;
  /** ...or above this absolute load, in the unit of the key loads. */
  readonly hotLoadThreshold?: number | undefined;
  readonly replicas?: number | undefined;
  readonly distinctZones?: boolean | undefined;
  readonly query?: RangeQuery | undefined;
  /**
   * Test-only: after splitting, deal ranges to nodes by position (range i on node i mod n), the naive layout in which
   * one new range shifts every later one; it proves the moved-keys check catches needless moves.
   */
  readonly __plantedBug?: 'deal_by_position' | undefined;
}

/** A range of a layout, with node ids resolved. */
export interface RangeView {
  readonly start: string;
  /** undefined: the range runs to the end of the key space. */
  readonly end: string | undefined;
  readonly node: string;
  readonly replicas: readonly string[];
  readonly keys: number;
  readonly load: number;
  readonly hot: boolean;
}

export interface NodeRangeLoad {
  readonly id: string;
  readonly weight: number;
  readonly load: number;
  readonly keys: number;
  readonly ranges: number;
}

export interface RangeKeyAssignment {
  readonly key: string;
  readonly range: number;
  readonly node: string;
  readonly replicas: readonly string[];
  readonly rangeAfter?: number | undefined;
  readonly nodeAfter?: string | undefined;
  readonly moved?: boolean | undefined;
}

export interface RangePartitioning {
  readonly seed: number;
  readonly source: KeyData['source'];
  readonly keyCount: number;
  readonly totalLoad: number;
  /** True when every key weighs 1: loads are key counts. */
  readonly unitLoads: boolean;
  readonly splitSource: 'split_points' | 'key_quantiles' | 'load_quantiles';
  readonly threshold: number;
  readonly before: readonly RangeView[];
  /** The layout after hot ranges were split; undefined when none was. */
  readonly after: readonly RangeView[] | undefined;
  readonly hot: HotSpotSplit['hot'];
  readonly moves: readonly {
    readonly start: string;
    readonly end: string | undefined;
    readonly from: string;
    readonly to: string;
    readonly keys: number;
    readonly load: number;
  }[];
  /** Every key that changes node, in key order (found by comparing each key's owner before and after). */
  readonly movedKeys: readonly string[];
  readonly movedLoad: number;
  /** Moved keys that were not in a split range: 0 unless there is a bug. */
  readonly movedOutsideSplitRanges: number;
  readonly loadsBefore: readonly NodeRangeLoad[];
  readonly loadsAfter: readonly NodeRangeLoad[] | undefined;
  /** Node balance over load (headline) and key counts (`sampled*`), before and after splitting. */
  readonly balance: Balance;
  readonly balanceAfter: Balance | undefined;
  /** Bytes of the split points (UTF-8) plus a 2-byte owner per range: what every router must hold. */
  readonly memoryBytes: number;
  /** Key comparisons per lookup: a binary search over the range starts. */
  readonly stepsPerLookup: number;
  readonly assignments: readonly RangeKeyAssignment[];
  readonly query?: (RangeQuery & RangeQueryAnswer & { readonly after?: RangeQueryAnswer | undefined }) | undefined;
  readonly distinctZones: boolean;
  readonly hashing: string;
  readonly budgetExhausted: boolean;
  readonly nodes: readonly RingNode[];
}

/**
 * Range partitioning (the seed's "ordered data locality"): cuts the keys into ranges, gives each an owner, finds the
 * hot spots and splits them, and answers a range scan against the layout before and after.
 */
export function planRangePartitioning(spec: RangePartitioningSpec): RangePartitioning {
  const { nodes } = spec;
  checkNodes(nodes);
  const replicas = spec.replicas ?? 1;
  const distinctZones = spec.distinctZones ?? nodes.every((n) => n.zone !== undefined);
  checkReplicas(nodes, replicas, distinctZones, 'replicas');
  if (spec.query) checkQuery(spec.query);
  const seed = spec.seed ?? 0;
  const data = keyData({ ...spec, sampleKeys: spec.sampleKeys ?? 10_000, seed });
  const { splits, splitSource } = chooseSplits(spec, data);
  const ranges = rangesFrom(data, splits);
  assignOwners(ranges, nodes);
  const threshold = hotThreshold(spec, data.totalLoad, ranges.length);
  const split = splitHotRanges(data, ranges, nodes, threshold);
  if (spec.__plantedBug === 'deal_by_position') split.after.forEach((r, i) => (r.owner = i % nodes.length));
  const didSplit = split.after.length > ranges.length;
  const moved = movedKeys(data, ranges, split);
  const view = (layout: readonly KeyRange[]): RangeView[] =>
    layout.map((r) => ({
      start: r.start,
      end: r.end,
      node: nodes[r.owner]?.id ?? '',
      replicas: rangeReplicas(r.owner, nodes, replicas, distinctZones).map((i) => nodes[i]?.id ?? ''),
      keys: r.hi - r.lo,
      load: r.load,
      hot: r.load > threshold,
    }));
  const hashed = createRing(nodes, DEFAULT_VIRTUAL_NODES);
  const loadsBefore = loadTable(ranges, nodes);
  const loadsAfter = didSplit ? loadTable(split.after, nodes) : undefined;
  const queryBefore = spec.query ? answerQuery(data, ranges, spec.query, hashed) : undefined;
  return {
    seed,
    source: data.source,
    keyCount: data.keys.length,
    totalLoad: data.totalLoad,
    unitLoads: data.unitLoads,
    splitSource,
    threshold,
    before: view(ranges),
    after: didSplit ? view(split.after) : undefined,
    hot: split.hot,
    moves: split.moves.map((m) => ({
      start: m.start,
      end: m.end,
      from: nodes[m.from]?.id ?? '',
      to: nodes[m.to]?.id ?? '',
      keys: m.hi - m.lo,
      load: m.load,
    })),
    movedKeys: moved.keys,
    movedLoad: moved.load,
    movedOutsideSplitRanges: moved.outsideSplits,
    loadsBefore,
    loadsAfter,
    balance: balanceOfTable(nodes, loadsBefore, data.keys.length),
    balanceAfter: loadsAfter ? balanceOfTable(nodes, loadsAfter, data.keys.length) : undefined,
    memoryBytes: splitBytes(didSplit ? split.after : ranges),
    stepsPerLookup: Math.ceil(Math.log2(Math.max(2, (didSplit ? split.after : ranges).length))),
    hashing:
      'none: keys stay in UTF-8 byte order; a key belongs to the last range whose start is at or before it (binary search over the range starts)',
    assignments: (spec.keys ?? []).map((key) =>
      assignKey(key, ranges, didSplit ? split.after : undefined, nodes, replicas, distinctZones),
    ),
    query:
      spec.query && queryBefore
        ? {
            ...spec.query,
            ...queryBefore,
            after: didSplit ? answerQuery(data, split.after, spec.query, hashed) : undefined,
          }
        : undefined,
    budgetExhausted: split.budgetExhausted,
    nodes,
    distinctZones,
  };
}

/**
 * The keys whose owner differs between the layouts, found key by key (not from the split's own list of moves, so a
 * placement that moved more than it reported would show here), and how many of them sat outside every split range.
 */
function movedKeys(
  data: KeyData,
  before: readonly KeyRange[],
  split: HotSpotSplit,
): { keys: string[]; load: number; outsideSplits: number } {
  const ownerBefore = new Int32Array(data.keys.length);
  const wasSplit = new Uint8Array(data.keys.length);
  const splitRanges = new Set(split.hot.filter((h) => h.splitAt.length > 0).map((h) => h.index));
  before.forEach((r, i) => {
    ownerBefore.fill(r.owner, r.lo, r.hi);
    if (splitRanges.has(i)) wasSplit.fill(1, r.lo, r.hi);
  });
  const keys: string[] = [];
  let load = 0;
  let outsideSplits = 0;
  for (const r of split.after) {
    for (let i = r.lo; i < r.hi; i++) {
      if (ownerBefore[i] === r.owner) continue;
      keys.push(data.keys[i] ?? '');
      load += data.loads[i] ?? 0;
      if (wasSplit[i] !== 1) outsideSplits++;
    }
  }
  return { keys, load, outsideSplits };
}

function chooseSplits(
  spec: RangePartitioningSpec,
  data: KeyData,
): { splits: readonly string[]; splitSource: RangePartitioning['splitSource'] } {
  if (spec.splitPoints !== undefined) {
    checkSplitPoints(spec.splitPoints);
    if (spec.partitions !== undefined && spec.partitions !== spec.splitPoints.length + 1) {
      throw configError(
        'partitions',
        `${spec.splitPoints.length} split points make ${spec.splitPoints.length + 1} ranges, not ${spec.partitions}; remove partitions or the split points`,
      );
    }
    if (spec.splitBy !== undefined)
      throw configError('split_by', 'split_by chooses computed split points; remove it or split_points');
    return { splits: spec.splitPoints, splitSource: 'split_points' };
  }
  const by = spec.splitBy ?? 'keys';
  return {
    splits: quantileSplits(data, spec.partitions ?? spec.nodes.length, by),
    splitSource: by === 'keys' ? 'key_quantiles' : 'load_quantiles',
  };
}

function hotThreshold(spec: RangePartitioningSpec, totalLoad: number, ranges: number): number {
  if (spec.hotLoadThreshold !== undefined) {
    if (spec.hotLoadFactor !== undefined) {
      throw configError(
        'hot_load_threshold',
        'give hot_load_threshold (absolute) or hot_load_factor (relative), not both',
      );
    }
    if (!(spec.hotLoadThreshold > 0)) throw configError('hot_load_threshold', 'hot_load_threshold must be > 0');
    return spec.hotLoadThreshold;
  }
  const factor = spec.hotLoadFactor ?? DEFAULT_HOT_LOAD_FACTOR;
  if (!(factor >= 1) || factor > 100) throw configError('hot_load_factor', 'hot_load_factor must be in 1..100');
  return (factor * totalLoad) / ranges;
}

function loadTable(layout: readonly KeyRange[], nodes: readonly RingNode[]): NodeRangeLoad[] {
  const { loads, keys } = nodeLoads(layout, nodes.length);
  const ranges = new Uint32Array(nodes.length);
  for (const r of layout) ranges[r.owner] = (ranges[r.owner] ?? 0) + 1;
  return nodes.map((n, i) => ({
    id: n.id,
    weight: n.weight,
    load: loads[i] ?? 0,
    keys: keys[i] ?? 0,
    ranges: ranges[i] ?? 0,
  }));
}

function balanceOfTable(nodes: readonly RingNode[], table: readonly NodeRangeLoad[], keyCount: number): Balance {
  return loadBalance(
    nodes,
    table.map((t) => t.load),
    table.map((t) => t.keys),
    keyCount,
  );
}

function splitBytes(layout: readonly KeyRange[]): number {
  return layout.reduce((s, r) => s + utf8(r.start).length + 2, 0);
}

/** Index of the range holding `key`: the last whose start is at or before it. */
export function rangeIndexOf(layout: readonly { readonly start: string }[], key: string): number {
  let low = 0;
  let high = layout.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (compareKeys(layout[mid]?.start ?? '', key) <= 0) low = mid;
    else high = mid - 1;
  }
  return low;
}

function assignKey(
  key: string,
  before: readonly KeyRange[],
  after: readonly KeyRange[] | undefined,
  nodes: readonly RingNode[],
  replicas: number,
  distinctZones: boolean,
): RangeKeyAssignment {
  const range = rangeIndexOf(before, key);
  const owner = before[range]?.owner ?? 0;
  const ids = (owner: number): string[] =>
    rangeReplicas(owner, nodes, replicas, distinctZones).map((i) => nodes[i]?.id ?? '');
  const base = { key, range, node: nodes[owner]?.id ?? '', replicas: ids(owner) };
  if (!after) return base;
  const rangeAfter = rangeIndexOf(after, key);
  const ownerAfter = after[rangeAfter]?.owner ?? 0;
  return { ...base, rangeAfter, nodeAfter: nodes[ownerAfter]?.id ?? '', moved: ownerAfter !== owner };
}
