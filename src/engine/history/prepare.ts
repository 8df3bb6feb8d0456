/**
 * From a list of Jepsen-shaped lines to operations with intervals. Jepsen semantics (Kingsbury, Knossos
 * `history/complete`): `invoke` opens an operation of its process; `ok` closes it with a result; `fail` means it
 * did not happen, so it is dropped; `info` (or no completion at all) means it may or may not have happened: it stays
 * open to the end of the history with an unknown result, so it may be linearized anywhere after its invocation,
 * including "at the end", which is the same as never.
 */
import { configError, limitError } from '../errors.js';
import type { CompiledOp, ModelSpec } from './model.js';
import { pruneUnobservedOpenWrites } from './prune-open.js';
import type { HistoryCheckOptions, HistoryOp, HistoryOpType } from './types.js';
import type { ValueTable } from './values.js';

/** Bound on input lines the engine accepts (tools cap lower). */
export const MAX_HISTORY_LINES = 1_000_000;

export interface Operation {
  readonly process: number;
  readonly f: string;
  readonly key: string | undefined;
  readonly input: unknown;
  readonly output: unknown;
  readonly outcome: 'ok' | 'info' | 'pending';
  readonly invokeIndex: number;
  readonly completeIndex: number | undefined;
  readonly invokeTime: number | undefined;
  readonly completeTime: number | undefined;
  /** Interval endpoints in the chosen real-time order; `returnAt` is Infinity for an open operation. */
  readonly callAt: number;
  readonly returnAt: number;
  readonly compiled: CompiledOp;
}

export interface PreparedHistory {
  readonly operations: readonly Operation[];
  readonly realTime: 'time' | 'position';
  readonly counts: {
    ok: number;
    fail: number;
    info: number;
    pending: number;
    droppedReads: number;
    droppedOpenWrites: number;
  };
}

interface Open {
  readonly index: number;
  readonly op: HistoryOp;
}

const TYPES: ReadonlySet<HistoryOpType> = new Set(['invoke', 'ok', 'fail', 'info']);

export function prepareHistory(
  lines: readonly HistoryOp[],
  model: ModelSpec,
  values: ValueTable,
  options: Pick<HistoryCheckOptions, 'realTime' | '__plantedBug'>,
): PreparedHistory {
  if (lines.length > MAX_HISTORY_LINES) {
    throw limitError('history', `at most ${MAX_HISTORY_LINES} lines; got ${lines.length}. Split the history.`);
  }
  const realTime = chooseRealTime(lines, options.realTime ?? 'auto');
  const counts = { ok: 0, fail: 0, info: 0, pending: 0, droppedReads: 0, droppedOpenWrites: 0 };
  const open = new Map<number, Open>();
  const operations: Operation[] = [];
  const emit = (invoke: Open, completion: Open | undefined): void => {
    const op = buildOperation(invoke, completion, model, values, realTime);
    if (model.isNoop(op.compiled)) counts.droppedReads++;
    else operations.push(op);
  };
  lines.forEach((line, index) => {
    checkLine(line, index);
    if (line.type === 'invoke') {
      const previous = open.get(line.process);
      if (previous) {
        throw configError(
          `history[${index}]`,
          `process ${line.process} invokes ${line.f} while its ${previous.op.f} from history[${previous.index}] is ` +
            'still open; a process completes (ok, fail or info) each operation before invoking the next',
        );
      }
      open.set(line.process, { index, op: line });
      return;
    }
    const invoke = open.get(line.process);
    if (!invoke) {
      throw configError(
        `history[${index}]`,
        `${line.type} for ${line.f} by process ${line.process} has no open invoke before it; every completion needs ` +
          'an earlier invoke by the same process',
      );
    }
    if (invoke.op.f !== line.f) {
      throw configError(
        `history[${index}]`,
        `process ${line.process} completes ${line.f} but its open operation is ${invoke.op.f} (history[${invoke.index}])`,
      );
    }
    open.delete(line.process);
    counts[line.type]++;
    if (line.type !== 'fail') emit(invoke, { index, op: line });
  });
  for (const invoke of [...open.values()].sort((a, b) => a.index - b.index)) {
    counts.pending++;
    emit(invoke, undefined);
  }
  const pruned = pruneUnobservedOpenWrites(operations, model);
  counts.droppedOpenWrites = pruned.dropped;
  const timed = options.__plantedBug === 'ignoreRealTime' ? pruned.operations.map(timeless) : pruned.operations;
  return { operations: sortByCall(timed), realTime, counts };
}

function checkLine(line: HistoryOp, index: number): void {
  if (!TYPES.has(line.type)) {
    throw configError(`history[${index}].type`, `type must be invoke, ok, fail or info; got ${String(line.type)}`);
  }
  if (typeof line.f !== 'string' || line.f.length === 0) {
    throw configError(`history[${index}].f`, 'every line needs an f (the operation name, e.g. "read")');
  }
  if (typeof line.process !== 'number' || !Number.isFinite(line.process)) {
    throw configError(`history[${index}].process`, 'process must be a number (client operations only)');
  }
}

function chooseRealTime(lines: readonly HistoryOp[], wanted: 'auto' | 'time' | 'position'): 'time' | 'position' {
  if (wanted === 'position') return 'position';
  const missing = lines.findIndex((l) => typeof l.time !== 'number' || !Number.isFinite(l.time));
  if (wanted === 'time' && missing !== -1) {
    throw configError(`history[${missing}].time`, 'real_time "time" needs a numeric time on every line');
  }
  return missing === -1 && lines.length > 0 ? 'time' : 'position';
}

function buildOperation(
  invoke: Open,
  completion: Open | undefined,
  model: ModelSpec,
  values: ValueTable,
  realTime: 'time' | 'position',
): Operation {
  const known = completion?.op.type === 'ok';
  const outcome = known ? 'ok' : completion ? 'info' : 'pending';
  const raw = {
    f: invoke.op.f,
    key: invoke.op.key ?? completion?.op.key,
    input: invoke.op.value,
    output: known ? completion.op.value : undefined,
    unknown: !known,
  };
  const compiled = model.compile(raw, values, `history[${known ? completion.index : invoke.index}]`);
  const invokeTime = invoke.op.time;
  const completeTime = completion?.op.time;
  const callAt = realTime === 'time' ? (invokeTime ?? 0) : invoke.index;
  let returnAt = Infinity;
  if (known) returnAt = realTime === 'time' ? (completeTime ?? 0) : completion.index;
  if (returnAt < callAt) {
    throw configError(
      `history[${completion?.index ?? invoke.index}].time`,
      `the completion's time ${returnAt} is before its invocation's time ${callAt} (history[${invoke.index}])`,
    );
  }
  return {
    process: invoke.op.process,
    f: invoke.op.f,
    key: raw.key,
    input: invoke.op.value,
    output: raw.output,
    outcome,
    invokeIndex: invoke.index,
    completeIndex: completion?.index,
    invokeTime,
    completeTime,
    callAt,
    returnAt,
    compiled,
  };
}

function sortByCall(operations: readonly Operation[]): Operation[] {
  return [...operations].sort((a, b) => a.callAt - b.callAt || a.invokeIndex - b.invokeIndex);
}

/** Planted bug (tests only): every operation overlaps every other, so real-time order is ignored. */
function timeless(op: Operation): Operation {
  return { ...op, callAt: 0, returnAt: op.returnAt === Infinity ? Infinity : Number.MAX_VALUE };
}
