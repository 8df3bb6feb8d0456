/**
 * Unsigned 64-bit arithmetic on (hi, lo) pairs of uint32, for the hashes that are defined on 64-bit words
 * (MurmurHash3 x64, Jump's linear congruential generator). BigInt would do it in one line but is ~50x slower on the
 * lookup path. Results land in the module's registers `hi` and `lo` (read them with `u64.hi` / `u64.lo` right away).
 */
export const u64 = { hi: 0, lo: 0 };

/** High 32 bits of the 64-bit product of two uint32 (16-bit limbs keep every partial product exact in a double). */
export function mulHi32(a: number, b: number): number {
  const a1 = a >>> 16;
  const a0 = a & 0xffff;
  const b1 = b >>> 16;
  const b0 = b & 0xffff;
  const mid1 = a1 * b0 + ((a0 * b0) >>> 16);
  const mid2 = a0 * b1 + (mid1 & 0xffff);
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16)) >>> 0;
}

/** (ah:al) * (bh:bl) mod 2^64. */
export function mul64(ah: number, al: number, bh: number, bl: number): void {
  u64.hi = (mulHi32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  u64.lo = Math.imul(al, bl) >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64. */
export function add64(ah: number, al: number, bh: number, bl: number): void {
  const lo = (al >>> 0) + (bl >>> 0);
  u64.hi = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  u64.lo = lo >>> 0;
}

/** Rotate left by 1..63 bits. */
export function rotl64(hi: number, lo: number, bits: number): void {
  if (bits >= 32) {
    const t = hi;
    hi = lo;
    lo = t;
    bits -= 32;
  }
  if (bits === 0) {
    u64.hi = hi >>> 0;
    u64.lo = lo >>> 0;
    return;
  }
  u64.hi = ((hi << bits) | (lo >>> (32 - bits))) >>> 0;
  u64.lo = ((lo << bits) | (hi >>> (32 - bits))) >>> 0;
}

/** The pair as an unsigned decimal string (for output and tests; not on hot paths). */
export function u64ToString(hi: number, lo: number): string {
  return (BigInt(hi >>> 0) * 0x100000000n + BigInt(lo >>> 0)).toString();
}
