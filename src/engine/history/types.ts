/**
 * Public types of the history checker. A history is what clients saw: Jepsen's shape, one entry per invocation and
 * one per completion (Kingsbury, Knossos / Jepsen `:invoke` `:ok` `:fail` `:info`).
 */

/** `invoke` opens an operation; `ok` completes it; `fail`: it certainly did not happen; `info`: it may have. */
export type HistoryOpType = 'invoke' | 'ok' | 'fail' | 'info';

/** One line of a history. `value` of an `ok` carries the result (a read's value); `time` is any monotonic unit. */
export interface HistoryOp {
  readonly process: number;
  readonly type: HistoryOpType;
  readonly f: string;
  readonly value: unknown;
  /** The key for the `kv` model (a per-key register). */
  readonly key?: string;
  /** When given on every line, real-time order comes from it (equal times overlap); otherwise from line order. */
  readonly time?: number;
}

/** The sequential specifications the checker knows. */
export type HistoryModelName = 'register' | 'kv' | 'multi_register' | 'mutex' | 'set' | 'queue';

export type HistoryConsistency = 'linearizable' | 'sequential';

/** Where real-time order comes from: `auto` uses `time` when every line has one, else line order. */
export type HistoryRealTime = 'auto' | 'time' | 'position';

export interface HistoryCheckOptions {
  readonly model: HistoryModelName;
  /** `sequential` drops the real-time constraint and keeps each process's program order (Lamport 1979). */
  readonly consistency?: HistoryConsistency;
  /** Search budget in steps (candidate operations tried), over all partitions; beyond it the verdict is unknown. */
  readonly maxSteps?: number;
  /** Memory budget of the memo tables in bytes; beyond it the verdict is unknown. */
  readonly maxMemoBytes?: number;
  /** Initial value of the register (or of every key / register); default null. */
  readonly initialValue?: unknown;
  readonly realTime?: HistoryRealTime;
  /** Stop at the first partition that fails (faster; `failedKeys` then names one). Default false. */
  readonly stopAtFirstViolation?: boolean;
  /**
   * Test-only planted bugs, to prove the tests can catch a broken checker. Never set outside tests.
   * `ignoreRealTime`: every operation may be linearized anywhere (real-time order dropped).
   * `memoIgnoresState`: the memo keys configurations by the linearized set alone, so it prunes branches that reach
   * the same set in a different state (a classic unsound memo).
   */
  readonly __plantedBug?: 'ignoreRealTime' | 'memoIgnoresState';
}

/** The verdict names the consistency checked: `sequentially_consistent` pairs with `consistency: 'sequential'`. */
export type HistoryVerdict =
  'linearizable' | 'not_linearizable' | 'sequentially_consistent' | 'not_sequentially_consistent' | 'unknown';

/** One operation as the counterexample shows it. */
export interface HistoryOpView {
  readonly process: number;
  readonly f: string;
  readonly key?: string;
  /** The invocation's value (a write's value, a cas pair). */
  readonly value: unknown;
  /** What the completion reported (a read's value); absent when the outcome is unknown (`info` or never completed). */
  readonly output?: unknown;
  readonly outcome: 'ok' | 'info' | 'pending';
  /** Index of the invocation and completion lines in the input (0-based). */
  readonly invokeIndex: number;
  readonly completeIndex?: number;
  readonly invokeTime?: number;
  readonly completeTime?: number;
}

/** Why a history is not linearizable, as a person reads it. */
export interface HistoryCounterexample {
  /** The partition (key or keys) that failed; absent for an unpartitioned model. */
  readonly partitionKeys?: readonly string[];
  /** Length of the longest order of operations the search could justify before getting stuck. */
  readonly prefixLength: number;
  /** The last operations of that longest prefix, in linearization order (at most 12). */
  readonly prefixTail: readonly HistoryOpView[];
  /** The operation that could not be placed: it completed, and no order of what may precede it explains it. */
  readonly blocked: HistoryOpView;
  /** The model state after the prefix, where `blocked` could not be applied. */
  readonly stateBefore: unknown;
  /** Other operations that could still have gone before `blocked` at that point (at most 12). */
  readonly concurrent: readonly HistoryOpView[];
  /**
   * Values `blocked` reads that no operation that could go first writes and that differ from the initial value (with
   * their register or key): with `couldBeInitial`, a sign the history assumes another initial value.
   */
  readonly unwrittenReads?: readonly {
    readonly key: string | undefined;
    readonly value: unknown;
    /** No write of the key certainly went first: another initial value would explain the read. */
    readonly couldBeInitial: boolean;
  }[];
  readonly explanation: string;
}

export type HistoryUnknownReason = 'step_budget' | 'memory_budget' | 'stopped';

export interface HistoryCheckResult {
  readonly verdict: HistoryVerdict;
  /** true / false when the search finished (or found a violation), null when a budget stopped it first. */
  readonly valid: boolean | null;
  readonly model: HistoryModelName;
  readonly consistency: HistoryConsistency;
  readonly realTime: 'time' | 'position';
  /** Operations checked: completed (`ok`) plus open (`info` or never completed), after dropping `fail`. */
  readonly operations: number;
  readonly counts: {
    readonly ok: number;
    readonly fail: number;
    readonly info: number;
    /** Invoked but never completed: treated like `info`. */
    readonly pending: number;
    /** Reads with an unknown outcome, which constrain nothing and are left out. */
    readonly droppedReads: number;
    /** Open writes of values no operation observes, left out because they change no verdict (prune-open.ts). */
    readonly droppedOpenWrites: number;
  };
  readonly partitions: {
    readonly total: number;
    readonly checked: number;
    readonly failed: number;
  };
  /** Keys of failed partitions (kv, multi_register), at most 20. */
  readonly failedKeys: readonly string[];
  /** Search steps spent (candidate operations tried) and memo entries kept, over all partitions. */
  readonly steps: number;
  readonly memoEntries: number;
  readonly memoBytesPeak: number;
  readonly unknownReason?: HistoryUnknownReason;
  readonly counterexample?: HistoryCounterexample;
  /**
   * Sequential checks only: true when the history is even linearizable (the cheap first phase settled it), false
   * when it is not (so a sequentially consistent verdict means "sequentially consistent but not linearizable").
   */
  readonly alsoLinearizable?: boolean;
}
