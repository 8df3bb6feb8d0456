import { configError, limitError } from '../errors.js';

/** A physical node: its id, its relative capacity and, optionally, the failure domain it lives in. */
export interface RingNode {
  readonly id: string;
  /** Relative capacity, > 0; 1 is the default. Each algorithm turns it into points, slots or score scaling. */
  readonly weight: number;
  readonly zone?: string | undefined;
}

/** The bounds every hash-partitioning input is held to, at the tool boundary and again in the engine. */
export const RING_LIMITS = {
  maxNodes: 1000,
  maxIdLength: 128,
  maxWeight: 1000,
  maxVirtualNodes: 1000,
  /** Points on one continuum: sort keys pack (position, insertion index) into a double, so 2^21 at most. */
  maxPoints: 1 << 21,
  maxReplicas: 32,
  maxKeys: 256,
  maxKeyLength: 512,
  maxSampleKeys: 200_000,
  maxTableSize: 1_000_003,
} as const;

/**
 * The most nodes the engine's own "one more node" probe may build: a caller's largest membership plus the node the
 * engine adds to measure what moves on a join (design_protocol's choice, hash_ring's compare). Callers never get
 * past RING_LIMITS.maxNodes; only a placement built with `joinProbe` may hold this many.
 */
export const JOIN_PROBE_MAX_NODES = RING_LIMITS.maxNodes + 1;

/** A change of membership: nodes that join, nodes that leave, nodes whose weight changes. */
export interface MembershipChange {
  readonly add?: readonly RingNode[] | undefined;
  readonly remove?: readonly string[] | undefined;
  readonly reweight?: readonly { readonly id: string; readonly weight: number }[] | undefined;
}

/** A change with every part spelled out (empty when absent). */
export interface ResolvedChange {
  readonly add: readonly RingNode[];
  readonly remove: readonly string[];
  readonly reweight: readonly { readonly id: string; readonly weight: number }[];
}

/** Rejects what no algorithm can place: no nodes, duplicate ids, bad weights, zones on some nodes only. */
export function checkNodes(nodes: readonly RingNode[], path = 'nodes', maxNodes: number = RING_LIMITS.maxNodes): void {
  if (nodes.length === 0) throw configError(path, 'give at least one node');
  if (nodes.length > maxNodes) {
    throw limitError(path, `${nodes.length} nodes is more than the ${RING_LIMITS.maxNodes} supported`);
  }
  const seen = new Set<string>();
  for (const [i, node] of nodes.entries()) {
    if (node.id.length === 0 || node.id.length > RING_LIMITS.maxIdLength) {
      throw configError(`${path}.${i}.id`, `node ids must be 1..${RING_LIMITS.maxIdLength} characters`);
    }
    if (seen.has(node.id)) throw configError(path, `node id "${node.id}" appears twice; node ids must be unique`);
    seen.add(node.id);
    if (!(node.weight > 0) || node.weight > RING_LIMITS.maxWeight) {
      throw configError(
        `${path}.${i}.weight`,
        `weight of "${node.id}" is ${node.weight}; weights must be > 0 and <= ${RING_LIMITS.maxWeight}`,
      );
    }
  }
  const zoned = nodes.filter((n) => n.zone !== undefined).length;
  if (zoned !== 0 && zoned !== nodes.length) {
    throw configError(path, `${zoned} of ${nodes.length} nodes have a zone; give a zone to every node or to none`);
  }
}

/**
 * The membership after `change`: removals and reweights first, additions appended in the order given. `maxNodes` is
 * the cap on the result: RING_LIMITS.maxNodes for a caller's change, JOIN_PROBE_MAX_NODES for the engine's probe.
 */
export function applyChange(
  nodes: readonly RingNode[],
  change: MembershipChange,
  maxNodes: number = RING_LIMITS.maxNodes,
): RingNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const removed = new Set<string>();
  for (const id of change.remove ?? []) {
    if (!ids.has(id)) throw configError('remove_nodes', `"${id}" is not a node; known nodes: ${listIds(nodes)}`);
    if (removed.has(id)) throw configError('remove_nodes', `"${id}" is listed twice`);
    removed.add(id);
  }
  const weights = new Map<string, number>();
  for (const { id, weight } of change.reweight ?? []) {
    if (!ids.has(id) || removed.has(id)) {
      throw configError('reweight_nodes', `"${id}" is not a node that stays; known nodes: ${listIds(nodes)}`);
    }
    if (weights.has(id)) throw configError('reweight_nodes', `"${id}" is listed twice`);
    weights.set(id, weight);
  }
  const kept = nodes
    .filter((n) => !removed.has(n.id))
    .map((n) => (weights.has(n.id) ? { ...n, weight: weights.get(n.id) ?? n.weight } : n));
  const added = change.add ?? [];
  if (added.length > 0) checkNodes(added, 'add_nodes');
  for (const node of added) {
    if (ids.has(node.id)) {
      throw configError('add_nodes', `"${node.id}" is already a node; to change its weight use reweight_nodes`);
    }
  }
  const after = [...kept, ...added];
  if (after.length === 0) throw configError('remove_nodes', 'removing every node leaves nothing to place keys on');
  if (after.length > maxNodes) {
    throw limitError(
      'add_nodes',
      `the change leaves ${after.length} nodes, more than the ${RING_LIMITS.maxNodes} supported`,
    );
  }
  if (added.length > 0 && (added[0]?.zone === undefined) !== (nodes[0]?.zone === undefined)) {
    throw configError('add_nodes', 'give added nodes a zone exactly when the existing nodes have one');
  }
  return after;
}

/** True when the change does something. */
export function isChange(change: MembershipChange): boolean {
  return (change.add?.length ?? 0) + (change.remove?.length ?? 0) + (change.reweight?.length ?? 0) > 0;
}

function listIds(nodes: readonly RingNode[]): string {
  const shown = nodes.slice(0, 10).map((n) => n.id);
  return shown.join(', ') + (nodes.length > 10 ? `, ... (${nodes.length} in all)` : '');
}
