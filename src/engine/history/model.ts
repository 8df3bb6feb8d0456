/**
 * Sequential specifications ("models") in the sense of Herlihy & Wing 1990 §2: a state, and for each operation with
 * its observed output, whether it is legal in that state and the state it leads to. States are small integers
 * (interned), so the search compares and hashes them cheaply, as Porcupine's models do with comparable states.
 */
import { NIL_ID, type ValueTable } from './values.js';

/** Returned by `step` when the operation cannot take effect with the output it reported. */
export const ILLEGAL = -1;

/** One operation compiled for a model: its opcode, the value ids it carries, the keys it touches. */
export interface CompiledOp {
  /** Model-specific opcode. */
  readonly code: number;
  /** Value ids (write value, cas pair, read output...), model-specific layout. */
  readonly args: readonly number[];
  /** Keys touched, for partitioning (P-compositionality); empty for unpartitioned models. */
  readonly keys: readonly string[];
  /** The outcome is unknown (`info` or never completed): only the input is known. */
  readonly unknown: boolean;
}

/** A model restricted to the keys of one partition (or to everything). */
export interface ModelInstance {
  readonly initial: number;
  /** The state after `op`, or ILLEGAL. Must be pure: the search calls it in any order. */
  step(state: number, op: CompiledOp): number;
  /** The state as JSON data for counterexamples. */
  describe(state: number): unknown;
}

/** What the preparation step hands a model for one operation. */
export interface RawOperation {
  readonly f: string;
  readonly key: string | undefined;
  readonly input: unknown;
  /** The completion's value; undefined when the outcome is unknown. */
  readonly output: unknown;
  readonly unknown: boolean;
}

export interface ModelSpec {
  /** The `f` values this model accepts, for error messages. */
  readonly fs: readonly string[];
  /** Whether the model splits by key (P-compositionality, Horn & Kroening 2015). */
  readonly partitioned: boolean;
  /** Validates and compiles one operation; throws configError(path, ...) on a shape it cannot read. */
  compile(op: RawOperation, values: ValueTable, path: string): CompiledOp;
  /** True for operations that constrain nothing (a read whose result is unknown): they are left out. */
  isNoop(op: CompiledOp): boolean;
  /**
   * Value ids the operation observes (a read's result, a dequeued element, a cas's expected value), or 'any' when it
   * may reveal values indirectly (a kv append makes later reads concatenations). With `pendingWrite`, lets the
   * checker drop open writes nobody observed (prune-open.ts). A model without both keeps every operation.
   */
  observed?(op: CompiledOp): readonly number[] | 'any';
  /** The value an open operation would make visible, when that is its whole effect (write, put, enqueue, add). */
  pendingWrite?(op: CompiledOp): number | undefined;
  /** A model over the given keys (all keys of a partition, sorted); `initial` is the initial value's id. */
  instance(keys: readonly string[], values: ValueTable, initial: number): ModelInstance;
}

/**
 * Interns vectors of value ids (one slot per key) as state ids. A one-slot vector is its value id itself, which
 * keeps the common case (one register, one key per partition) free of any table.
 */
export class VectorStates {
  private readonly ids = new Map<string, number>();
  private readonly vectors: (readonly number[])[] = [];

  constructor(readonly width: number) {}

  intern(vector: readonly number[]): number {
    if (this.width === 1) return vector[0] ?? 0;
    const key = vector.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    this.ids.set(key, this.vectors.length);
    this.vectors.push(vector);
    return this.vectors.length - 1;
  }

  get(state: number): readonly number[] {
    if (this.width === 1) return [state];
    return this.vectors[state] ?? [];
  }

  slot(state: number, slot: number): number {
    if (this.width === 1) return state;
    return this.vectors[state]?.[slot] ?? 0;
  }

  with(state: number, slot: number, value: number): number {
    if (this.width === 1) return value;
    const current = this.get(state);
    if (current[slot] === value) return state;
    const next = current.slice();
    next[slot] = value;
    return this.intern(next);
  }
}

/** Maps keys to slots of a VectorStates. */
export function slotMap(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((k, i) => [k, i]));
}

/** Interns lists of value ids (a set's sorted members, a queue's contents) as state ids; id 0 is the empty list. */
export class ListStates {
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly lists: (readonly number[])[] = [[]];

  intern(list: readonly number[]): number {
    const key = list.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    this.ids.set(key, this.lists.length);
    this.lists.push(list);
    return this.lists.length - 1;
  }

  get(state: number): readonly number[] {
    return this.lists[state] ?? [];
  }
}

/** A model over several keys, each holding one value: the state is the vector of values, one slot per key. */
export abstract class KeyedInstance implements ModelInstance {
  readonly initial: number;
  protected readonly states: VectorStates;
  protected readonly slots: Map<string, number>;

  constructor(
    private readonly keys: readonly string[],
    protected readonly values: ValueTable,
    initial: number,
  ) {
    this.states = new VectorStates(keys.length);
    this.slots = slotMap(keys);
    this.initial = this.states.intern(keys.map(() => initial));
  }

  abstract step(state: number, op: CompiledOp): number;

  /** The slot of a key: always 0 in the common one-key partition. */
  protected slotOf(key: string | undefined): number {
    return this.states.width === 1 ? 0 : (this.slots.get(key ?? '') ?? 0);
  }

  describe(state: number): unknown {
    const vector = this.states.get(state);
    return Object.fromEntries(this.keys.map((k, i) => [k, this.values.value(vector[i] ?? NIL_ID)]));
  }
}
