import { utf8 } from './utf8.js';

/**
 * MD5 (RFC 1321), written out so the engine needs no node:crypto. Ketama places servers and keys with it, so its
 * output must be bit-exact: the RFC's test suite and node:crypto are its oracles in the tests.
 */

// RFC 1321 §3.4: T[i] = floor(2^32 * abs(sin(i + 1))), spelled out rather than computed so no libm is involved.
const T = Int32Array.from([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
  0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
  0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
  0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
  0xeb86d391,
]);
const SHIFT = Uint8Array.from([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4,
  11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]);
// Message word used by step i: round 1 takes i, round 2 (5i+1) mod 16, round 3 (3i+5) mod 16, round 4 7i mod 16.
const WORD = Uint8Array.from({ length: 64 }, (_, i) =>
  i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16,
);

let block = new Int32Array(16);
const state = new Int32Array(4);

function compress(words: Int32Array, offset: number): void {
  let a = state[0] ?? 0;
  let b = state[1] ?? 0;
  let c = state[2] ?? 0;
  let d = state[3] ?? 0;
  for (let i = 0; i < 64; i++) {
    let f: number;
    if (i < 16) f = (b & c) | (~b & d);
    else if (i < 32) f = (d & b) | (~d & c);
    else if (i < 48) f = b ^ c ^ d;
    else f = c ^ (b | ~d);
    const sum = (a + f + (T[i] ?? 0) + (words[offset + (WORD[i] ?? 0)] ?? 0)) | 0;
    const s = SHIFT[i] ?? 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  state[0] = ((state[0] ?? 0) + a) | 0;
  state[1] = ((state[1] ?? 0) + b) | 0;
  state[2] = ((state[2] ?? 0) + c) | 0;
  state[3] = ((state[3] ?? 0) + d) | 0;
}

/**
 * MD5 of the UTF-8 bytes of `text`, written into `out` as four little-endian 32-bit words (unsigned): out[0] is
 * digest bytes 0..3 read little-endian, which is how libketama turns a digest into continuum points.
 */
export function md5Words(text: string, out: Uint32Array): void {
  const { bytes, length } = utf8(text);
  // Padding (RFC 1321 §3.1-3.2): 0x80, zeros up to 56 mod 64, then the bit length as 64-bit little-endian.
  const blocks = ((length + 8) >> 6) + 1;
  if (block.length < blocks * 16) block = new Int32Array(blocks * 16);
  const words = block;
  words.fill(0, 0, blocks * 16);
  for (let i = 0; i < length; i++) words[i >> 2] = (words[i >> 2] ?? 0) | ((bytes[i] ?? 0) << ((i & 3) << 3));
  words[length >> 2] = (words[length >> 2] ?? 0) | (0x80 << ((length & 3) << 3));
  words[blocks * 16 - 2] = (length * 8) | 0;
  words[blocks * 16 - 1] = Math.floor(length / 0x20000000);
  state[0] = 0x67452301;
  state[1] = 0xefcdab89 | 0;
  state[2] = 0x98badcfe | 0;
  state[3] = 0x10325476;
  for (let i = 0; i < blocks; i++) compress(words, i * 16);
  out[0] = state[0] ?? 0;
  out[1] = state[1] ?? 0;
  out[2] = state[2] ?? 0;
  out[3] = state[3] ?? 0;
}

/** The digest as 32 lowercase hex characters (RFC 1321 byte order), for tests and display. */
export function md5Hex(text: string): string {
  const words = new Uint32Array(4);
  md5Words(text, words);
  let hex = '';
  for (const word of words) {
    for (let byte = 0; byte < 4; byte++) hex += ((word >>> (byte * 8)) & 0xff).toString(16).padStart(2, '0');
  }
  return hex;
}
