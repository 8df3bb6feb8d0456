/** Turns the search's deepest dead end into a story a person can check against the history. */
import { InvariantViolation } from '../errors.js';
import type { ModelInstance } from './model.js';
import type { Operation } from './prepare.js';
import type { Partition } from './partition.js';
import type { DeadEnd } from './search.js';
import type { HistoryConsistency, HistoryCounterexample, HistoryModelName, HistoryOpView } from './types.js';
import { unwrittenReads, type UnwrittenRead } from './unwritten.js';

const TAIL_SHOWN = 12;

export function opView(op: Operation): HistoryOpView {
  return {
    process: op.process,
    f: op.f,
    ...(op.key !== undefined ? { key: op.key } : {}),
    value: op.input ?? null,
    ...(op.outcome === 'ok' ? { output: op.output ?? null } : {}),
    outcome: op.outcome,
    invokeIndex: op.invokeIndex,
    ...(op.completeIndex !== undefined ? { completeIndex: op.completeIndex } : {}),
    ...(op.invokeTime !== undefined ? { invokeTime: op.invokeTime } : {}),
    ...(op.completeTime !== undefined ? { completeTime: op.completeTime } : {}),
  };
}

/** How the history was checked, for the counterexample's wording and hints. */
export interface CounterexampleContext {
  readonly consistency: HistoryConsistency;
  readonly partitioned: boolean;
  readonly model: HistoryModelName;
  readonly initialValue: unknown;
}

export function buildCounterexample(
  part: Partition,
  model: ModelInstance,
  deadEnd: DeadEnd,
  context: CounterexampleContext,
): HistoryCounterexample {
  const { consistency, partitioned } = context;
  const at = (i: number): Operation => part.operations[i] ?? failMissing(i);
  const blocked = at(deadEnd.blocked);
  const stateBefore = model.describe(deadEnd.state);
  const concurrent = deadEnd.candidates.map(at);
  const realTime = consistency === 'linearizable';
  const unwritten = unwrittenReads(context.model, part.operations, blocked, context.initialValue, realTime);
  return {
    ...(partitioned ? { partitionKeys: part.keys } : {}),
    prefixLength: deadEnd.prefix.length,
    prefixTail: deadEnd.prefix.slice(-TAIL_SHOWN).map((i) => opView(at(i))),
    blocked: opView(blocked),
    stateBefore,
    concurrent: concurrent.map(opView),
    ...(unwritten.length > 0 ? { unwrittenReads: unwritten } : {}),
    explanation:
      explain(part, deadEnd, blocked, stateBefore, concurrent.length, consistency, partitioned) +
      initialValueHint(unwritten, context.initialValue, realTime),
  };
}

/**
 * Read values nobody wrote: when no write certainly went before the read, the history likely assumes an initial
 * value (Knossos' multi-register starts at 0); otherwise the value came from nowhere the history shows.
 */
function initialValueHint(unwritten: readonly UnwrittenRead[], initialValue: unknown, realTime: boolean): string {
  if (unwritten.length === 0) return '';
  const what = unwritten
    .slice(0, 3)
    .map((r) => `${JSON.stringify(r.value ?? null)}${r.key !== undefined ? ` from ${JSON.stringify(r.key)}` : ''}`)
    .join(', ');
  const head = ` It reads ${what}, which no operation ${realTime ? 'invoked before it returned' : 'in the history'} writes`;
  const initial = unwritten.find((r) => r.couldBeInitial);
  if (!initial) return `${head}.`;
  const where = initial.key !== undefined ? JSON.stringify(initial.key) : 'the register';
  return (
    `${head} and which is not the initial value (${JSON.stringify(initialValueOrNull(initialValue))}), while no ` +
    `write to ${where} certainly went first: the history may assume another initial value; check it again with ` +
    `initial_value ${JSON.stringify(initial.value ?? null)}.`
  );
}

const initialValueOrNull = (v: unknown): unknown => v ?? null;

function explain(
  part: Partition,
  deadEnd: DeadEnd,
  blocked: Operation,
  state: unknown,
  others: number,
  consistency: HistoryConsistency,
  partitioned: boolean,
): string {
  const scope = partitioned && part.keys.length > 0 ? ` on ${keysText(part.keys)}` : '';
  const order = consistency === 'linearizable' ? 'real-time order' : "each process's order";
  const lines =
    blocked.completeIndex !== undefined
      ? `history[${blocked.invokeIndex}]..history[${blocked.completeIndex}]`
      : `history[${blocked.invokeIndex}], never completed`;
  const rest =
    others === 0
      ? 'and nothing else may go before it'
      : `and no order of the ${others} other operation(s) that may still go first makes it possible`;
  return (
    `process ${blocked.process}'s ${describeOp(blocked)} (${lines}) cannot take effect: after the longest order ` +
    `that respects ${order} and the model${scope} (${deadEnd.prefix.length} of ${part.operations.length} ` +
    `operations), the state is ${JSON.stringify(state)}, ${rest}.`
  );
}

/** `write 3`, `read -> 3`, `cas [1,2] -> ok`, `get "k" -> "x"`. */
export function describeOp(op: Operation): string {
  const key = op.key !== undefined ? ` ${JSON.stringify(op.key)}` : '';
  const input = op.input === null || op.input === undefined ? '' : ` ${JSON.stringify(op.input)}`;
  const readLike = op.input === null || op.input === undefined || op.f === 'txn';
  let result = '';
  if (op.outcome !== 'ok') result = ' (outcome unknown)';
  else if (readLike) result = ` -> ${JSON.stringify(op.output ?? null)}`;
  return `${op.f}${key}${op.f === 'txn' ? '' : input}${result}`;
}

function keysText(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => JSON.stringify(k));
  return `key${keys.length > 1 ? 's' : ''} ${shown.join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
}

function failMissing(i: number): never {
  throw new InvariantViolation(`counterexample refers to operation ${i}, which the partition does not have`);
}
