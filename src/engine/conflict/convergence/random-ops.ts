import type { Rng } from '../../sim/rng.js';
import type { Crdt, CrdtOp } from '../crdt/types.js';

/**
 * A random update a replica makes: elements and values come from a small pool so that adds, removes and
 * assignments of one element collide across replicas, which is where conflicts (and merge bugs) show.
 */
export function randomOp(
  crdt: Crdt<unknown>,
  state: unknown,
  rng: Rng,
  nodeId: string,
  nowMs: number,
  pool: number,
): CrdtOp {
  const element = `e${rng.int(0, pool - 1)}`;
  // Wall-clock stamp for the LWW types: the virtual time in whole ms, so equal stamps (ties) do happen.
  const timestamp = Math.floor(nowMs);
  switch (crdt.type) {
    case 'g_counter':
      return { kind: 'increment', nodeId, amount: rng.int(1, 5) };
    case 'pn_counter':
      return { kind: rng.chance(0.4) ? 'decrement' : 'increment', nodeId, amount: rng.int(1, 5) };
    case 'lww_register':
    case 'mv_register':
      return { kind: 'assign', nodeId, value: element, timestamp };
    case 'g_set':
      return { kind: 'add', nodeId, element, timestamp };
    case 'two_p_set':
    case 'or_set': {
      // Remove only what this replica sees (the 2P-Set precondition; an OR-Set remove of nothing does nothing).
      const present = crdt.value(state) as string[];
      if (present.length > 0 && rng.chance(0.4)) {
        return { kind: 'remove', nodeId, element: present[rng.int(0, present.length - 1)] ?? element, timestamp };
      }
      return { kind: 'add', nodeId, element, timestamp };
    }
    case 'lww_element_set':
      return { kind: rng.chance(0.4) ? 'remove' : 'add', nodeId, element, timestamp };
  }
}
