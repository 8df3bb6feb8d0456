import { fmix32, murmur3x86 } from './hash/murmur3.js';
import type { RingNode } from './nodes.js';
import { compareIds, zoneFilter, type Partitioner } from './partitioner.js';

// Salts node hashes so a node's score stream differs from a key that happens to equal its id.
const NODE_SEED = 0x5f3759df;

/**
 * Rendezvous (highest random weight) hashing, Thaler & Ravishankar 1998: every node scores the key and the highest
 * score wins. The score of node i is u = fmix32(MurmurHash3(key) xor MurmurHash3(id_i, seed)); with unequal weights
 * it is -w_i / ln(u'), u' = (u + 0.5) / 2^32, the logarithmic method of Schindelhauer & Schomaker 2005, under which
 * node i wins a fraction w_i / sum(w) of keys.
 */
export function createRendezvous(nodes: readonly RingNode[]): Partitioner {
  const seeds = Uint32Array.from(nodes, (n) => murmur3x86(n.id, NODE_SEED));
  const weights = Float64Array.from(nodes, (n) => n.weight);
  const weighted = nodes.some((n) => n.weight !== nodes[0]?.weight);
  const steps = { value: 0 };
  const score = (keyHash: number, i: number): number => {
    const u = fmix32((keyHash ^ (seeds[i] ?? 0)) >>> 0);
    return weighted ? (weights[i] ?? 1) / -Math.log((u + 0.5) / 4294967296) : u;
  };
  // Exact ties (vanishingly rare) go to the smaller id, so the result never depends on the order nodes are listed.
  const beats = (s: number, i: number, best: number, bestIndex: number): boolean =>
    s > best || (s === best && compareIds(nodes[i]?.id ?? '', nodes[bestIndex]?.id ?? '') < 0);
  const lookup = (key: string): number => {
    const h = murmur3x86(key);
    let bestIndex = 0;
    let best = score(h, 0);
    for (let i = 1; i < nodes.length; i++) {
      const s = score(h, i);
      if (beats(s, i, best, bestIndex)) {
        best = s;
        bestIndex = i;
      }
    }
    steps.value += nodes.length;
    return bestIndex;
  };
  return {
    algorithm: 'rendezvous',
    nodes,
    lookup,
    preference: (key, count, distinctZones) => {
      const h = murmur3x86(key);
      const scores = nodes.map((_, i) => score(h, i));
      const ranked = nodes.map((_, i) => i).sort((a, b) => (beats(scores[a] ?? 0, a, scores[b] ?? 0, b) ? -1 : 1));
      steps.value += nodes.length;
      return ranked.filter(zoneFilter(nodes, distinctZones)).slice(0, count);
    },
    memoryBytes: seeds.byteLength + weights.byteLength,
    hashing: weighted
      ? 'score_i = -w_i / ln((fmix32(MurmurHash3_x86_32(key) xor MurmurHash3_x86_32(id_i, seed 0x5f3759df)) + 0.5) / 2^32); highest wins'
      : 'score_i = fmix32(MurmurHash3_x86_32(key) xor MurmurHash3_x86_32(id_i, seed 0x5f3759df)); highest wins',
    steps,
    warnings: [],
  };
}
