import { limitError } from '../errors.js';
import { buildContinuum, continuumBytes, findPoint, walkDistinct, type Continuum } from './continuum.js';
import { murmur3x86 } from './hash/murmur3.js';
import { RING_LIMITS, type RingNode } from './nodes.js';
import { idOrder, zoneFilter, type Partitioner } from './partitioner.js';

export const DEFAULT_VIRTUAL_NODES = 100;

/** How a virtual node is named before hashing; a test plants a membership-dependent one to prove the checks. */
export type VnodeLabel = (id: string, index: number, nodeCount: number) => string;
const defaultLabel: VnodeLabel = (id, index) => `${id}#${index}`;

/** Virtual nodes of each node: weight scales the count, so weight 2 gets twice the points (at least one). */
export function vnodeCounts(nodes: readonly RingNode[], virtualNodes: number): number[] {
  return nodes.map((n) => Math.max(1, Math.round(virtualNodes * n.weight)));
}

/**
 * The points of a ring with virtual nodes: node `id`'s i-th point sits at MurmurHash3_x86_32("id#i"). Nodes are
 * placed in id order, which only matters when two points collide (the earlier id then owns the tie).
 */
export function ringContinuum(nodes: readonly RingNode[], virtualNodes: number, label = defaultLabel): Continuum {
  const counts = vnodeCounts(nodes, virtualNodes);
  const total = counts.reduce((s, c) => s + c, 0);
  if (total > RING_LIMITS.maxPoints) {
    throw limitError(
      'virtual_nodes',
      `${total} ring points (virtual_nodes x weight summed over nodes) exceed ${RING_LIMITS.maxPoints}; lower virtual_nodes or the weights`,
    );
  }
  return buildContinuum(nodes.length, total, (emit) => {
    for (const index of idOrder(nodes)) {
      const id = nodes[index]?.id ?? '';
      for (let i = 0; i < (counts[index] ?? 0); i++) emit(murmur3x86(label(id, i, nodes.length)), index);
    }
  });
}

/** Consistent hashing with virtual nodes (Karger et al. 1997; vnodes as in Dynamo, DeCandia et al. 2007 §4.2). */
export function createRing(nodes: readonly RingNode[], virtualNodes: number, label?: VnodeLabel): Partitioner {
  const continuum = ringContinuum(nodes, virtualNodes, label);
  const steps = { value: 0 };
  return {
    algorithm: 'ring',
    nodes,
    lookup: (key) => continuum.owners[findPoint(continuum, murmur3x86(key), steps)] ?? 0,
    preference: (key, count, distinctZones) =>
      walkDistinct(continuum, findPoint(continuum, murmur3x86(key), steps), count, zoneFilter(nodes, distinctZones)),
    exact: { kind: 'continuum', continuum },
    memoryBytes: continuumBytes(continuum),
    hashing: `points at MurmurHash3_x86_32(seed 0) of "<id>#<i>" for i < round(${virtualNodes} x weight); key at MurmurHash3_x86_32(key) on a 2^32 ring; owner = first point at or after it`,
    steps,
    warnings: [],
  };
}
