import type { Continuum } from './continuum.js';
import type { RingNode } from './nodes.js';

/** The hash-based placement algorithms the engine implements. */
export const HASH_ALGORITHMS = ['ring', 'ketama', 'jump', 'rendezvous', 'maglev', 'bounded_load'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/**
 * Every partitioning scheme `hash_ring` computes: the hash placements, then ordered key ranges (range/) and an
 * explicit routing table in front of a hash placement (directory/), the seed's three schemes.
 */
export const PARTITIONING_ALGORITHMS = [...HASH_ALGORITHMS, 'range', 'directory'] as const;
export type PartitioningAlgorithm = (typeof PARTITIONING_ALGORITHMS)[number];

/** A layout whose ownership of the key-hash space can be computed exactly, without sampling keys. */
export type ExactLayout =
  | { readonly kind: 'continuum'; readonly continuum: Continuum }
  | { readonly kind: 'table'; readonly table: Uint16Array };

/**
 * One placement of keys on nodes. Node indexes refer to `nodes`. Every algorithm but bounded_load is a pure function
 * of the key; bounded_load counts each looked-up key against its node's cap, so keys arrive in call order.
 */
export interface Partitioner {
  /** 'directory': a routing table in front of a hash placement (see directory/table.ts). */
  readonly algorithm: HashAlgorithm | 'directory';
  readonly nodes: readonly RingNode[];
  /** Index of the node that owns `key`. */
  lookup(key: string): number;
  /** Up to `count` distinct node indexes for `key`, the owner first; with `distinctZones` no two share a zone. */
  preference(key: string, count: number, distinctZones: boolean): number[];
  readonly exact?: ExactLayout | undefined;
  /** Bytes of the lookup structures (typed arrays), not counting node names. */
  readonly memoryBytes: number;
  /** How keys and nodes are hashed, precisely enough to reimplement. */
  readonly hashing: string;
  /** Work counter: search iterations, probes or scores computed by lookups so far (a deterministic cost proxy). */
  readonly steps: { value: number };
  /** Notes on this build (nodes with no points, a small table...). */
  readonly warnings: readonly string[];
}

/** Accepts node indexes whose zone is not taken yet (or any, without `distinctZones`), marking the zones it takes. */
export function zoneFilter(nodes: readonly RingNode[], distinctZones: boolean): (owner: number) => boolean {
  if (!distinctZones) return () => true;
  const taken = new Set<string>();
  return (owner) => {
    const zone = nodes[owner]?.zone ?? '';
    if (taken.has(zone)) return false;
    taken.add(zone);
    return true;
  };
}

/** Node indexes in id order: builds iterate in it so the order nodes are listed in changes nothing. */
export function idOrder(nodes: readonly RingNode[]): number[] {
  return nodes.map((_, i) => i).sort((a, b) => compareIds(nodes[a]?.id ?? '', nodes[b]?.id ?? ''));
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
