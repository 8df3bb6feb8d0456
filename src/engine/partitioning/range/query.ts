import { configError } from '../../errors.js';
import type { Partitioner } from '../partitioner.js';
import { loadOf, type KeyData } from './key-data.js';
import { compareKeys, lowerBound } from './key-order.js';
import type { KeyRange } from './layout.js';

/** A scan of [start, end): start inclusive, end exclusive, either side open when absent. */
export interface RangeQuery {
  readonly start?: string | undefined;
  readonly end?: string | undefined;
}

export interface RangeQueryAnswer {
  /** Indexes of the ranges the scan touches, in key order: always a contiguous run. */
  readonly ranges: readonly number[];
  /** Distinct owners of those ranges (node ids, in node order): the nodes the scan must contact. */
  readonly nodes: readonly string[];
  /** Keys of the data set inside [start, end), and their load. */
  readonly keys: number;
  readonly load: number;
  /** Where hashing would put the same keys: how many distinct nodes hold them under `hashed`. */
  readonly hashedNodes: number;
}

/** Refuses an empty or inverted interval. */
export function checkQuery(query: RangeQuery): void {
  if (query.start !== undefined && query.end !== undefined && compareKeys(query.start, query.end) >= 0) {
    throw configError(
      'range_end',
      `range_end "${query.end}" must sort after range_start "${query.start}" (the scan is [range_start, range_end))`,
    );
  }
}

/**
 * The ranges a scan touches. Ordered partitioning keeps neighbouring keys together, so a scan contacts only the
 * ranges covering its interval; `hashedNodes` counts the nodes a hash placement (`hashed`) scatters the same keys
 * over, which a scan there must all ask, since hashing keeps no order.
 */
export function answerQuery(
  data: KeyData,
  layout: readonly KeyRange[],
  query: RangeQuery,
  hashed: Partitioner,
): RangeQueryAnswer {
  const touched: number[] = [];
  layout.forEach((range, i) => {
    const startsBeforeEnd = query.end === undefined || compareKeys(range.start, query.end) < 0;
    const endsAfterStart =
      range.end === undefined || query.start === undefined || compareKeys(range.end, query.start) > 0;
    if (startsBeforeEnd && endsAfterStart) touched.push(i);
  });
  const lo = query.start === undefined ? 0 : lowerBound(data.keys, query.start);
  const hi = query.end === undefined ? data.keys.length : lowerBound(data.keys, query.end);
  const hashedOwners = new Set<number>();
  for (let i = lo; i < hi; i++) hashedOwners.add(hashed.lookup(data.keys[i] ?? ''));
  const owners = [...new Set(touched.map((i) => layout[i]?.owner ?? 0))]
    .sort((a, b) => a - b)
    .map((i) => hashed.nodes[i]?.id ?? '');
  return {
    ranges: touched,
    nodes: owners,
    keys: Math.max(0, hi - lo),
    load: hi > lo ? loadOf(data, lo, hi) : 0,
    hashedNodes: hashedOwners.size,
  };
}
