import type { JsonValue } from '../json-value.js';

/** The state-based CRDTs of Shapiro, Preguiça, Baquero and Zawirski 2011 (INRIA RR-7506) that the engine merges. */
export const CRDT_TYPES = [
  'g_counter',
  'pn_counter',
  'lww_register',
  'mv_register',
  'g_set',
  'two_p_set',
  'or_set',
  'lww_element_set',
] as const;
export type CrdtType = (typeof CRDT_TYPES)[number];

/** An update at one replica. `nodeId` names the replica doing it (counters and version vectors are per node). */
export type CrdtOp =
  | { readonly kind: 'increment'; readonly nodeId: string; readonly amount: number }
  | { readonly kind: 'decrement'; readonly nodeId: string; readonly amount: number }
  | { readonly kind: 'assign'; readonly nodeId: string; readonly value: JsonValue; readonly timestamp?: number }
  | { readonly kind: 'add'; readonly nodeId: string; readonly element: JsonValue; readonly timestamp?: number }
  | { readonly kind: 'remove'; readonly nodeId: string; readonly element: JsonValue; readonly timestamp?: number };
export type CrdtOpKind = CrdtOp['kind'];

/** A state as plain JSON, the shape callers send and results show (canonical: sorted keys and lists). */
export type StateJson = Readonly<Record<string, unknown>>;

/**
 * A state-based CRDT (CvRDT): states form a join semilattice ordered by `leq`; `merge` is the least upper bound, so
 * it is commutative, associative and idempotent, and `apply` only moves a state up (inflation). Together these make
 * replicas that exchange states in any order, any number of times, converge (Shapiro et al. 2011: a monotonic
 * semilattice object is strongly eventually consistent). States are immutable: every function returns a new one.
 */
export interface Crdt<S> {
  readonly type: CrdtType;
  /** Human name used in explanations, e.g. "OR-Set". */
  readonly title: string;
  /** The fields of its JSON state (each field belongs to one type only, which lets a bare state name its type). */
  readonly fields: readonly string[];
  readonly operations: readonly CrdtOpKind[];
  /** true when add/remove/assign need a caller-supplied timestamp. */
  readonly needsTimestamp: boolean;
  empty(): S;
  merge(a: S, b: S): S;
  /** The semilattice order, written independently of `merge` so that tests can check one against the other. */
  leq(a: S, b: S): boolean;
  /** Applies an update; an update whose precondition fails (see `precondition`) leaves the state unchanged. */
  apply(state: S, op: CrdtOp): S;
  /** Why `op` would change nothing visible here, for warnings; undefined when it takes effect. */
  precondition(state: S, op: CrdtOp): string | undefined;
  /**
   * Why a caller's state could not come from this CRDT's own updates (it is still merged as given), for warnings;
   * undefined when it could. Only types whose updates have preconditions the state can visibly break define it.
   */
  unreachable?(state: S): string | undefined;
  value(state: S): JsonValue;
  /** Entries held (counters, elements, dots): what the bounds count. */
  size(state: S): number;
  toJson(state: S): StateJson;
  /** Reads a caller's state; errors name fields under `path`. */
  fromJson(json: StateJson, path: string): S;
}
