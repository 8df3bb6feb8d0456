/** Small integer helpers the protocols share. Node sets are bit sets over node indexes (at most 25 nodes). */

export const bit = (node: number): number => 1 << node;

/** Nodes in a bit set. */
export function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) c++;
  return c;
}

/** murmur3's 32-bit finaliser: a cheap, well-mixed hash step for digests and log chains. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
