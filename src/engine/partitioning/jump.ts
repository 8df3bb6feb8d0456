import { configError } from '../errors.js';
import { murmur3x64 } from './hash/murmur3.js';
import { mul64, u64 } from './hash/u64.js';
import type { RingNode } from './nodes.js';
import { zoneFilter, type Partitioner } from './partitioner.js';

// Lamping & Veach 2014, "A Fast, Minimal Memory, Consistent Hash Algorithm", Figure 1: the 64-bit LCG multiplier.
const LCG_HI = 0x27bb2ee6;
const LCG_LO = 0x87b0b0fd; // 2862933555777941757 = 0x27BB2EE687B0B0FD

/**
 * Jump consistent hash of the 64-bit key (hi:lo) into `buckets` buckets, exactly the paper's Figure 1:
 *   while (j < n) { b = j; key = key * 2862933555777941757 + 1; j = (b + 1) * (2^31 / ((key >> 33) + 1)); }
 * The double arithmetic is the C code's; `steps` counts loop iterations (about ln(n) + 1 per call).
 */
export function jumpBucket(hi: number, lo: number, buckets: number, steps?: { value: number }): number {
  let b = -1;
  let j = 0;
  let iterations = 0;
  while (j < buckets) {
    b = j;
    mul64(hi, lo, LCG_HI, LCG_LO);
    hi = u64.hi;
    lo = (u64.lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
    // key >> 33 is the high word shifted right by one.
    j = Math.floor((b + 1) * (2147483648 / ((hi >>> 1) + 1)));
    iterations++;
  }
  if (steps) steps.value += iterations;
  return b;
}

/**
 * Jump over the nodes in the order listed (bucket i = the i-th node): new nodes must be appended, and removing any
 * node but the last renumbers the buckets after it, which moves their keys; that is the algorithm's real cost.
 * Keys are hashed to 64 bits with the first half (h1) of MurmurHash3_x64_128.
 */
export function createJump(nodes: readonly RingNode[]): Partitioner {
  const first = nodes[0]?.weight ?? 1;
  if (nodes.some((n) => n.weight !== first)) {
    throw configError(
      'nodes',
      'jump gives every bucket an equal share and has no weights; give all nodes the same weight, or use ring, rendezvous or maglev',
    );
  }
  const words = new Uint32Array(4);
  const steps = { value: 0 };
  const lookup = (key: string): number => {
    murmur3x64(key, words);
    return jumpBucket(words[0] ?? 0, words[1] ?? 0, nodes.length, steps);
  };
  return {
    algorithm: 'jump',
    nodes,
    lookup,
    preference: (key, count, distinctZones) => {
      // Jump yields one bucket; replicas take the buckets after it, as a shard list with successors would.
      const primary = lookup(key);
      const accept = zoneFilter(nodes, distinctZones);
      const chosen: number[] = [];
      for (let i = 0; i < nodes.length && chosen.length < count; i++) {
        const bucket = (primary + i) % nodes.length;
        if (accept(bucket)) chosen.push(bucket);
      }
      return chosen;
    },
    memoryBytes: 0,
    hashing:
      'key hashed to 64 bits with MurmurHash3_x64_128 (seed 0, first half h1), then Lamping & Veach jump over the nodes in the order listed',
    steps,
    warnings: [],
  };
}
