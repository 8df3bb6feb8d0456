import { fmix32 } from './hash/murmur3.js';
import type { RingNode } from './nodes.js';
import type { Partitioner } from './partitioner.js';
import { RANGE_LIMITS, keyData } from './range/key-data.js';
import { assignOwners, quantileSplits, rangesFrom, type KeyRange } from './range/layout.js';
import { rangeIndexOf } from './range/plan.js';

/**
 * Hash buckets that prefix a key arriving in order (a hash-sharded key, as CockroachDB's hash-sharded indexes and
 * HBase's salted row keys do): inserts spread over one tail range per bucket, and a scan asks every bucket.
 */
export const KEY_BUCKETS = 16;

/**
 * Keys arriving in increasing order, measured on a sequence: `storedKeys` keys cut into ranges, then `inserts` keys
 * that continue the sequence, each looked up in the layout. Fair insert share is by node weight.
 */
export interface SequentialEvidence {
  readonly storedKeys: number;
  readonly inserts: number;
  /** Plain ranges over the sequence: the ranges and nodes the inserts land on, busiest node over its fair share. */
  readonly insertRangesRange: number;
  readonly insertNodesRange: number;
  readonly insertMaxOverMeanRange: number;
  /** The ring's busiest node over its fair share, exact over the hash space: keys in order hash like any others. */
  readonly insertMaxOverMeanHash: number;
  /** Ranges over the same keys prefixed with one of `buckets` hash buckets, pre-split at the bucket boundaries. */
  readonly buckets: number;
  readonly insertRangesBucketed: number;
  readonly insertNodesBucketed: number;
  readonly insertMaxOverMeanBucketed: number;
  /** A scan over the first tenth of the stored sequence: nodes it asks under each layout, and bucketed ranges. */
  readonly scanNodesRange: number;
  readonly scanNodesBucketed: number;
  readonly scanRangesBucketed: number;
  readonly scanNodesHash: number;
}

const DIGITS = 12;
const sequenceKey = (i: number): string => `seq:${String(i).padStart(DIGITS, '0')}`;
/** A key's bucket: a hash of the key itself, so a reader can recompute it (here fmix32 of the sequence number). */
const bucketOf = (i: number, buckets: number): number =>
  fmix32((Math.imul(i, 0x9e3779b1) ^ 0x5bd1e995) >>> 0) % buckets;
const bucketedKey = (i: number, buckets: number): string =>
  `${String(bucketOf(i, buckets)).padStart(2, '0')}:${sequenceKey(i)}`;

interface Layout {
  readonly ranges: KeyRange[];
}

/** Plain ranges: `partitions` key quantiles of the sequence, owners by load (as the range layout cuts them). */
function cut(keys: string[], nodes: readonly RingNode[], partitions: number): Layout {
  const data = keyData({ keys, sampleKeys: 1, seed: 0 });
  const ranges = rangesFrom(data, quantileSplits(data, Math.min(partitions, keys.length), 'keys'));
  assignOwners(ranges, nodes);
  return { ranges };
}

/**
 * Bucketed ranges: pre-split at every bucket boundary ("01:", "02:"...), then each bucket cut into its share of the
 * `partitions` at its own key quantiles, so every bucket's newest keys have a tail range of their own.
 */
function cutBuckets(stored: number, buckets: number, nodes: readonly RingNode[], partitions: number): Layout {
  const byBucket: string[][] = Array.from({ length: buckets }, () => []);
  for (let i = 0; i < stored; i++) byBucket[bucketOf(i, buckets)]?.push(bucketedKey(i, buckets));
  const perBucket = Math.max(1, Math.floor(partitions / buckets));
  const splits: string[] = [];
  byBucket.forEach((keys, b) => {
    if (b > 0) splits.push(`${String(b).padStart(2, '0')}:`);
    const cuts = Math.min(perBucket, keys.length);
    for (let j = 1; j < cuts; j++) splits.push(keys[Math.floor((j * keys.length) / cuts)] ?? '');
  });
  const data = keyData({ keys: byBucket.flat(), sampleKeys: 1, seed: 0 });
  const ranges = rangesFrom(data, splits);
  assignOwners(ranges, nodes);
  return { ranges };
}

interface Spread {
  readonly ranges: number;
  readonly nodes: number;
  readonly maxOverMean: number;
}

/** Where `count` keys land: distinct ranges and nodes, and the busiest node over its weighted fair share. */
function spreadOf(
  nodes: readonly RingNode[],
  count: number,
  ownerOf: (i: number) => [range: number, node: number],
): Spread {
  const perNode = new Float64Array(nodes.length);
  const ranges = new Set<number>();
  for (let i = 0; i < count; i++) {
    const [range, node] = ownerOf(i);
    ranges.add(range);
    perNode[node] = (perNode[node] ?? 0) + 1;
  }
  const weights = nodes.reduce((s, n) => s + n.weight, 0);
  let max = 0;
  let used = 0;
  nodes.forEach((n, i) => {
    const got = perNode[i] ?? 0;
    if (got > 0) used++;
    max = Math.max(max, got / ((count * n.weight) / weights));
  });
  return { ranges: ranges.size, nodes: used, maxOverMean: max };
}

/**
 * Measures inserts of keys arriving in order under plain ranges and bucketed ranges: `stored` keys of a sequence are
 * cut into `partitions` ranges (key quantiles, owners by load, as the range layout does), then the next `stored` keys
 * of the sequence are looked up in it. Scans over the first tenth of the stored sequence also go through the ring.
 */
export function measureSequential(
  nodes: readonly RingNode[],
  ring: Partitioner,
  stored: number,
  partitions: number,
  hashMaxOverMean: number,
): SequentialEvidence {
  const buckets = Math.min(KEY_BUCKETS, nodes.length);
  const plain = cut(
    Array.from({ length: stored }, (_, i) => sequenceKey(i)),
    nodes,
    partitions,
  );
  const bucketed = cutBuckets(stored, buckets, nodes, Math.min(RANGE_LIMITS.maxPartitions, partitions));
  const at = (layout: Layout, key: string): [number, number] => {
    const r = rangeIndexOf(layout.ranges, key);
    return [r, layout.ranges[r]?.owner ?? 0];
  };
  const insertsPlain = spreadOf(nodes, stored, (i) => at(plain, sequenceKey(stored + i)));
  const insertsBucketed = spreadOf(nodes, stored, (i) => at(bucketed, bucketedKey(stored + i, buckets)));
  const scan = Math.max(2, Math.floor(stored / 10));
  const scanPlain = spreadOf(nodes, scan, (i) => at(plain, sequenceKey(i)));
  const scanBucketed = spreadOf(nodes, scan, (i) => at(bucketed, bucketedKey(i, buckets)));
  const scanHash = spreadOf(nodes, scan, (i) => [0, ring.lookup(sequenceKey(i))]);
  return {
    storedKeys: stored,
    inserts: stored,
    insertRangesRange: insertsPlain.ranges,
    insertNodesRange: insertsPlain.nodes,
    insertMaxOverMeanRange: insertsPlain.maxOverMean,
    insertMaxOverMeanHash: hashMaxOverMean,
    buckets,
    insertRangesBucketed: insertsBucketed.ranges,
    insertNodesBucketed: insertsBucketed.nodes,
    insertMaxOverMeanBucketed: insertsBucketed.maxOverMean,
    scanNodesRange: scanPlain.nodes,
    scanNodesBucketed: scanBucketed.nodes,
    scanRangesBucketed: scanBucketed.ranges,
    scanNodesHash: scanHash.nodes,
  };
}
