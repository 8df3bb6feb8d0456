import { configError } from '../errors.js';
import { findPoint, walkDistinct } from './continuum.js';
import { murmur3x86 } from './hash/murmur3.js';
import type { RingNode } from './nodes.js';
import { zoneFilter, type Partitioner } from './partitioner.js';
import { ringContinuum, type VnodeLabel } from './ring.js';

/** HAProxy's hash-balance-factor 125 and Vimeo's deployment of the paper both use a 25% headroom. */
export const DEFAULT_EPSILON = 0.25;

export interface BoundedLoadSpec {
  readonly nodes: readonly RingNode[];
  readonly virtualNodes: number;
  readonly epsilon: number;
  /** Keys the caps are sized for (every key that will be looked up). */
  readonly expectedKeys: number;
  readonly label?: VnodeLabel | undefined;
}

/** Node caps: ceil((1 + epsilon) * keys * w_i / sum(w)), which is ceil((1 + epsilon) * keys / nodes) unweighted. */
export function boundedCaps(nodes: readonly RingNode[], epsilon: number, expectedKeys: number): Uint32Array {
  const total = nodes.reduce((s, n) => s + n.weight, 0);
  return Uint32Array.from(nodes, (n) => Math.ceil(((1 + epsilon) * expectedKeys * n.weight) / total));
}

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018, §2): keys arrive one at a
 * time; a key goes to the first node clockwise from its hash (on the `ring` continuum) whose load is under its cap.
 * Each lookup places a key, so results depend on arrival order. Should more keys arrive than the caps allow, the key
 * goes to its plain ring owner and counts as an overflow.
 */
export function createBoundedLoad(
  spec: BoundedLoadSpec,
): Partitioner & { readonly loads: Uint32Array; overflow(): number } {
  const { nodes, epsilon } = spec;
  if (!(epsilon > 0)) throw configError('epsilon', 'epsilon must be > 0 (0.25 gives each node 25% headroom)');
  const continuum = ringContinuum(nodes, spec.virtualNodes, spec.label);
  const caps = boundedCaps(nodes, epsilon, spec.expectedKeys);
  const loads = new Uint32Array(nodes.length);
  const steps = { value: 0 };
  let overflow = 0;
  const place = (start: number): number => {
    const n = continuum.positions.length;
    for (let i = 0; i < n; i++) {
      const owner = continuum.owners[(start + i) % n] ?? 0;
      if ((loads[owner] ?? 0) < (caps[owner] ?? 0)) {
        loads[owner] = (loads[owner] ?? 0) + 1;
        steps.value += i + 1;
        return owner;
      }
    }
    steps.value += n;
    overflow++;
    return continuum.owners[start] ?? 0;
  };
  return {
    algorithm: 'bounded_load',
    nodes,
    lookup: (key) => place(findPoint(continuum, murmur3x86(key), steps)),
    preference: (key, count, distinctZones) => {
      const start = findPoint(continuum, murmur3x86(key), steps);
      const primary = place(start);
      const accept = zoneFilter(nodes, distinctZones);
      accept(primary);
      const rest = walkDistinct(continuum, start, count + 1, (o) => o !== primary && accept(o));
      return [primary, ...rest].slice(0, count);
    },
    memoryBytes: continuum.positions.byteLength + continuum.owners.byteLength + caps.byteLength + loads.byteLength,
    hashing: `the ring's points (MurmurHash3_x86_32 of "<id>#<i>", ${spec.virtualNodes} x weight per node); a key walks clockwise from MurmurHash3_x86_32(key) to the first node under its cap ceil(${1 + epsilon} x ${spec.expectedKeys} x w / sum w)`,
    steps,
    warnings: [],
    loads,
    overflow: () => overflow,
  };
}
