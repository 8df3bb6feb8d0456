import { canonicalJson } from '../json-value.js';
import {
  decodeSorted,
  elementKeysFromJson,
  isSubset,
  setUnion,
  timestampsFromJson,
  timestampsToJson,
  type ElementKey,
} from './elements.js';
import type { Crdt, CrdtOp } from './types.js';

export type GSetState = ReadonlySet<ElementKey>;

export interface TwoPSetState {
  readonly added: GSetState;
  /** Tombstones: an element removed once stays removed for good. */
  readonly removed: GSetState;
}

export interface LwwElementSetState {
  /** Element -> latest add timestamp. */
  readonly adds: ReadonlyMap<ElementKey, number>;
  /** Element -> latest remove timestamp. */
  readonly removes: ReadonlyMap<ElementKey, number>;
}

const keyOf = (op: CrdtOp): ElementKey => canonicalJson(op.kind === 'add' || op.kind === 'remove' ? op.element : null);

/** G-Set (Shapiro et al. 2011, state-based grow-only set): merge is union; elements can never be removed. */
export const gSet: Crdt<GSetState> = {
  type: 'g_set',
  title: 'G-Set',
  fields: ['elements'],
  operations: ['add'],
  needsTimestamp: false,
  empty: () => new Set(),
  merge: setUnion,
  leq: isSubset,
  apply: (state, op) => (op.kind === 'add' ? setUnion(state, new Set([keyOf(op)])) : state),
  precondition: (state, op) =>
    op.kind === 'add' && state.has(keyOf(op)) ? 'the element is already in the set' : undefined,
  value: (state) => decodeSorted(state),
  size: (state) => state.size,
  toJson: (state) => ({ elements: decodeSorted(state) }),
  fromJson: (json, path) => elementKeysFromJson(json['elements'], `${path}.elements`),
};

/**
 * 2P-Set (Shapiro et al. 2011, state-based two-phase set): a G-Set of additions and a G-Set of removals
 * (tombstones); an element is present if added and never removed. Removal wins forever: it cannot be re-added.
 * Remove has the precondition that the element is present at the replica removing it.
 */
export const twoPSet: Crdt<TwoPSetState> = {
  type: 'two_p_set',
  title: '2P-Set',
  fields: ['added', 'removed'],
  operations: ['add', 'remove'],
  needsTimestamp: false,
  empty: () => ({ added: new Set(), removed: new Set() }),
  merge: (a, b) => ({ added: setUnion(a.added, b.added), removed: setUnion(a.removed, b.removed) }),
  leq: (a, b) => isSubset(a.added, b.added) && isSubset(a.removed, b.removed),
  apply: (state, op) => {
    if (twoPSet.precondition(state, op) !== undefined && op.kind === 'remove') return state;
    const one = new Set([keyOf(op)]);
    if (op.kind === 'add') return { added: setUnion(state.added, one), removed: state.removed };
    if (op.kind === 'remove') return { added: state.added, removed: setUnion(state.removed, one) };
    return state;
  },
  precondition: (state, op) => {
    const key = keyOf(op);
    if (op.kind === 'add' && state.removed.has(key)) return 'the element was removed; a 2P-Set never re-adds it';
    if (op.kind === 'remove' && (!state.added.has(key) || state.removed.has(key))) {
      return 'the element is not in the set at this replica, so it cannot be removed (2P-Set precondition)';
    }
    return undefined;
  },
  // Remove requires the element present at the replica removing it, and merge is union, so every reachable state
  // has removed within added. A tombstone for an element never added is most often a typo or a state from another
  // system; it also blocks that element from ever being added here.
  unreachable: (state) => {
    const orphans = [...state.removed].filter((k) => !state.added.has(k));
    if (orphans.length === 0) return undefined;
    const shown = decodeSorted(orphans.slice(0, 5)).map((e) => JSON.stringify(e));
    const more = orphans.length > 5 ? ` and ${orphans.length - 5} more` : '';
    return `removed holds ${shown.join(', ')}${more}, never added: a 2P-Set removes only elements present, so no replica could reach this state; the tombstone still keeps the element out for good`;
  },
  value: (state) => decodeSorted([...state.added].filter((k) => !state.removed.has(k))),
  size: (state) => state.added.size + state.removed.size,
  toJson: (state) => ({ added: decodeSorted(state.added), removed: decodeSorted(state.removed) }),
  fromJson: (json, path) => ({
    added: elementKeysFromJson(json['added'], `${path}.added`),
    removed: elementKeysFromJson(json['removed'], `${path}.removed`),
  }),
};

/**
 * LWW-element-Set (Shapiro et al. 2011): every add and remove carries a timestamp; an element is present when its
 * latest add is not older than its latest remove. Equal timestamps favour the add (the bias is a design choice; we
 * pick add-wins to match the OR-Set). Merge is the entry-wise maximum of both maps.
 */
export const lwwElementSet: Crdt<LwwElementSetState> = {
  type: 'lww_element_set',
  title: 'LWW-element-Set',
  fields: ['adds', 'removes'],
  operations: ['add', 'remove'],
  needsTimestamp: true,
  empty: () => ({ adds: new Map(), removes: new Map() }),
  merge: (a, b) => ({ adds: maxMerge(a.adds, b.adds), removes: maxMerge(a.removes, b.removes) }),
  leq: (a, b) => maxLeq(a.adds, b.adds) && maxLeq(a.removes, b.removes),
  apply: (state, op) => {
    const one = new Map([[keyOf(op), (op.kind === 'add' || op.kind === 'remove' ? op.timestamp : 0) ?? 0]]);
    if (op.kind === 'add') return { adds: maxMerge(state.adds, one), removes: state.removes };
    if (op.kind === 'remove') return { adds: state.adds, removes: maxMerge(state.removes, one) };
    return state;
  },
  precondition: (state, op) => {
    const key = keyOf(op);
    const ts = op.kind === 'add' || op.kind === 'remove' ? (op.timestamp ?? 0) : 0;
    if (op.kind === 'add' && (state.removes.get(key) ?? -1) > ts) {
      return `a remove stamped ${state.removes.get(key)} is later, so the element stays absent`;
    }
    if (op.kind === 'remove' && (state.adds.get(key) ?? -1) >= ts) {
      return `an add stamped ${state.adds.get(key)} is as late or later (ties favour the add), so the element stays`;
    }
    return undefined;
  },
  value: (state) => decodeSorted([...state.adds].filter(([k, t]) => t >= (state.removes.get(k) ?? -1)).map(([k]) => k)),
  size: (state) => state.adds.size + state.removes.size,
  toJson: (state) => ({ adds: timestampsToJson(state.adds), removes: timestampsToJson(state.removes) }),
  fromJson: (json, path) => ({
    adds: timestampsFromJson(json['adds'], `${path}.adds`),
    removes: timestampsFromJson(json['removes'], `${path}.removes`),
  }),
};

function maxMerge(
  a: ReadonlyMap<ElementKey, number>,
  b: ReadonlyMap<ElementKey, number>,
): ReadonlyMap<ElementKey, number> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const [large, small] = a.size >= b.size ? [a, b] : [b, a];
  let merged: Map<ElementKey, number> | undefined;
  for (const [key, ts] of small) {
    if (ts > (large.get(key) ?? -1)) (merged ??= new Map(large)).set(key, ts);
  }
  return merged ?? large;
}

function maxLeq(a: ReadonlyMap<ElementKey, number>, b: ReadonlyMap<ElementKey, number>): boolean {
  for (const [key, ts] of a) if (ts > (b.get(key) ?? -1)) return false;
  return true;
}
