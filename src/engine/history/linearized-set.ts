/**
 * The set of operations linearized so far, as a bitset with an incrementally maintained Zobrist hash (XOR of one
 * fixed 32-bit code per operation), so the memo can hash (set, state) pairs in O(1) per step.
 *
 * `encode` writes a canonical compact form: [top, holes...], where `top` is one past the highest member and the
 * holes are the non-members below it. Only operations concurrent with the search frontier can be holes, so the
 * form stays short even on long histories (Porcupine stores whole bitsets; this is the same set, smaller).
 */
export class LinearizedSet {
  private readonly words: Uint32Array;
  private readonly codes: Int32Array;
  private hashValue = 0;
  /** Every word below `lo` is full. */
  private lo = 0;
  /** Every word at or above `hi` is empty. */
  private hi = 0;
  private members = 0;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32) + 1);
    this.codes = new Int32Array(size);
    for (let i = 0; i < size; i++) this.codes[i] = zobrist(i);
  }

  get hash(): number {
    return this.hashValue;
  }

  get count(): number {
    return this.members;
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    const k = i >>> 5;
    this.words[k] = (this.words[k] ?? 0) | (1 << (i & 31));
    this.hashValue ^= this.codes[i] ?? 0;
    this.members++;
    if (k >= this.hi) this.hi = k + 1;
    while (this.words[this.lo] === 0xffffffff) this.lo++;
  }

  delete(i: number): void {
    const k = i >>> 5;
    const w = (this.words[k] ?? 0) & ~(1 << (i & 31));
    this.words[k] = w;
    this.hashValue ^= this.codes[i] ?? 0;
    this.members--;
    if (k < this.lo) this.lo = k;
    while (this.hi > 0 && this.words[this.hi - 1] === 0) this.hi--;
  }

  /** Writes the canonical form into `out` and returns its length. */
  encode(out: Int32Array, offset: number): number {
    if (this.hi === 0) {
      out[offset] = 0;
      return 1;
    }
    const topWord = this.words[this.hi - 1] ?? 0;
    const top = (this.hi - 1) * 32 + (32 - Math.clz32(topWord));
    let len = 0;
    out[offset + len++] = top;
    for (let k = this.lo; k < this.hi; k++) {
      let missing = ~(this.words[k] ?? 0) >>> 0;
      while (missing !== 0) {
        const bit = missing & -missing;
        const index = k * 32 + (31 - Math.clz32(bit));
        if (index >= top) break;
        out[offset + len++] = index;
        missing = (missing ^ bit) >>> 0;
      }
    }
    return len;
  }

  /** Members in increasing order (for tests and counterexamples). */
  toArray(): number[] {
    const result: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.has(i)) result.push(i);
    return result;
  }
}

/** A fixed pseudo-random 32-bit code per index (splitmix32 finaliser): deterministic, well spread. */
export function zobrist(index: number): number {
  let z = (index + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}
