import { limitError } from '../../errors.js';
import { clockFromObject, clockLeq, clockToObject, MAX_CLOCK_COUNTER, mergeClocks } from '../vector-clock.js';
import { isPlanted } from './planted.js';
import type { Crdt, CrdtOp } from './types.js';

/** Node id -> that node's own increments. */
export type GCounterState = ReadonlyMap<string, number>;

/** Positive and negative increments, each a G-Counter. */
export interface PnCounterState {
  readonly p: GCounterState;
  readonly n: GCounterState;
}

/**
 * G-Counter (Shapiro et al. 2011, state-based grow-only counter): each node increments only its own entry, so the
 * entry-wise maximum keeps every increment exactly once however often states are exchanged; the value is the sum.
 */
export const gCounter: Crdt<GCounterState> = {
  type: 'g_counter',
  title: 'G-Counter',
  fields: ['counts'],
  operations: ['increment'],
  needsTimestamp: false,
  empty: () => new Map(),
  merge: mergeCounts,
  leq: clockLeq,
  apply: (state, op) => (op.kind === 'increment' ? bump(state, op) : state),
  precondition: (_state, op) => (op.kind === 'increment' ? undefined : `a G-Counter only increments`),
  value: total,
  size: (state) => state.size,
  toJson: (state) => ({ counts: clockToObject(state) }),
  fromJson: (json, path) => clockFromObject(json['counts'] ?? {}, `${path}.counts`, 'G-Counter counts'),
};

/**
 * PN-Counter (Shapiro et al. 2011, state-based): a G-Counter of increments and one of decrements; the value is their
 * difference. One signed counter per node would not work: the maximum of -3 and +2 loses the decrement.
 */
export const pnCounter: Crdt<PnCounterState> = {
  type: 'pn_counter',
  title: 'PN-Counter',
  fields: ['increments', 'decrements'],
  operations: ['increment', 'decrement'],
  needsTimestamp: false,
  empty: () => ({ p: new Map(), n: new Map() }),
  merge: (a, b) => ({ p: mergeCounts(a.p, b.p), n: mergeCounts(a.n, b.n) }),
  leq: (a, b) => clockLeq(a.p, b.p) && clockLeq(a.n, b.n),
  apply: (state, op) => {
    if (op.kind === 'increment') return { p: bump(state.p, op), n: state.n };
    if (op.kind === 'decrement') return { p: state.p, n: bump(state.n, op) };
    return state;
  },
  precondition: (_state, op) =>
    op.kind === 'increment' || op.kind === 'decrement' ? undefined : 'a PN-Counter only increments and decrements',
  value: (state) => total(state.p) - total(state.n),
  size: (state) => state.p.size + state.n.size,
  toJson: (state) => ({ increments: clockToObject(state.p), decrements: clockToObject(state.n) }),
  fromJson: (json, path) => ({
    p: clockFromObject(json['increments'] ?? {}, `${path}.increments`, 'PN-Counter increments'),
    n: clockFromObject(json['decrements'] ?? {}, `${path}.decrements`, 'PN-Counter decrements'),
  }),
};

function mergeCounts(a: GCounterState, b: GCounterState): GCounterState {
  if (isPlanted('counter_sum_merge')) {
    const summed = new Map(a);
    for (const [node, count] of b) summed.set(node, (summed.get(node) ?? 0) + count);
    return summed;
  }
  return mergeClocks(a, b);
}

function bump(state: GCounterState, op: Extract<CrdtOp, { amount: number }>): GCounterState {
  const next = (state.get(op.nodeId) ?? 0) + op.amount;
  if (next > MAX_CLOCK_COUNTER) {
    throw limitError('operations', `the counter of ${op.nodeId} would pass ${MAX_CLOCK_COUNTER}`);
  }
  return new Map(state).set(op.nodeId, next);
}

function total(state: GCounterState): number {
  let sum = 0;
  for (const count of state.values()) sum += count;
  return sum;
}
