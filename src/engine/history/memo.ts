/**
 * The memo of configurations already explored: (linearized set, model state) pairs. Lowe 2017 §4 and Porcupine
 * prune a branch when its configuration was seen before, since the rest of the search from there is identical.
 * Stored in flat typed arrays (chained hash table), so its size in bytes is exact and can be budgeted.
 */
import type { LinearizedSet } from './linearized-set.js';

const INITIAL_BUCKETS = 1 << 10;

export class Memo {
  private buckets = new Int32Array(INITIAL_BUCKETS).fill(-1);
  private entryHash = new Int32Array(256);
  private entryNext = new Int32Array(256);
  private entryStart = new Int32Array(257);
  private pool = new Int32Array(4096);
  private entries = 0;
  private readonly scratch: Int32Array;

  /** `ignoreState` is a planted bug for tests only (see HistoryCheckOptions.__plantedBug). */
  constructor(
    setSize: number,
    private readonly ignoreState = false,
  ) {
    this.scratch = new Int32Array(setSize + 2);
  }

  get size(): number {
    return this.entries;
  }

  /** Bytes held by the table (what the memory budget counts). */
  get bytes(): number {
    return (
      this.buckets.byteLength +
      this.entryHash.byteLength +
      this.entryNext.byteLength +
      this.entryStart.byteLength +
      this.pool.byteLength
    );
  }

  /** Records (set, state); returns false when it was already there. */
  add(set: LinearizedSet, stateIn: number): boolean {
    const state = this.ignoreState ? 0 : stateIn;
    const scratch = this.scratch;
    scratch[0] = state;
    const len = set.encode(scratch, 1) + 1;
    const hash = (set.hash ^ Math.imul(state + 0x7f4a7c15, 0x9e3779b1)) | 0;
    const mask = this.buckets.length - 1;
    for (let e = this.buckets[hash & mask] ?? -1; e !== -1; e = this.entryNext[e] ?? -1) {
      if (this.entryHash[e] === hash && this.equals(e, len)) return false;
    }
    this.insert(hash, len);
    return true;
  }

  private equals(entry: number, len: number): boolean {
    const start = this.entryStart[entry] ?? 0;
    if ((this.entryStart[entry + 1] ?? 0) - start !== len) return false;
    for (let i = 0; i < len; i++) if (this.pool[start + i] !== this.scratch[i]) return false;
    return true;
  }

  private insert(hash: number, len: number): void {
    const e = this.entries;
    if (e + 1 >= this.entryHash.length) this.growEntries();
    const start = this.entryStart[e] ?? 0;
    if (start + len > this.pool.length) this.pool = grow(this.pool, start + len);
    this.pool.set(this.scratch.subarray(0, len), start);
    this.entryStart[e + 1] = start + len;
    this.entryHash[e] = hash;
    const mask = this.buckets.length - 1;
    this.entryNext[e] = this.buckets[hash & mask] ?? -1;
    this.buckets[hash & mask] = e;
    this.entries++;
    if (this.entries > this.buckets.length) this.rehash();
  }

  private growEntries(): void {
    this.entryHash = grow(this.entryHash, this.entryHash.length * 2);
    this.entryNext = grow(this.entryNext, this.entryNext.length * 2);
    this.entryStart = grow(this.entryStart, this.entryHash.length + 1, this.entryHash.length + 1);
  }

  private rehash(): void {
    this.buckets = new Int32Array(this.buckets.length * 2).fill(-1);
    const mask = this.buckets.length - 1;
    for (let e = 0; e < this.entries; e++) {
      const b = (this.entryHash[e] ?? 0) & mask;
      this.entryNext[e] = this.buckets[b] ?? -1;
      this.buckets[b] = e;
    }
  }
}

/** A copy of `array` with room for `atLeast` items: doubled (or exactly `exact` when given). */
function grow(array: Int32Array, atLeast: number, exact?: number): Int32Array<ArrayBuffer> {
  let size = exact ?? array.length * 2;
  while (size < atLeast) size *= 2;
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
