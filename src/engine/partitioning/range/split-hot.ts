import { assert } from '../../errors.js';
import type { RingNode } from '../nodes.js';
import { RANGE_LIMITS, loadOf, type KeyData } from './key-data.js';
import { lightestNode, nodeLoads, type KeyRange } from './layout.js';

/** A range that outgrew the threshold, and what splitting did to it. */
export interface HotRange {
  /** Index of the range in the layout before splitting. */
  readonly index: number;
  readonly load: number;
  /** Split keys chosen inside it, in key order (empty when it holds a single key). */
  readonly splitAt: readonly string[];
  /** Set when a single key carries more than the threshold: no split can divide it. */
  readonly hotKey?: { readonly key: string; readonly load: number } | undefined;
}

/** A piece of a split range that changed owner, with the keys it carries. */
export interface RangeMove {
  readonly start: string;
  readonly end: string | undefined;
  readonly from: number;
  readonly to: number;
  readonly lo: number;
  readonly hi: number;
  readonly load: number;
}

export interface HotSpotSplit {
  readonly threshold: number;
  readonly hot: readonly HotRange[];
  /** The layout after splitting, in key order. */
  readonly after: readonly KeyRange[];
  /** For each range of `after`, the index of the range it came from. */
  readonly parentOf: readonly number[];
  readonly moves: readonly RangeMove[];
  /** True when the split budget ran out before every splittable hot range was under the threshold. */
  readonly budgetExhausted: boolean;
}

/**
 * The seed's mitigation for range hot spots, "split busy ranges": every range over `threshold` is cut at the key that
 * best halves its load, again and again until each piece is under the threshold or is a single key (CockroachDB's
 * load-based splitting cuts at the load median the same way). The pieces are then dealt out like new ranges (LPT:
 * heaviest first onto the lightest node, staying put on a tie), so only keys of split ranges ever move.
 */
export function splitHotRanges(
  data: KeyData,
  ranges: readonly KeyRange[],
  nodes: readonly RingNode[],
  threshold: number,
): HotSpotSplit {
  let budget = RANGE_LIMITS.maxSplits;
  const hot: HotRange[] = [];
  const piecesOf = new Map<number, KeyRange[]>();
  ranges.forEach((range, index) => {
    if (range.load <= threshold) return;
    const cut = cutRange(data, range, threshold, budget);
    budget -= cut.pieces.length - 1;
    piecesOf.set(index, cut.pieces);
    hot.push({ index, load: range.load, splitAt: cut.pieces.slice(1).map((p) => p.start), hotKey: cut.hotKey });
  });
  const moves = placePieces(ranges, piecesOf, nodes);
  const after: KeyRange[] = [];
  const parentOf: number[] = [];
  ranges.forEach((range, index) => {
    // Copies, so that the layout before keeps its owners whatever happens to this one.
    for (const piece of piecesOf.get(index) ?? [{ ...range }]) {
      after.push(piece);
      parentOf.push(index);
    }
  });
  const budgetExhausted =
    budget <= 0 && [...piecesOf.values()].flat().some((p) => p.load > threshold && p.hi - p.lo > 1);
  return { threshold, hot, after, parentOf, moves, budgetExhausted };
}

/** Cuts one range at load medians until every piece is under the threshold or holds a single key. */
function cutRange(
  data: KeyData,
  range: KeyRange,
  threshold: number,
  budget: number,
): { pieces: KeyRange[]; hotKey: HotRange['hotKey'] } {
  const pieces: KeyRange[] = [];
  let hotKey: HotRange['hotKey'];
  let splits = 0;
  const visit = (piece: KeyRange): void => {
    if (piece.load <= threshold || splits >= budget || piece.hi - piece.lo < 2) {
      if (piece.load > threshold && piece.hi - piece.lo === 1) {
        hotKey = { key: data.keys[piece.lo] ?? '', load: piece.load };
      }
      pieces.push(piece);
      return;
    }
    const at = medianCut(data, piece.lo, piece.hi);
    const key = data.keys[at] ?? '';
    splits++;
    visit({ start: piece.start, end: key, lo: piece.lo, hi: at, load: loadOf(data, piece.lo, at), owner: range.owner });
    visit({ start: key, end: piece.end, lo: at, hi: piece.hi, load: loadOf(data, at, piece.hi), owner: range.owner });
  };
  visit(range);
  return { pieces, hotKey };
}

/** The index in (lo, hi) whose key, as a split point, leaves the two sides' loads closest to equal. */
function medianCut(data: KeyData, lo: number, hi: number): number {
  assert(hi - lo >= 2, 'a cut needs two keys');
  const half = ((data.prefix[lo] ?? 0) + (data.prefix[hi] ?? 0)) / 2;
  let low = lo + 1;
  let high = hi - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((data.prefix[mid] ?? 0) < half) low = mid + 1;
    else high = mid;
  }
  if (low > lo + 1 && half - (data.prefix[low - 1] ?? 0) <= (data.prefix[low] ?? 0) - half) low--;
  return low;
}

/** Takes each split range off its owner and deals its pieces out again, heaviest first; returns the moves. */
function placePieces(
  ranges: readonly KeyRange[],
  piecesOf: ReadonlyMap<number, KeyRange[]>,
  nodes: readonly RingNode[],
): RangeMove[] {
  const { loads } = nodeLoads(ranges, nodes.length);
  const counts = new Float64Array(nodes.length);
  for (const r of ranges) counts[r.owner] = (counts[r.owner] ?? 0) + 1;
  const moves: RangeMove[] = [];
  const order = [...piecesOf.keys()].sort((a, b) => (ranges[b]?.load ?? 0) - (ranges[a]?.load ?? 0) || a - b);
  for (const index of order) {
    const pieces = piecesOf.get(index) ?? [];
    const owner = ranges[index]?.owner ?? 0;
    if (pieces.length < 2) continue;
    loads[owner] = (loads[owner] ?? 0) - (ranges[index]?.load ?? 0);
    counts[owner] = (counts[owner] ?? 0) - 1;
    const heaviestFirst = [...pieces].sort((a, b) => b.load - a.load || a.lo - b.lo);
    for (const piece of heaviestFirst) {
      const to = lightestNode(nodes, loads, counts, piece.load, owner);
      piece.owner = to;
      loads[to] = (loads[to] ?? 0) + piece.load;
      counts[to] = (counts[to] ?? 0) + 1;
      if (to !== owner) {
        moves.push({
          start: piece.start,
          end: piece.end,
          lo: piece.lo,
          hi: piece.hi,
          load: piece.load,
          from: owner,
          to,
        });
      }
    }
  }
  return moves.sort((a, b) => a.lo - b.lo);
}
