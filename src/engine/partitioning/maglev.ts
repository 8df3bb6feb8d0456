import { assert, configError, limitError } from '../errors.js';
import { murmur3x86 } from './hash/murmur3.js';
import { RING_LIMITS, type RingNode } from './nodes.js';
import { idOrder, zoneFilter, type Partitioner } from './partitioner.js';

export const DEFAULT_MAGLEV_TABLE_SIZE = 65537;
const OFFSET_SEED = 0x4d41474c; // "MAGL"
const SKIP_SEED = 0x45563031; // "EV01"

export function isPrime(n: number): boolean {
  if (n < 2 || !Number.isInteger(n)) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/**
 * The Maglev lookup table (Eisenbud et al., NSDI 2016, §3.4, Pseudocode 1). Node i walks its own permutation of
 * the M slots, offset = h1(id) mod M, skip = h2(id) mod (M - 1) + 1 (M prime, so every permutation covers the
 * table), and nodes take turns claiming their next free slot until the table is full. Weights change how often a
 * node takes a turn (the paper's weighted variant): each round a node gains weight / max weight credit and takes one
 * turn per whole credit. Nodes take turns in id order.
 */
export function maglevTable(nodes: readonly RingNode[], size: number): Uint16Array {
  const n = nodes.length;
  const order = idOrder(nodes);
  const offsets = new Float64Array(n);
  const skips = new Float64Array(n);
  const cursors = new Float64Array(n);
  const credits = new Float64Array(n);
  const maxWeight = Math.max(...nodes.map((x) => x.weight));
  for (const [i, node] of nodes.entries()) {
    offsets[i] = murmur3x86(node.id, OFFSET_SEED) % size;
    skips[i] = (murmur3x86(node.id, SKIP_SEED) % (size - 1)) + 1;
    cursors[i] = offsets[i] ?? 0;
  }
  const table = new Uint16Array(size).fill(0xffff);
  let filled = 0;
  while (filled < size) {
    for (const i of order) {
      credits[i] = (credits[i] ?? 0) + (nodes[i]?.weight ?? 1) / maxWeight;
      if ((credits[i] ?? 0) < 1) continue;
      credits[i] = (credits[i] ?? 0) - 1;
      let slot = cursors[i] ?? 0;
      // At most `size` probes: the permutation visits every slot once.
      for (let probe = 0; table[slot] !== 0xffff; probe++) {
        assert(probe < size, 'maglev permutation did not find a free slot');
        slot = (slot + (skips[i] ?? 1)) % size;
      }
      table[slot] = i;
      cursors[i] = (slot + (skips[i] ?? 1)) % size;
      if (++filled === size) break;
    }
  }
  return table;
}

/** Maglev hashing: a key goes to table[MurmurHash3_x86_32(key) mod M]. */
export function createMaglev(nodes: readonly RingNode[], size = DEFAULT_MAGLEV_TABLE_SIZE): Partitioner {
  if (!isPrime(size)) throw configError('maglev_table_size', `${size} is not prime; Maglev needs a prime (e.g. 65537)`);
  if (size > RING_LIMITS.maxTableSize) {
    throw limitError('maglev_table_size', `at most ${RING_LIMITS.maxTableSize} slots`);
  }
  if (size < nodes.length) {
    throw configError(
      'maglev_table_size',
      `${size} slots for ${nodes.length} nodes: the table needs at least one slot per node`,
    );
  }
  const table = maglevTable(nodes, size);
  const steps = { value: 0 };
  const slotOf = (key: string): number => murmur3x86(key) % size;
  return {
    algorithm: 'maglev',
    nodes,
    lookup: (key) => {
      steps.value += 1;
      return table[slotOf(key)] ?? 0;
    },
    preference: (key, count, distinctZones) => {
      // Maglev picks one backend; replicas take the next distinct owners in table order.
      const accept = zoneFilter(nodes, distinctZones);
      const seen = new Set<number>();
      const chosen: number[] = [];
      const start = slotOf(key);
      for (let i = 0; i < size && chosen.length < count && seen.size < nodes.length; i++) {
        const owner = table[(start + i) % size] ?? 0;
        if (seen.has(owner)) continue;
        seen.add(owner);
        if (accept(owner)) chosen.push(owner);
      }
      steps.value += 1;
      return chosen;
    },
    exact: { kind: 'table', table },
    memoryBytes: table.byteLength,
    hashing: `table of ${size} slots filled by Maglev permutations (offset = MurmurHash3_x86_32(id, 0x4d41474c) mod M, skip = MurmurHash3_x86_32(id, 0x45563031) mod (M-1) + 1); key at slot MurmurHash3_x86_32(key) mod M`,
    steps,
    warnings:
      size < 100 * nodes.length
        ? [
            `maglev_table_size ${size} is under 100 x ${nodes.length} nodes: shares differ by up to ${Math.ceil((100 * nodes.length) / size)}% (the paper sizes M above 100 N)`,
          ]
        : [],
  };
}
