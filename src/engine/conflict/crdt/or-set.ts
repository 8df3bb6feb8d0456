import { configError } from '../../errors.js';
import { canonicalJson, checkJsonValue, compareText, type JsonValue } from '../json-value.js';
import { checkNodeId, clockFromObject, clockLeq, clockToObject, incrementClock, mergeClocks } from '../vector-clock.js';
import {
  decodeElement,
  decodeSorted,
  listFromJson,
  MAX_ELEMENT_CHARS,
  sortedKeys,
  type ElementKey,
} from './elements.js';
import type { Crdt, CrdtOp } from './types.js';

/** node id -> counter of that node's latest add of the element (a "dot"). */
export type Dots = ReadonlyMap<string, number>;

export interface OrSetState {
  /** Every add this replica has seen, per node (the adds of node n are numbered 1..clock[n]). */
  readonly clock: ReadonlyMap<string, number>;
  /** The live adds: element -> its dots. An element is present while it has one. */
  readonly dots: ReadonlyMap<ElementKey, Dots>;
}

/**
 * OR-Set, add-wins (Shapiro et al. 2011, observed-remove set), in the tombstone-free form of Bieniusa, Zawirski,
 * Preguiça, Shapiro, Baquero, Balegas and Duarte 2012 ("An optimized conflict-free replicated set", the ORSWOT of
 * Riak): each add is a unique dot (node, counter); a remove deletes the dots it has observed; the version vector
 * tells a dot the other side removed (covered by its clock, absent from its dots) from one it never saw (kept). A
 * concurrent add has a dot the remover never observed, so the add wins.
 */
export const orSet: Crdt<OrSetState> = {
  type: 'or_set',
  title: 'OR-Set',
  fields: ['clock', 'dots'],
  operations: ['add', 'remove'],
  needsTimestamp: false,
  empty: () => ({ clock: new Map(), dots: new Map() }),
  merge: mergeOrSets,
  leq: (a, b) =>
    clockLeq(a.clock, b.clock) &&
    everyDot(b, (e, node, c) => c > (a.clock.get(node) ?? 0) || a.dots.get(e)?.get(node) === c),
  apply: (state, op) => {
    if (op.kind === 'add') return addElement(state, canonicalJson(op.element), op.nodeId);
    if (op.kind === 'remove') return removeElement(state, canonicalJson(op.element));
    return state;
  },
  precondition: (state, op) => {
    if (op.kind === 'remove' && !state.dots.has(keyOf(op))) {
      return 'the element is not present at this replica: a remove only removes adds it has observed';
    }
    return undefined;
  },
  value: (state) => decodeSorted(state.dots.keys()),
  size: (state) => {
    let dots = 0;
    for (const d of state.dots.values()) dots += d.size;
    return dots;
  },
  toJson: (state) => ({ clock: clockToObject(state.clock), dots: dotsToJson(state) }),
  fromJson: orSetFromJson,
};

const keyOf = (op: CrdtOp): ElementKey => canonicalJson(op.kind === 'add' || op.kind === 'remove' ? op.element : null);

/**
 * Bieniusa et al. 2012, merge: keep dots both sides hold, and dots one side holds that the other's clock has not
 * covered (it never saw them); drop dots the other side covered but lacks (it removed them). Then only the newest
 * dot per (element, node) stays. Unchanged dot maps are shared, so merging near-equal replicas allocates little.
 */
function mergeOrSets(a: OrSetState, b: OrSetState): OrSetState {
  // Start from a bulk copy of one side and touch only the elements whose dots differ: replicas mostly agree.
  const dots = new Map<ElementKey, Dots>(a.dots);
  for (const [element, da] of a.dots) {
    const db = b.dots.get(element);
    if (da === db || (db !== undefined && sameDots(da, db))) continue;
    const merged = mergeDots(da, db, a.clock, b.clock);
    if (merged === undefined) dots.delete(element);
    else if (merged !== da) dots.set(element, merged);
  }
  for (const [element, db] of b.dots) {
    if (a.dots.has(element)) continue;
    const merged = mergeDots(db, undefined, b.clock, a.clock);
    if (merged !== undefined) dots.set(element, merged);
  }
  return { clock: mergeClocks(a.clock, b.clock), dots };
}

function mergeDots(
  mine: Dots,
  theirs: Dots | undefined,
  myClock: ReadonlyMap<string, number>,
  theirClock: ReadonlyMap<string, number>,
): Dots | undefined {
  if (mine === theirs || (theirs !== undefined && sameDots(mine, theirs))) return mine;
  let merged: Map<string, number> | undefined;
  let changed = false;
  const keep = (node: string, counter: number): void => {
    merged ??= new Map();
    if (counter > (merged.get(node) ?? 0)) merged.set(node, counter);
  };
  for (const [node, c] of mine) {
    if (theirs?.get(node) === c || c > (theirClock.get(node) ?? 0)) keep(node, c);
    else changed = true;
  }
  if (theirs !== undefined) {
    for (const [node, c] of theirs) {
      if (mine.get(node) === c) continue;
      if (c > (myClock.get(node) ?? 0)) {
        keep(node, c);
        changed = true;
      }
    }
  }
  if (merged === undefined) return undefined;
  return changed || merged.size !== mine.size ? merged : mine;
}

/** Replicas mostly hold the same adds: checking that first saves allocating a map per element. */
function sameDots(a: Dots, b: Dots): boolean {
  if (a.size !== b.size) return false;
  for (const [node, counter] of a) if (b.get(node) !== counter) return false;
  return true;
}

function addElement(state: OrSetState, element: ElementKey, node: string): OrSetState {
  const clock = incrementClock(state.clock, node);
  const counter = clock.get(node) ?? 0;
  // The new dot replaces this node's older dot of the element: that add is now covered (Bieniusa et al. 2012).
  const dots = new Map(state.dots).set(element, new Map(state.dots.get(element)).set(node, counter));
  return { clock, dots };
}

function removeElement(state: OrSetState, element: ElementKey): OrSetState {
  if (!state.dots.has(element)) return state;
  const dots = new Map(state.dots);
  dots.delete(element);
  return { clock: state.clock, dots };
}

function everyDot(state: OrSetState, check: (element: ElementKey, node: string, counter: number) => boolean): boolean {
  for (const [element, dots] of state.dots) {
    for (const [node, counter] of dots) if (!check(element, node, counter)) return false;
  }
  return true;
}

function dotsToJson(state: OrSetState): { element: JsonValue; node_id: string; counter: number }[] {
  return sortedKeys(state.dots.keys()).flatMap((key) => {
    const dots = [...(state.dots.get(key) ?? [])].sort(([a], [b]) => compareText(a, b));
    const element = decodeElement(key);
    return dots.map(([node, counter]) => ({ element, node_id: node, counter }));
  });
}

function orSetFromJson(json: Readonly<Record<string, unknown>>, path: string): OrSetState {
  const clock = clockFromObject(json['clock'] ?? {}, `${path}.clock`, 'OR-Set clock counters');
  const dots = new Map<ElementKey, Map<string, number>>();
  listFromJson(json['dots'], `${path}.dots`).forEach((item: unknown, i) => {
    const at = `${path}.dots.${i}`;
    const dot = (item ?? {}) as { element?: unknown; node_id?: unknown; counter?: unknown };
    const element = checkJsonValue(dot.element, `${at}.element`, MAX_ELEMENT_CHARS);
    const node = checkNodeId(dot.node_id, `${at}.node_id`);
    const counter = dot.counter;
    const seen = clock.get(node) ?? 0;
    if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 1 || counter > seen) {
      throw configError(
        `${at}.counter`,
        `must be an integer 1..${seen} (clock.${node}): a state's clock covers every add it holds`,
      );
    }
    const forElement = dots.get(element) ?? new Map<string, number>();
    forElement.set(node, Math.max(counter, forElement.get(node) ?? 0));
    dots.set(element, forElement);
  });
  return { clock, dots };
}
