import { add64, mul64, rotl64, u64 } from './u64.js';
import { utf8 } from './utf8.js';

/**
 * MurmurHash3 (Austin Appleby, public domain reference `MurmurHash3.cpp`) over the UTF-8 bytes of a string:
 * x86_32 for ring positions and node seeds, x64_128 for the 64-bit key that Jump needs (its first half h1, the value
 * Guava's `asLong()` and Cassandra's Murmur3Partitioner take from the same function).
 */

/** MurmurHash3 fmix32: a bijective avalanche of a 32-bit word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3_x86_32 of the UTF-8 bytes of `text`, unsigned. */
export function murmur3x86(text: string, seed = 0): number {
  const { bytes, length } = utf8(text);
  let h = seed | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = length & 3;
  if (tail === 3) k ^= (bytes[whole + 2] ?? 0) << 16;
  if (tail >= 2) k ^= (bytes[whole + 1] ?? 0) << 8;
  if (tail >= 1) {
    k ^= bytes[whole] ?? 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  return fmix32(h ^ length);
}

const C1_HI = 0x87c37b91;
const C1_LO = 0x114253d5;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;

/** Reads 8 little-endian bytes at `at` (missing ones count as zero) into u64. */
function load64(bytes: Uint8Array, at: number, count: number): void {
  let lo = 0;
  let hi = 0;
  for (let i = Math.min(count, 8) - 1; i >= 0; i--) {
    const byte = bytes[at + i] ?? 0;
    if (i >= 4) hi = (hi << 8) | byte;
    else lo = (lo << 8) | byte;
  }
  u64.hi = hi >>> 0;
  u64.lo = lo >>> 0;
}

/** k * c1, rotl 31, * c2 (the mixing of a k1 word). */
function mixK1(hi: number, lo: number): void {
  mul64(hi, lo, C1_HI, C1_LO);
  rotl64(u64.hi, u64.lo, 31);
  mul64(u64.hi, u64.lo, C2_HI, C2_LO);
}

/** k * c2, rotl 33, * c1 (the mixing of a k2 word). */
function mixK2(hi: number, lo: number): void {
  mul64(hi, lo, C2_HI, C2_LO);
  rotl64(u64.hi, u64.lo, 33);
  mul64(u64.hi, u64.lo, C1_HI, C1_LO);
}

function fmix64(hi: number, lo: number): void {
  lo = (lo ^ (hi >>> 1)) >>> 0;
  mul64(hi, lo, 0xff51afd7, 0xed558ccd);
  hi = u64.hi;
  lo = (u64.lo ^ (u64.hi >>> 1)) >>> 0;
  mul64(hi, lo, 0xc4ceb9fe, 0x1a85ec53);
  u64.lo = (u64.lo ^ (u64.hi >>> 1)) >>> 0;
}

/**
 * MurmurHash3_x64_128 of the UTF-8 bytes of `text` with a 32-bit seed, written into `out` as
 * [h1 hi, h1 lo, h2 hi, h2 lo] (each unsigned).
 */
export function murmur3x64(text: string, out: Uint32Array, seed = 0): void {
  const { bytes, length } = utf8(text);
  let h1h = 0;
  let h1l = seed >>> 0;
  let h2h = 0;
  let h2l = seed >>> 0;
  const whole = length - (length & 15);
  for (let i = 0; i < whole; i += 16) {
    load64(bytes, i, 8);
    mixK1(u64.hi, u64.lo);
    h1h ^= u64.hi;
    h1l ^= u64.lo;
    rotl64(h1h, h1l, 27);
    add64(u64.hi, u64.lo, h2h, h2l);
    mul64(u64.hi, u64.lo, 0, 5);
    add64(u64.hi, u64.lo, 0, 0x52dce729);
    h1h = u64.hi;
    h1l = u64.lo;
    load64(bytes, i + 8, 8);
    mixK2(u64.hi, u64.lo);
    h2h ^= u64.hi;
    h2l ^= u64.lo;
    rotl64(h2h, h2l, 31);
    add64(u64.hi, u64.lo, h1h, h1l);
    mul64(u64.hi, u64.lo, 0, 5);
    add64(u64.hi, u64.lo, 0, 0x38495ab5);
    h2h = u64.hi;
    h2l = u64.lo;
  }
  const tail = length & 15;
  if (tail > 8) {
    load64(bytes, whole + 8, tail - 8);
    mixK2(u64.hi, u64.lo);
    h2h ^= u64.hi;
    h2l ^= u64.lo;
  }
  if (tail > 0) {
    load64(bytes, whole, tail);
    mixK1(u64.hi, u64.lo);
    h1h ^= u64.hi;
    h1l ^= u64.lo;
  }
  finish(h1h >>> 0, (h1l ^ length) >>> 0, h2h >>> 0, (h2l ^ length) >>> 0, out);
}

function finish(h1h: number, h1l: number, h2h: number, h2l: number, out: Uint32Array): void {
  add64(h1h, h1l, h2h, h2l);
  h1h = u64.hi;
  h1l = u64.lo;
  add64(h2h, h2l, h1h, h1l);
  h2h = u64.hi;
  h2l = u64.lo;
  fmix64(h1h, h1l);
  h1h = u64.hi;
  h1l = u64.lo;
  fmix64(h2h, h2l);
  h2h = u64.hi;
  h2l = u64.lo;
  add64(h1h, h1l, h2h, h2l);
  h1h = u64.hi;
  h1l = u64.lo;
  add64(h2h, h2l, h1h, h1l);
  out[0] = h1h;
  out[1] = h1l;
  out[2] = u64.hi;
  out[3] = u64.lo;
}
