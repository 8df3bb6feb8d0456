/**
 * The Wing & Gong (1993) search as refined by Lowe (2017) and implemented by Porcupine: walk a doubly linked list of
 * call and return entries; a call entry whose operation the model accepts is "lifted" (removed with its return) and
 * pushed on a stack; reaching a return entry means that operation can no longer be placed, so the search backs up.
 * Configurations (linearized set, state) already explored are skipped (Lowe §4). The loop is resumable, so callers
 * can slice it.
 */
import type { CompiledOp, ModelInstance } from './model.js';
import { LinearizedSet } from './linearized-set.js';
import { Memo } from './memo.js';
import { CANDIDATES_SHOWN, prefixOf, type DeadEnd, type Search, type SearchStatus } from './search.js';
import type { Partition } from './partition.js';
import { ILLEGAL } from './model.js';

export class LinearSearch implements Search {
  readonly memo: Memo;
  steps = 0;
  depthMax = 0;
  deadEnd: DeadEnd | undefined;
  private readonly ops: readonly CompiledOp[];
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly set: LinearizedSet;
  private readonly opStack: Int32Array;
  private readonly stateStack: Int32Array;
  private depth = 0;
  private state: number;
  private entry: number;
  private status: SearchStatus = 'running';

  constructor(
    private readonly part: Partition,
    private readonly model: ModelInstance,
    memoIgnoresState = false,
  ) {
    const n = part.operations.length;
    this.ops = part.operations.map((op) => op.compiled);
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1).fill(-1);
    this.prev = new Int32Array(2 * n + 1).fill(-1);
    this.linkEntries();
    this.set = new LinearizedSet(n);
    this.memo = new Memo(n, memoIgnoresState);
    this.opStack = new Int32Array(n);
    this.stateStack = new Int32Array(n);
    this.state = model.initial;
    this.entry = this.next[this.head] ?? -1;
  }

  /**
   * Candidates are tried in list order (invocation order), open operations included, as Porcupine does: an `info`
   * operation that took effect usually did so soon after its invocation, and one that did not is refuted by the
   * next read. (Trying open operations last, only at dead ends, was measured to be far slower on kv histories.)
   */
  run(budget: number, maxMemoBytes: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const { next, head, model, ops } = this;
    const stop = this.steps + budget;
    while (next[head] !== -1) {
      if (this.steps >= stop) return 'running';
      this.steps++;
      const e = this.entry;
      if ((e & 1) === 0) {
        const op = e >> 1;
        const after = model.step(this.state, ops[op] as CompiledOp);
        if (after !== ILLEGAL) {
          this.set.add(op);
          if (this.memo.add(this.set, after)) {
            this.push(op, after);
            if (this.memo.bytes > maxMemoBytes) return (this.status = 'memory');
            continue;
          }
          this.set.delete(op);
        }
        this.entry = next[e] ?? -1;
      } else if (!this.backtrack(e >> 1)) {
        return (this.status = 'invalid');
      }
    }
    return (this.status = 'valid');
  }

  private push(op: number, after: number): void {
    this.opStack[this.depth] = op;
    this.stateStack[this.depth] = this.state;
    this.depth++;
    if (this.depth > this.depthMax) this.depthMax = this.depth;
    this.state = after;
    this.lift(2 * op);
    this.entry = this.next[this.head] ?? -1;
  }

  /** A return entry was reached: `blocked` cannot be placed after the current prefix. Undo the last choice. */
  private backtrack(blocked: number): boolean {
    if (!this.deadEnd || this.depth > this.deadEnd.prefix.length) this.recordDeadEnd(blocked);
    if (this.depth === 0) return false;
    this.depth--;
    const op = this.opStack[this.depth] ?? 0;
    this.state = this.stateStack[this.depth] ?? 0;
    this.set.delete(op);
    this.unlift(2 * op);
    this.entry = this.next[2 * op] ?? -1;
    return true;
  }

  private recordDeadEnd(blocked: number): void {
    const candidates: number[] = [];
    for (let e = this.next[this.head] ?? -1; e !== -1 && e !== 2 * blocked + 1; e = this.next[e] ?? -1) {
      if ((e & 1) === 0 && e >> 1 !== blocked && candidates.length < CANDIDATES_SHOWN) candidates.push(e >> 1);
    }
    this.deadEnd = { prefix: prefixOf(this.opStack, this.depth), state: this.state, blocked, candidates };
  }

  /** Removes a call entry and its return entry from the list. */
  private lift(call: number): void {
    const { next, prev } = this;
    const ret = call + 1;
    next[prev[call] ?? 0] = next[call] ?? -1;
    prev[next[call] ?? 0] = prev[call] ?? -1;
    next[prev[ret] ?? 0] = next[ret] ?? -1;
    const after = next[ret] ?? -1;
    if (after !== -1) prev[after] = prev[ret] ?? -1;
  }

  /** Puts them back, in the reverse order (the list is restored exactly). */
  private unlift(call: number): void {
    const { next, prev } = this;
    const ret = call + 1;
    next[prev[ret] ?? 0] = ret;
    const after = next[ret] ?? -1;
    if (after !== -1) prev[after] = ret;
    next[prev[call] ?? 0] = call;
    prev[next[call] ?? 0] = call;
  }

  /**
   * Orders entries by time; at equal times calls come first, so operations that touch at one instant overlap
   * (Porcupine does the same). Open operations return after everything else.
   */
  private linkEntries(): void {
    const ops = this.part.operations;
    const entries: number[] = [];
    for (let i = 0; i < ops.length; i++) entries.push(2 * i, 2 * i + 1);
    const at = (e: number): number => {
      const op = ops[e >> 1];
      return op ? ((e & 1) === 0 ? op.callAt : op.returnAt) : 0;
    };
    const seq = (e: number): number => {
      const op = ops[e >> 1];
      return op ? ((e & 1) === 0 ? op.invokeIndex : (op.completeIndex ?? Infinity)) : 0;
    };
    entries.sort((a, b) => at(a) - at(b) || (a & 1) - (b & 1) || seq(a) - seq(b) || a - b);
    let last = this.head;
    for (const e of entries) {
      this.next[last] = e;
      this.prev[e] = last;
      last = e;
    }
    this.next[last] = -1;
  }
}
