import { configError, limitError } from '../../errors.js';
import { canonicalJson, checkJsonValue, type JsonValue } from '../json-value.js';
import { checkNodeId } from '../vector-clock.js';
import { MAX_TIMESTAMP_MS } from '../versions.js';
import { MAX_ELEMENT_CHARS } from './elements.js';
import { CRDTS, isCrdtType, typeOfFields } from './registry.js';
import { MAX_REGISTER_VALUE_CHARS } from './registers.js';
import type { Crdt, CrdtOp, CrdtOpKind, CrdtType, StateJson } from './types.js';

export const MAX_STATES = 64;
export const MAX_OPERATIONS = 1000;
/** Entries (counters, elements, dots) over all states together. */
export const MAX_TOTAL_STATE_ITEMS = 20_000;
export const MAX_OP_AMOUNT = 1e9;

/** An update applied to `states[replica]` before the merge, as the caller wrote it. */
export interface CrdtOpInput {
  readonly replica: number;
  readonly op: CrdtOpKind;
  readonly node_id?: string | undefined;
  readonly element?: unknown;
  readonly value?: unknown;
  readonly amount?: number | undefined;
  readonly timestamp?: number | undefined;
}

export interface CrdtMergeSpec {
  readonly crdtType?: CrdtType | undefined;
  readonly states: readonly StateJson[];
  readonly operations?: readonly CrdtOpInput[] | undefined;
}

export interface ReplicaView {
  readonly index: number;
  readonly value: JsonValue;
  readonly size: number;
}

export interface CrdtMergeOutcome {
  readonly crdt: Crdt<unknown>;
  /** Where the type came from: crdt_type, the states' type tags, or their fields. */
  readonly typeSource: 'crdt_type' | 'type_tags' | 'fields';
  /** Each replica after its operations and before the merge. */
  readonly replicas: readonly ReplicaView[];
  /** The same replicas' states (of the CRDT's own state type). */
  readonly replicaStates: readonly unknown[];
  /** true when the replicas held different states before the merge. */
  readonly diverged: boolean;
  readonly merged: unknown;
  readonly mergedJson: StateJson;
  readonly value: JsonValue;
  readonly size: number;
  /** Operations that changed nothing visible (failed preconditions), with the reason. */
  readonly opNotes: readonly { readonly index: number; readonly message: string }[];
  /** Given states no replica could reach through the CRDT's updates (merged as given), with the reason. */
  readonly stateNotes: readonly { readonly index: number; readonly message: string }[];
}

/** Applies each replica's operations, then merges every replica's state: what anti-entropy converges to. */
export function mergeReplicaStates(spec: CrdtMergeSpec): CrdtMergeOutcome {
  if (spec.states.length === 0) throw configError('states', 'give at least one replica state ({} is an empty one)');
  if (spec.states.length > MAX_STATES) {
    throw limitError('states', `${spec.states.length} states given; the limit is ${MAX_STATES} replicas`);
  }
  const { type, source } = resolveType(spec);
  const crdt = CRDTS[type];
  const states = spec.states.map((json, i) => crdt.fromJson(json, `states.${i}`));
  const items = states.reduce<number>((sum, s) => sum + crdt.size(s), 0);
  if (items > MAX_TOTAL_STATE_ITEMS) {
    throw limitError('states', `the states hold ${items} entries together; the limit is ${MAX_TOTAL_STATE_ITEMS}`);
  }
  const stateNotes = states.flatMap((s, index) => {
    const why = crdt.unreachable?.(s);
    return why === undefined ? [] : [{ index, message: `states.${index}: ${why}.` }];
  });
  const opNotes = applyOperations(crdt, states, spec.operations ?? []);
  const merged = states.reduce((acc, s) => crdt.merge(acc, s), crdt.empty());
  const texts = states.map((s) => canonicalJson(crdt.toJson(s) as JsonValue));
  return {
    crdt,
    typeSource: source,
    replicas: states.map((s, index) => ({ index, value: crdt.value(s), size: crdt.size(s) })),
    replicaStates: states,
    diverged: texts.some((t) => t !== texts[0]),
    merged,
    mergedJson: crdt.toJson(merged),
    value: crdt.value(merged),
    size: crdt.size(merged),
    opNotes,
    stateNotes,
  };
}

function resolveType(spec: CrdtMergeSpec): { type: CrdtType; source: CrdtMergeOutcome['typeSource'] } {
  let type = spec.crdtType;
  let source: CrdtMergeOutcome['typeSource'] = 'crdt_type';
  let from = 'crdt_type';
  for (const [i, state] of spec.states.entries()) {
    const tag = state['type'];
    if (tag === undefined) continue;
    if (!isCrdtType(tag)) throw configError(`states.${i}.type`, `unknown CRDT type ${JSON.stringify(tag)}`);
    if (type !== undefined && tag !== type) {
      throw configError(
        `states.${i}.type`,
        `is ${tag} but ${from} is ${type}: states of different CRDTs cannot be merged`,
      );
    }
    if (type === undefined) [type, source, from] = [tag, 'type_tags', `states.${i}.type`];
  }
  for (const [i, state] of spec.states.entries()) {
    const shaped = typeOfFields(state, `states.${i}`);
    if (shaped === undefined) continue;
    if (type !== undefined && shaped !== type) {
      const fields = CRDTS[type].fields.join(', ');
      throw configError(
        `states.${i}`,
        `has the fields of a ${shaped} but ${from} is ${type} (whose fields are ${fields}): states of different CRDTs cannot be merged`,
      );
    }
    if (type === undefined) [type, source, from] = [shaped, 'fields', `states.${i}`];
  }
  if (type === undefined) throw configError('crdt_type', 'every state is empty, so give crdt_type to say which CRDT');
  return { type, source };
}

function applyOperations(
  crdt: Crdt<unknown>,
  states: unknown[],
  inputs: readonly CrdtOpInput[],
): { index: number; message: string }[] {
  if (inputs.length > MAX_OPERATIONS) {
    throw limitError('operations', `${inputs.length} operations given; the limit is ${MAX_OPERATIONS}`);
  }
  const notes: { index: number; message: string }[] = [];
  inputs.forEach((input, index) => {
    const op = parseOp(crdt, input, index, states.length);
    const state = states[input.replica];
    const note = crdt.precondition(state, op);
    if (note !== undefined)
      notes.push({ index, message: `operations.${index} (${input.op} at replica ${input.replica}): ${note}` });
    states[input.replica] = crdt.apply(state, op);
  });
  return notes;
}

function parseOp(crdt: Crdt<unknown>, input: CrdtOpInput, index: number, replicas: number): CrdtOp {
  const path = `operations.${index}`;
  if (!crdt.operations.includes(input.op)) {
    throw configError(`${path}.op`, `a ${crdt.title} supports ${crdt.operations.join(', ')}, not ${input.op}`);
  }
  if (!(Number.isInteger(input.replica) && input.replica >= 0 && input.replica < replicas)) {
    throw configError(`${path}.replica`, `must index states: 0..${replicas - 1}`);
  }
  const nodeId = checkNodeId(input.node_id ?? `replica-${input.replica}`, `${path}.node_id`);
  const timestamp = input.timestamp;
  if (crdt.needsTimestamp && timestamp === undefined) {
    throw configError(
      `${path}.timestamp`,
      `a ${crdt.title} orders updates by timestamp: give one (ms since the epoch)`,
    );
  }
  if (timestamp !== undefined && !(timestamp >= 0 && timestamp <= MAX_TIMESTAMP_MS)) {
    throw configError(`${path}.timestamp`, `must be 0..${MAX_TIMESTAMP_MS} ms since the epoch`);
  }
  const stamp = timestamp !== undefined ? { timestamp } : {};
  switch (input.op) {
    case 'increment':
    case 'decrement': {
      const amount = input.amount ?? 1;
      if (!(Number.isInteger(amount) && amount >= 1 && amount <= MAX_OP_AMOUNT)) {
        throw configError(`${path}.amount`, `must be an integer 1..${MAX_OP_AMOUNT}`);
      }
      return { kind: input.op, nodeId, amount };
    }
    case 'assign':
      checkJsonValue(input.value, `${path}.value`, MAX_REGISTER_VALUE_CHARS);
      return { kind: 'assign', nodeId, value: input.value as JsonValue, ...stamp };
    case 'add':
    case 'remove':
      checkJsonValue(input.element, `${path}.element`, MAX_ELEMENT_CHARS);
      return { kind: input.op, nodeId, element: input.element as JsonValue, ...stamp };
  }
}
