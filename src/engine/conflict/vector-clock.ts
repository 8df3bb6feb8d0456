import { configError, limitError } from '../errors.js';
import { compareText } from './json-value.js';

/**
 * A vector clock (version vector): node id -> number of events of that node seen. A missing entry counts as 0.
 * Lamport 1978 (happened-before); Fidge 1988 and Mattern 1989 (vector time).
 */
export type VectorClock = ReadonlyMap<string, number>;

/** Causal relation of `a` to `b`. */
export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

export const MAX_CLOCK_ENTRIES = 256;
/** Counters stay far below 2^53 so that increments and sums stay exact. */
export const MAX_CLOCK_COUNTER = 1e12;
export const MAX_NODE_ID_CHARS = 128;

/**
 * `before`: every entry of a <= b's and one is smaller (a happened before b); `after` the reverse; `equal`;
 * `concurrent`: each has an event the other has not seen (Mattern 1989, Def. 6).
 */
export function compareClocks(a: VectorClock, b: VectorClock): ClockOrder {
  let aLess = false;
  let bLess = false;
  for (const [node, countA] of a) {
    const countB = b.get(node) ?? 0;
    if (countA < countB) aLess = true;
    else if (countA > countB) bLess = true;
  }
  for (const [node, countB] of b) {
    if (!a.has(node) && countB > 0) aLess = true;
  }
  if (aLess && bLess) return 'concurrent';
  if (aLess) return 'before';
  if (bLess) return 'after';
  return 'equal';
}

/** true when a <= b entry by entry (a is equal to or happened before b). */
export function clockLeq(a: VectorClock, b: VectorClock): boolean {
  for (const [node, count] of a) if (count > (b.get(node) ?? 0)) return false;
  return true;
}

/** The entry-wise maximum: the least clock that has seen everything both have seen. */
export function mergeClocks(a: VectorClock, b: VectorClock): Map<string, number> {
  const merged = new Map(a);
  for (const [node, count] of b) if (count > (merged.get(node) ?? 0)) merged.set(node, count);
  return merged;
}

/** The clock after `node` records one more event (a write at that node). */
export function incrementClock(clock: VectorClock, node: string): Map<string, number> {
  const next = new Map(clock);
  const count = (clock.get(node) ?? 0) + 1;
  if (count > MAX_CLOCK_COUNTER) throw limitError(node, `the counter of ${node} would pass ${MAX_CLOCK_COUNTER}`);
  next.set(node, count);
  return next;
}

/** Sorted by node id, as a plain object for results: deterministic output whatever order entries arrived in. */
export function clockToObject(clock: VectorClock): Record<string, number> {
  const entries = [...clock].sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries);
}

/**
 * Reads a caller's clock object. Negative, fractional or oversized counters, empty or long node ids and too many
 * entries are config errors naming `path` (the input field).
 */
export function clockFromObject(value: unknown, path: string, what = 'vector clock counters'): Map<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw configError(path, 'must be an object mapping node id to a counter, e.g. {"node-a": 3, "node-b": 1}');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CLOCK_ENTRIES) {
    throw configError(path, `has ${entries.length} entries; the limit is ${MAX_CLOCK_ENTRIES} nodes`);
  }
  const clock = new Map<string, number>();
  for (const [node, count] of entries) {
    checkNodeId(node, `${path}.${node}`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_CLOCK_COUNTER) {
      throw configError(
        `${path}.${node}`,
        `counter ${JSON.stringify(count)} is invalid: ${what} are integers 0..${MAX_CLOCK_COUNTER} (they count events, so never negative)`,
      );
    }
    clock.set(node, count);
  }
  return clock;
}

export function checkNodeId(node: unknown, path: string): string {
  if (typeof node !== 'string' || node.length === 0 || node.length > MAX_NODE_ID_CHARS) {
    throw configError(path, `node ids are non-empty strings of at most ${MAX_NODE_ID_CHARS} characters`);
  }
  return node;
}
