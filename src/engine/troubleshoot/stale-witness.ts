/**
 * Stale reads in a client history, counted only where no order of the operations could excuse them: a read of a
 * key returned the value of write W1 (or the initial value), although another write W2 of that key was invoked
 * after W1 had completed and itself completed before the read was invoked. Real time then orders W1 < W2 < read,
 * and every linearization (Herlihy & Wing 1990) puts W2 between them, so the read should have seen W2 or later.
 * Values are unique per write in the simulator's workload, so a value names its write. This is a lower bound on
 * staleness (reads racing a write are never counted), cheap enough to run on every reproduction.
 */
import type { HistoryOp } from '../sim/history.js';

interface KeyWrites {
  /** Acknowledged writes of the key, by invocation time. */
  readonly invokedMs: number[];
  /** For each position, the earliest completion among that write and every write invoked later. */
  readonly laterOkMinMs: number[];
  /** Completion time of each acknowledged write, by value. */
  readonly okMsByValue: Map<number, number>;
}

export function countStaleReads(history: readonly HistoryOp[]): number {
  const invokedAt = new Map<number, number>();
  const writes = new Map<string, { invokedMs: number; okMs: number; value: number }[]>();
  const reads: { key: string; value: number | null; invokedMs: number }[] = [];
  for (const op of history) {
    if (op.type === 'invoke') {
      invokedAt.set(op.process, op.time);
      continue;
    }
    if (op.type !== 'ok') continue;
    const invokedMs = invokedAt.get(op.process) ?? op.time;
    if (op.f === 'get') reads.push({ key: op.key, value: op.value, invokedMs });
    else if (op.value !== null) {
      const list = writes.get(op.key) ?? [];
      list.push({ invokedMs, okMs: op.time, value: op.value });
      writes.set(op.key, list);
    }
  }
  const index = new Map([...writes].map(([key, list]) => [key, keyWrites(list)]));
  return reads.filter((r) => {
    const w = index.get(r.key);
    if (!w) return false;
    // The write read must have completed (the initial value counts as completed at the start).
    const readOkMs = r.value === null ? -Infinity : w.okMsByValue.get(r.value);
    if (readOkMs === undefined) return false;
    const first = firstAfter(w.invokedMs, readOkMs);
    return first < w.invokedMs.length && (w.laterOkMinMs[first] ?? Infinity) < r.invokedMs;
  }).length;
}

function keyWrites(list: { invokedMs: number; okMs: number; value: number }[]): KeyWrites {
  const sorted = [...list].sort((a, b) => a.invokedMs - b.invokedMs);
  const laterOkMinMs = new Array<number>(sorted.length);
  let min = Infinity;
  for (let i = sorted.length - 1; i >= 0; i--) {
    min = Math.min(min, sorted[i]?.okMs ?? Infinity);
    laterOkMinMs[i] = min;
  }
  return {
    invokedMs: sorted.map((w) => w.invokedMs),
    laterOkMinMs,
    okMsByValue: new Map(sorted.map((w) => [w.value, w.okMs])),
  };
}

/** The first position whose time is strictly after `t` (binary search over ascending times). */
function firstAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Infinity) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
