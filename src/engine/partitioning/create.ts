import { configError, limitError, unreachable } from '../errors.js';
import { DEFAULT_EPSILON, createBoundedLoad } from './bounded-load.js';
import { createJump } from './jump.js';
import { createKetama } from './ketama.js';
import { DEFAULT_MAGLEV_TABLE_SIZE, createMaglev } from './maglev.js';
import { JOIN_PROBE_MAX_NODES, RING_LIMITS, checkNodes, type RingNode } from './nodes.js';
import type { HashAlgorithm, Partitioner } from './partitioner.js';
import { createRendezvous } from './rendezvous.js';
import { DEFAULT_VIRTUAL_NODES, createRing, type VnodeLabel } from './ring.js';

/** What to build: the algorithm, the nodes and the knobs of the algorithms that have them. */
export interface PartitionerSpec {
  readonly algorithm: HashAlgorithm;
  readonly nodes: readonly RingNode[];
  /** ring and bounded_load: points per unit of weight (default 100). */
  readonly virtualNodes?: number | undefined;
  /** maglev: prime table size (default 65537). */
  readonly tableSize?: number | undefined;
  /** bounded_load: headroom over the mean load (default 0.25). */
  readonly epsilon?: number | undefined;
  /** bounded_load: how many keys will be looked up, which sizes the caps. */
  readonly expectedKeys?: number | undefined;
  /** Test-only: vnode naming, to plant a membership-dependent ring and prove the movement checks catch it. */
  readonly __vnodeLabel?: VnodeLabel | undefined;
}

/** Options of the engine's own probes, kept out of the specs so that no caller's input (tool or library) sets them. */
export interface ProbeOptions {
  /**
   * The nodes are a membership plus the one node the engine added to measure a join, so up to JOIN_PROBE_MAX_NODES
   * are allowed (one past RING_LIMITS.maxNodes).
   */
  readonly joinProbe?: boolean | undefined;
}

/** Builds the named placement over `spec.nodes` (validated here too, so library callers get the same errors). */
export function createPartitioner(spec: PartitionerSpec, probe: ProbeOptions = {}): Partitioner {
  checkNodes(spec.nodes, 'nodes', probe.joinProbe ? JOIN_PROBE_MAX_NODES : RING_LIMITS.maxNodes);
  const virtualNodes = spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES;
  if (!Number.isInteger(virtualNodes) || virtualNodes < 1 || virtualNodes > RING_LIMITS.maxVirtualNodes) {
    throw limitError('virtual_nodes', `virtual_nodes must be an integer in 1..${RING_LIMITS.maxVirtualNodes}`);
  }
  switch (spec.algorithm) {
    case 'ring':
      return createRing(spec.nodes, virtualNodes, spec.__vnodeLabel);
    case 'ketama':
      return createKetama(spec.nodes);
    case 'jump':
      return createJump(spec.nodes);
    case 'rendezvous':
      return createRendezvous(spec.nodes);
    case 'maglev':
      return createMaglev(spec.nodes, spec.tableSize ?? DEFAULT_MAGLEV_TABLE_SIZE);
    case 'bounded_load': {
      const epsilon = spec.epsilon ?? DEFAULT_EPSILON;
      if (!(epsilon > 0) || epsilon > 10) throw configError('epsilon', 'epsilon must be in (0, 10]');
      return createBoundedLoad({
        nodes: spec.nodes,
        virtualNodes,
        epsilon,
        expectedKeys: spec.expectedKeys ?? 0,
        label: spec.__vnodeLabel,
      });
    }
    default:
      return unreachable(spec.algorithm);
  }
}
