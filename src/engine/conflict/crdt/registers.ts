import { configError } from '../../errors.js';
import { canonicalJson, checkJsonValue, compareText, type JsonValue } from '../json-value.js';
import { MAX_TIMESTAMP_MS } from '../versions.js';
import {
  checkNodeId,
  clockFromObject,
  clockLeq,
  clockToObject,
  compareClocks,
  incrementClock,
  mergeClocks,
  type VectorClock,
} from '../vector-clock.js';
import { isPlanted } from './planted.js';
import type { Crdt, StateJson } from './types.js';

/** Largest register value, as canonical JSON text. */
export const MAX_REGISTER_VALUE_CHARS = 1000;

export interface LwwStamp {
  readonly value: JsonValue;
  readonly valueKey: string;
  readonly timestamp: number;
  readonly nodeId: string;
}

/** null is the register never assigned (the bottom of the semilattice). */
export type LwwRegisterState = LwwStamp | null;

/** (timestamp, node id, value) order: the node id makes stamps unique, the value makes the merge total anyway. */
export function compareStamps(a: LwwStamp, b: LwwStamp): number {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return compareText(a.nodeId, b.nodeId) || compareText(a.valueKey, b.valueKey);
}

/**
 * LWW-Register (Shapiro et al. 2011, state-based last-writer-wins register): merge keeps the assignment with the
 * greatest (timestamp, node id); the other is discarded, which is why LWW loses concurrent writes. An assignment is
 * merged in rather than written over, so one stamped older than the current value is dropped, never a regression.
 */
export const lwwRegister: Crdt<LwwRegisterState> = {
  type: 'lww_register',
  title: 'LWW-Register',
  fields: ['value', 'timestamp', 'node_id'],
  operations: ['assign'],
  needsTimestamp: true,
  empty: () => null,
  merge: (a, b) => {
    if (a === null) return b;
    if (b === null) return a;
    if (isPlanted('lww_register_left_tie') && a.timestamp === b.timestamp) return a;
    return compareStamps(a, b) >= 0 ? a : b;
  },
  leq: (a, b) => a === null || (b !== null && compareStamps(a, b) <= 0),
  apply: (state, op) => (op.kind === 'assign' ? lwwRegister.merge(state, stampOf(op)) : state),
  precondition: (state, op) => {
    if (op.kind !== 'assign') return 'an LWW-Register is only assigned';
    if (state !== null && compareStamps(stampOf(op), state) <= 0) {
      return `timestamp ${op.timestamp ?? 0} is not later than the register's ${state.timestamp} (from ${state.nodeId}): the assignment is discarded at once`;
    }
    return undefined;
  },
  value: (state) => (state === null ? null : state.value),
  size: (state) => (state === null ? 0 : 1),
  toJson: (state) => (state === null ? {} : { value: state.value, timestamp: state.timestamp, node_id: state.nodeId }),
  fromJson: lwwRegisterFromJson,
};

function stampOf(op: { value: JsonValue; timestamp?: number; nodeId: string }): LwwStamp {
  return { value: op.value, valueKey: canonicalJson(op.value), timestamp: op.timestamp ?? 0, nodeId: op.nodeId };
}

function lwwRegisterFromJson(json: StateJson, path: string): LwwRegisterState {
  if (json['value'] === undefined && json['timestamp'] === undefined && json['node_id'] === undefined) return null;
  const valueKey = checkJsonValue(json['value'], `${path}.value`, MAX_REGISTER_VALUE_CHARS);
  const timestamp = json['timestamp'];
  if (typeof timestamp !== 'number' || !(timestamp >= 0 && timestamp <= MAX_TIMESTAMP_MS)) {
    throw configError(`${path}.timestamp`, `an LWW-Register needs a timestamp, 0..${MAX_TIMESTAMP_MS} ms`);
  }
  const nodeId = checkNodeId(json['node_id'], `${path}.node_id`);
  return { value: json['value'] as JsonValue, valueKey, timestamp, nodeId };
}

export interface MvEntry {
  readonly value: JsonValue;
  readonly valueKey: string;
  readonly clock: VectorClock;
}

/** The concurrent assignments not yet overwritten: an antichain of version vectors, sorted for determinism. */
export type MvRegisterState = readonly MvEntry[];

/**
 * MV-Register (Shapiro et al. 2011, state-based multi-value register, as in Dynamo): each assignment carries a
 * version vector; merge keeps every assignment not dominated by another, so concurrent writes survive side by side
 * as siblings until a later assignment, which has seen them all, replaces them.
 */
export const mvRegister: Crdt<MvRegisterState> = {
  type: 'mv_register',
  title: 'MV-Register',
  fields: ['entries'],
  operations: ['assign'],
  needsTimestamp: false,
  empty: () => [],
  merge: (a, b) => maximal([...a, ...b]),
  leq: (a, b) => a.every((x) => b.some((y) => covers(y, x))),
  apply: (state, op) => {
    if (op.kind !== 'assign') return state;
    const seen = state.reduce<VectorClock>((clock, e) => mergeClocks(clock, e.clock), new Map());
    return [{ value: op.value, valueKey: canonicalJson(op.value), clock: incrementClock(seen, op.nodeId) }];
  },
  precondition: (_state, op) => (op.kind === 'assign' ? undefined : 'an MV-Register is only assigned'),
  value: (state) => state.map((e) => e.value),
  size: (state) => state.length,
  toJson: (state) => ({ entries: state.map((e) => ({ value: e.value, vector_clock: clockToObject(e.clock) })) }),
  fromJson: (json, path) => {
    const entries = json['entries'] ?? [];
    if (!Array.isArray(entries)) throw configError(`${path}.entries`, 'must be a list of {value, vector_clock}');
    return maximal(entries.map((e: unknown, i) => mvEntryFromJson(e, `${path}.entries.${i}`)));
  },
};

/** The version vectors every entry of the state has seen: the context a new assignment must carry. */
export function mvRegisterClock(state: MvRegisterState): VectorClock {
  return state.reduce<VectorClock>((clock, e) => mergeClocks(clock, e.clock), new Map());
}

/** y covers x when x's assignment happened before y's, or they are the same assignment. */
function covers(y: MvEntry, x: MvEntry): boolean {
  const order = compareClocks(x.clock, y.clock);
  return order === 'before' || (order === 'equal' && x.valueKey === y.valueKey);
}

function maximal(entries: readonly MvEntry[]): MvEntry[] {
  const kept: MvEntry[] = [];
  for (const entry of entries) {
    const dominated = entries.some((other) => compareClocks(entry.clock, other.clock) === 'before');
    if (!dominated && !kept.some((k) => covers(k, entry))) kept.push(entry);
  }
  return kept.sort((a, b) => compareText(a.valueKey, b.valueKey) || compareText(clockKey(a.clock), clockKey(b.clock)));
}

function clockKey(clock: VectorClock): string {
  return JSON.stringify(clockToObject(clock));
}

function mvEntryFromJson(entry: unknown, path: string): MvEntry {
  const object = (entry ?? {}) as { value?: unknown; vector_clock?: unknown };
  const valueKey = checkJsonValue(object.value, `${path}.value`, MAX_REGISTER_VALUE_CHARS);
  const clock = clockFromObject(object.vector_clock, `${path}.vector_clock`);
  if (clockLeq(clock, new Map())) {
    throw configError(`${path}.vector_clock`, 'an assignment has a non-zero version vector (its writer counted it)');
  }
  return { value: object.value as JsonValue, valueKey, clock };
}
