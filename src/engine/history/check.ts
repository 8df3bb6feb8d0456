/**
 * The checker's entry points: prepare the history, split it where that is sound, and search. Exposed as a sliced
 * job (`advance(budget)`) so a tool can report progress and stop it, and as a one-call function. A budget running
 * out gives `unknown`, never a guess: a positive verdict needs every part to succeed, a negative one needs a part
 * whose search was exhausted.
 */
import { configError } from '../errors.js';
import type { ModelInstance } from './model.js';
import { MODELS } from './models/index.js';
import { partitionHistory, type Partition } from './partition.js';
import { PartsCheck, verdictOf, type CheckSetup, type HistoryCheck } from './parts-check.js';
import { prepareHistory } from './prepare.js';
import type { HistoryCheckOptions, HistoryCheckResult, HistoryOp } from './types.js';
import { ValueTable } from './values.js';

export type { HistoryCheck } from './parts-check.js';

export const DEFAULT_MAX_STEPS = 20_000_000;
export const MAX_STEPS_LIMIT = 10_000_000_000;
export const DEFAULT_MAX_MEMO_BYTES = 256 * 1024 * 1024;
export const MAX_MEMO_BYTES_LIMIT = 2 * 1024 * 1024 * 1024;

export function createHistoryCheck(ops: readonly HistoryOp[], options: HistoryCheckOptions): HistoryCheck {
  const spec = MODELS[options.model] as (typeof MODELS)[keyof typeof MODELS] | undefined;
  if (!spec) {
    throw configError(
      'model',
      `unknown model "${String(options.model)}"; use one of ${Object.keys(MODELS).join(', ')}`,
    );
  }
  const maxSteps = bounded('maxSteps', options.maxSteps ?? DEFAULT_MAX_STEPS, MAX_STEPS_LIMIT);
  const maxMemoBytes = bounded('maxMemoBytes', options.maxMemoBytes ?? DEFAULT_MAX_MEMO_BYTES, MAX_MEMO_BYTES_LIMIT);
  const values = new ValueTable();
  const initial = values.intern(options.initialValue ?? null);
  const prepared = prepareHistory(ops, spec, values, options);
  const instance = (part: Partition): ModelInstance => spec.instance(part.keys, values, initial);
  const linearizable: CheckSetup = {
    options,
    consistency: 'linearizable',
    prepared,
    partitions: partitionHistory(prepared.operations, spec.partitioned),
    instance,
    split: spec.partitioned,
    maxSteps,
    maxMemoBytes,
  };
  if ((options.consistency ?? 'linearizable') === 'linearizable') return new PartsCheck(linearizable);
  const sequential: CheckSetup = {
    ...linearizable,
    consistency: 'sequential',
    // Sequential consistency is not local (Herlihy & Wing 1990 §3.3 contrast it with linearizability): one part.
    partitions: partitionHistory(prepared.operations, false),
    split: false,
  };
  return new SequentialCheck(linearizable, sequential);
}

/** Checks a whole history in one call (budget: `maxSteps`, default 20 million steps). */
export function checkHistory(ops: readonly HistoryOp[], options: HistoryCheckOptions): HistoryCheckResult {
  const check = createHistoryCheck(ops, options);
  while (!check.advance(1_000_000)) {
    // advance returns true once finished or out of budget.
  }
  return check.result();
}

function bounded(field: string, value: number, max: number): number {
  if (!Number.isFinite(value) || value < 1 || value > max) {
    throw configError(field, `must be between 1 and ${max}; got ${value}`);
  }
  return Math.floor(value);
}

/**
 * Sequential consistency in two phases. Every linearization is also a sequentially consistent order, so a
 * linearizable history is settled by the (partitioned, real-time-pruned, much cheaper) linearizability search; only
 * otherwise does the sequential search over the whole history run, with what is left of the budget.
 */
class SequentialCheck implements HistoryCheck {
  private readonly first: PartsCheck;
  private second: PartsCheck | undefined;

  constructor(
    linearizable: CheckSetup,
    private readonly sequential: CheckSetup,
  ) {
    this.first = new PartsCheck({ ...linearizable, options: { ...linearizable.options, stopAtFirstViolation: true } });
  }

  advance(budget: number): boolean {
    if (!this.second) {
      if (!this.first.advance(budget)) return false;
      const first = this.first.result();
      if (first.valid === true) return true;
      const left = this.sequential.maxSteps - first.steps;
      if (left < 1) return true;
      this.second = new PartsCheck({ ...this.sequential, maxSteps: left });
      return false;
    }
    return this.second.advance(budget);
  }

  progress(): { done: number; total?: number; message?: string } {
    const phase = this.second ? 'sequential search' : 'linearizability pre-check';
    const p = (this.second ?? this.first).progress();
    return { ...p, message: `${phase}: ${p.message ?? ''}` };
  }

  result(): HistoryCheckResult {
    const first = this.first.result();
    if (!this.second) {
      const valid = first.valid === true ? true : null;
      const rest = { ...first, consistency: 'sequential' as const, verdict: verdictOf(valid, 'sequential'), valid };
      const { counterexample: _dropped, unknownReason: _reason, ...kept } = rest;
      if (valid) return { ...kept, alsoLinearizable: true };
      return { ...kept, unknownReason: first.steps >= this.sequential.maxSteps ? 'step_budget' : 'stopped' };
    }
    const second = this.second.result();
    return {
      ...second,
      ...(first.valid === false ? { alsoLinearizable: false } : {}),
      steps: first.steps + second.steps,
      memoEntries: first.memoEntries + second.memoEntries,
      memoBytesPeak: Math.max(first.memoBytesPeak, second.memoBytesPeak),
    };
  }
}
