/**
 * Runs the search over the parts of one history: round-robin with a doubling quantum, so an easy failing part is
 * found even when a hard part comes first (Porcupine gets the same effect by checking parts in parallel and stopping
 * at the first failure). A budget running out leaves the verdict unknown, never guessed.
 */
import { buildCounterexample } from './counterexample.js';
import type { ModelInstance } from './model.js';
import type { Partition } from './partition.js';
import type { PreparedHistory } from './prepare.js';
import type { Search } from './search.js';
import { LinearSearch } from './search-linear.js';
import { SequentialSearch } from './search-sequential.js';
import type {
  HistoryCheckOptions,
  HistoryCheckResult,
  HistoryConsistency,
  HistoryCounterexample,
  HistoryUnknownReason,
  HistoryVerdict,
} from './types.js';

const FAILED_KEYS_SHOWN = 20;

/** A check in progress: `advance` runs up to `budget` search steps and says whether the check has finished. */
export interface HistoryCheck {
  advance(budget: number): boolean;
  progress(): { readonly done: number; readonly total?: number; readonly message?: string };
  /** The verdict so far: `unknown` (reason `stopped`) if called before `advance` returned true. */
  result(): HistoryCheckResult;
}

export interface CheckSetup {
  readonly options: HistoryCheckOptions;
  readonly consistency: HistoryConsistency;
  readonly prepared: PreparedHistory;
  readonly partitions: readonly Partition[];
  readonly instance: (part: Partition) => ModelInstance;
  readonly split: boolean;
  readonly maxSteps: number;
  readonly maxMemoBytes: number;
}

interface Live {
  readonly part: Partition;
  readonly search: Search;
  readonly model: ModelInstance;
  /** Steps spent in the current round. */
  turn: number;
}

/** Steps each unfinished part gets in the first round; the quantum doubles every round. */
const FIRST_QUANTUM = 4096;

export class PartsCheck implements HistoryCheck {
  private readonly pending: Partition[];
  private readonly live: Live[] = [];
  private cursor = 0;
  private quantum = FIRST_QUANTUM;
  private steps = 0;
  private checked = 0;
  private failed = 0;
  private opsDone = 0;
  private memoEntries = 0;
  private memoBytesPeak = 0;
  private readonly failedKeys: string[] = [];
  private counterexample: HistoryCounterexample | undefined;
  private reason: HistoryUnknownReason | undefined;
  private finished = false;

  constructor(private readonly setup: CheckSetup) {
    this.pending = [...setup.partitions].reverse();
  }

  advance(budget: number): boolean {
    let left = budget;
    while (!this.finished && left > 0) {
      const entry = this.next();
      if (!entry) return (this.finished = true);
      const allowed = Math.min(left, this.quantum - entry.turn, this.setup.maxSteps - this.steps);
      if (allowed <= 0) {
        this.reason = 'step_budget';
        return (this.finished = true);
      }
      const before = entry.search.steps;
      const status = entry.search.run(allowed, this.setup.maxMemoBytes - this.otherBytes(entry));
      const used = entry.search.steps - before;
      this.steps += used;
      left -= used;
      entry.turn += used;
      if (status !== 'running') this.settle(entry, status);
      else if (entry.turn >= this.quantum) this.rotate(entry);
    }
    return this.finished;
  }

  /** The part to work on: the one under the cursor, or a new one while fewer than two are live. */
  private next(): Live | undefined {
    if (this.cursor >= this.live.length) {
      const part = this.pending.pop();
      if (part) {
        const model = this.setup.instance(part);
        const Kind = this.setup.consistency === 'linearizable' ? LinearSearch : SequentialSearch;
        const plantedMemoBug = this.setup.options.__plantedBug === 'memoIgnoresState';
        this.live.push({ part, search: new Kind(part, model, plantedMemoBug), model, turn: 0 });
      } else {
        this.cursor = 0;
        this.quantum *= 2;
      }
    }
    return this.live[this.cursor];
  }

  private rotate(entry: Live): void {
    entry.turn = 0;
    this.cursor++;
  }

  private otherBytes(entry: Live): number {
    let bytes = 0;
    for (const other of this.live) if (other !== entry) bytes += other.search.memo.bytes;
    return bytes;
  }

  private settle(entry: Live, status: 'valid' | 'invalid' | 'memory'): void {
    const { part, search, model } = entry;
    this.live.splice(this.live.indexOf(entry), 1);
    this.opsDone += part.operations.length;
    this.memoEntries += search.memo.size;
    this.memoBytesPeak = Math.max(this.memoBytesPeak, search.memo.bytes + this.otherBytes(entry));
    if (status === 'memory') {
      this.reason = 'memory_budget';
      return;
    }
    this.checked++;
    if (status === 'valid') return;
    this.failed++;
    if (this.failedKeys.length < FAILED_KEYS_SHOWN && part.keys.length > 0) this.failedKeys.push(part.keys.join('+'));
    if (!this.counterexample && search.deadEnd) {
      this.counterexample = buildCounterexample(part, model, search.deadEnd, {
        consistency: this.setup.consistency,
        partitioned: this.setup.split,
        model: this.setup.options.model,
        initialValue: this.setup.options.initialValue,
      });
    }
    if (this.setup.options.stopAtFirstViolation ?? true) this.finished = true;
  }

  progress(): { done: number; total: number; message: string } {
    const total = this.setup.partitions.length;
    const depth = this.live.reduce((sum, entry) => sum + entry.search.depthMax, 0);
    return {
      done: this.opsDone + depth,
      total: this.setup.prepared.operations.length,
      message: `${this.checked} of ${total} part(s) decided, ${this.steps} search steps`,
    };
  }

  result(): HistoryCheckResult {
    const { prepared, partitions, consistency, options } = this.setup;
    const complete = this.checked === partitions.length;
    const valid = this.failed > 0 ? false : complete ? true : null;
    const reason = valid === null ? (this.reason ?? 'stopped') : undefined;
    const liveEntries = this.live.reduce((sum, entry) => sum + entry.search.memo.size, 0);
    const liveBytes = this.live.reduce((sum, entry) => sum + entry.search.memo.bytes, 0);
    return {
      verdict: verdictOf(valid, consistency),
      valid,
      model: options.model,
      consistency,
      realTime: prepared.realTime,
      operations: prepared.operations.length,
      counts: { ...prepared.counts },
      partitions: { total: partitions.length, checked: this.checked, failed: this.failed },
      failedKeys: [...this.failedKeys],
      steps: this.steps,
      memoEntries: this.memoEntries + liveEntries,
      memoBytesPeak: Math.max(this.memoBytesPeak, liveBytes),
      ...(reason ? { unknownReason: reason } : {}),
      ...(this.counterexample ? { counterexample: this.counterexample } : {}),
    };
  }
}

export function verdictOf(valid: boolean | null, consistency: HistoryConsistency): HistoryVerdict {
  if (valid === null) return 'unknown';
  if (consistency === 'linearizable') return valid ? 'linearizable' : 'not_linearizable';
  return valid ? 'sequentially_consistent' : 'not_sequentially_consistent';
}
