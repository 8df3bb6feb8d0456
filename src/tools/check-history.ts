import {
  EngineError,
  MAX_STEPS_LIMIT,
  createHistoryCheck,
  isEngineError,
  parseEdnHistory,
  type HistoryCheckResult,
  type HistoryOp,
  type HistoryOpView,
} from '../engine/index.js';
import { configError } from '../engine/index.js';
import {
  inputSchema,
  outputSchema,
  MAX_TOOL_HISTORY_LINES,
  TIME_LIMIT_MAX_MS,
  type Input,
  type OpView,
  type Output,
} from './check-history-schema.js';
import { PURE_TOOL, defineTool, type ToolContext } from './define-tool.js';
import { CALL_MEMO_BYTES_MAX, remainingMs, runInSlices } from './long-work.js';

export { inputSchema, outputSchema };

/** A slice of this many search steps takes a few milliseconds. */
const STEPS_PER_SLICE = 20_000;
/** Wall-clock time kept back from the call's deadline for building the answer. */
const SEARCH_MARGIN_MS = 250;

interface Loaded {
  readonly ops: HistoryOp[];
  /** edn input: the line of each op, for messages and counterexamples. */
  readonly lines?: readonly number[];
  readonly skipped: number;
}

export async function runCheckHistory(input: Input, ctx: ToolContext): Promise<Output> {
  const loaded = load(input);
  const check = withLines(loaded, () =>
    createHistoryCheck(loaded.ops, {
      model: input.model,
      consistency: input.consistency,
      // The wall clock governs (time_limit_ms); the step budget only guards against a runaway.
      maxSteps: MAX_STEPS_LIMIT,
      maxMemoBytes: CALL_MEMO_BYTES_MAX,
      initialValue: input.initial_value ?? null,
      realTime: input.real_time,
      stopAtFirstViolation: !input.all_partitions,
    }),
  );
  // Reading a large EDN text spends part of the call's wall-clock budget: the search gets what is left, so a hard
  // history ends as an unknown verdict rather than a time-limit refusal.
  const timeLimitMs = Math.max(0, Math.min(input.time_limit_ms, remainingMs(ctx) - SEARCH_MARGIN_MS));
  const outcome = await runInSlices(check, ctx, { unitsPerSlice: STEPS_PER_SLICE, timeLimitMs });
  const result = check.result();
  return toOutput(result, loaded, outcome.elapsedMs, Math.round(timeLimitMs));
}

function load(input: Input): Loaded {
  if (input.history !== undefined && input.edn !== undefined) {
    throw configError('edn', 'give the history once: either history (JSON lines) or edn (text), not both');
  }
  if (input.edn !== undefined) {
    const parsed = parseEdnHistory(input.edn);
    if (parsed.ops.length > MAX_TOOL_HISTORY_LINES) {
      throw configError('edn', `at most ${MAX_TOOL_HISTORY_LINES} operation lines; got ${parsed.ops.length}`);
    }
    return { ops: parsed.ops, lines: parsed.lines, skipped: parsed.skipped };
  }
  if (input.history === undefined) {
    throw configError('history', 'give the history to check, as history (JSON lines) or as edn (Jepsen EDN text)');
  }
  const ops: HistoryOp[] = [];
  for (const line of input.history) {
    if (typeof line.process !== 'number') continue;
    ops.push({
      process: line.process,
      type: line.type,
      f: line.f,
      value: line.value ?? null,
      ...(line.key !== undefined ? { key: String(line.key) } : {}),
      ...(line.time !== undefined ? { time: line.time } : {}),
    });
  }
  return { ops, skipped: input.history.length - ops.length };
}

/** Engine errors name `history[i]` (the i-th client line); for edn input, say which line of the text that is. */
function withLines<T>(loaded: Loaded, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const lines = loaded.lines;
    if (!isEngineError(error) || (!lines && loaded.skipped === 0)) throw error;
    throw new EngineError(
      error.code,
      error.issues.map((issue) => {
        const m = /^history\[(\d+)\](.*)$/.exec(issue.path);
        if (!m) return issue;
        const index = Number(m[1]);
        if (!lines) return { ...issue, message: `${issue.message} (client line ${index}, nemesis lines not counted)` };
        return {
          path: 'edn',
          message: `line ${lines[index] ?? '?'}${m[2] ? ` (${m[2].slice(1)})` : ''}: ${issue.message}`,
        };
      }),
    );
  }
}

function toOutput(result: HistoryCheckResult, loaded: Loaded, elapsedMs: number, limitMs: number): Output {
  const view = (op: HistoryOpView): OpView => opView(op, loaded.lines);
  const ce = result.counterexample;
  const reason = result.unknownReason === 'stopped' ? 'time_limit' : result.unknownReason;
  return {
    verdict: result.verdict,
    valid: result.valid,
    model: result.model,
    consistency: result.consistency,
    real_time: result.realTime,
    operations: result.operations,
    counts: {
      ok: result.counts.ok,
      fail: result.counts.fail,
      info: result.counts.info,
      pending: result.counts.pending,
      dropped_reads: result.counts.droppedReads,
      dropped_open_writes: result.counts.droppedOpenWrites,
      skipped_nemesis: loaded.skipped,
    },
    partitions: { ...result.partitions },
    failed_keys: [...result.failedKeys],
    ...(result.alsoLinearizable !== undefined ? { also_linearizable: result.alsoLinearizable } : {}),
    ...(reason ? { unknown_reason: reason } : {}),
    ...(ce
      ? {
          counterexample: {
            ...(ce.partitionKeys ? { partition_keys: [...ce.partitionKeys] } : {}),
            prefix_length: ce.prefixLength,
            prefix_tail: ce.prefixTail.map(view),
            blocked: view(ce.blocked),
            state_before: ce.stateBefore,
            concurrent: ce.concurrent.map(view),
            ...(ce.unwrittenReads
              ? {
                  unwritten_reads: ce.unwrittenReads.map((r) => ({
                    key: r.key ?? null,
                    value: r.value,
                    could_be_initial: r.couldBeInitial,
                  })),
                }
              : {}),
            explanation: inText(ce.explanation, loaded.lines),
          },
        }
      : {}),
    search_steps: result.steps,
    memo_entries: result.memoEntries,
    memo_bytes_peak: result.memoBytesPeak,
    elapsed_ms: Math.round(elapsedMs * 10) / 10,
    summary: summarize(result, reason, limitMs, loaded.lines),
  };
}

/** For edn input, the engine's `history[i]` (i-th client line) becomes the line of the text. */
function inText(text: string, lines: readonly number[] | undefined): string {
  if (!lines) return text;
  return text
    .replace(
      /history\[(\d+)\]\.\.history\[(\d+)\]/g,
      (_m, a: string, b: string) => `lines ${lines[Number(a)]}-${lines[Number(b)]}`,
    )
    .replace(/history\[(\d+)\]/g, (_m, a: string) => `line ${lines[Number(a)]}`);
}

function opView(op: HistoryOpView, lines: readonly number[] | undefined): OpView {
  const line = (index: number | undefined): number | undefined => (index === undefined ? undefined : lines?.[index]);
  const invokeLine = line(op.invokeIndex);
  const completeLine = line(op.completeIndex);
  return {
    process: op.process,
    f: op.f,
    ...(op.key !== undefined ? { key: op.key } : {}),
    value: op.value,
    ...('output' in op ? { output: op.output } : {}),
    outcome: op.outcome,
    invoke_index: op.invokeIndex,
    ...(op.completeIndex !== undefined ? { complete_index: op.completeIndex } : {}),
    ...(invokeLine !== undefined ? { invoke_line: invokeLine } : {}),
    ...(completeLine !== undefined ? { complete_line: completeLine } : {}),
    ...(op.invokeTime !== undefined ? { invoke_time: op.invokeTime } : {}),
    ...(op.completeTime !== undefined ? { complete_time: op.completeTime } : {}),
  };
}

function summarize(
  result: HistoryCheckResult,
  reason: string | undefined,
  limitMs: number,
  lines: readonly number[] | undefined,
): string {
  const property = result.consistency === 'linearizable' ? 'linearizable' : 'sequentially consistent';
  const ops = `${result.operations} operation(s) (${result.counts.ok} ok, ${result.counts.info + result.counts.pending} of unknown outcome, ${result.counts.fail} failed and dropped)`;
  const parts = result.partitions.total > 1 ? ` split into ${result.partitions.total} independent parts` : '';
  if (result.valid === true) {
    const extra =
      result.alsoLinearizable === true
        ? ' It is even linearizable.'
        : result.alsoLinearizable === false
          ? ' It is not linearizable, though: real-time order is violated.'
          : '';
    return `${cap(property)}: the ${result.model} history of ${ops}${parts} has an order that respects ${result.consistency === 'linearizable' ? 'real-time order' : "each process's order"} and the model.${extra}`;
  }
  if (result.valid === false) {
    const keys = result.failedKeys.length > 0 ? ` Failing key(s): ${result.failedKeys.join(', ')}.` : '';
    const story = result.counterexample ? inText(result.counterexample.explanation, lines) : 'no valid order exists.';
    return `Not ${property}: ${story}${keys}`;
  }
  const why =
    reason === 'time_limit'
      ? `ran out of time (${limitMs} ms)`
      : reason === 'memory_budget'
        ? `went past its memory budget (${Math.round(CALL_MEMO_BYTES_MAX / 2 ** 20)} MB of remembered configurations)`
        : 'ran out of search steps';
  return `Unknown: the search ${why} after deciding ${result.partitions.checked} of ${result.partitions.total} part(s) of ${ops}, with no violation found so far. ${unknownAdvice(result, reason, limitMs)}`;
}

/**
 * What would decide an unknown verdict depends on what ran out. Time: more of it. Memory: the search remembers every
 * (linearized set, state) it visits, so more time only fills the same budget; a smaller search space is the way.
 * Steps: the tool's step cap only guards against a runaway, so a smaller history again.
 */
function unknownAdvice(result: HistoryCheckResult, reason: string | undefined, limitMs: number): string {
  const window = 'check a shorter window of the history';
  const split =
    result.partitions.total > 1 || result.model === 'kv'
      ? 'check the undecided keys on their own'
      : result.model === 'register' || result.model === 'multi_register'
        ? 'split it by key if the registers are independent (model kv checks each key on its own)'
        : undefined;
  const unknownOps = result.counts.info + result.counts.pending;
  const openOps =
    unknownOps > 0
      ? `; its ${unknownOps} operation(s) of unknown outcome stay open to the end and multiply the orders to try`
      : '';
  if (reason === 'memory_budget') {
    const sequential =
      result.consistency === 'sequential'
        ? ' Sequential consistency drops real-time order, which is what prunes the search: check consistency "linearizable" first (a linearizable history is sequentially consistent too).'
        : '';
    return `Raising time_limit_ms will not help: the budget is per call and fixed by the server (the library's checkHistory takes maxMemoBytes). Make the search smaller: ${window}${split ? `, or ${split}` : ''}${openOps}.${sequential}`;
  }
  if (reason === 'step_budget') {
    return `The step cap (${MAX_STEPS_LIMIT.toExponential(0)} steps) guards against a runaway search; ${window}${split ? `, or ${split}` : ''}.`;
  }
  // limitMs is what the search got: the request, less what reading the input took from the call's budget.
  const more =
    limitMs < TIME_LIMIT_MAX_MS - 1000
      ? `Raise time_limit_ms (up to ${TIME_LIMIT_MAX_MS}), or `
      : 'The time limit is at its maximum: ';
  return `${more}${window}${split ? `, or ${split}` : ''}${openOps}.`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const checkHistoryTool = defineTool({
  name: 'check_history',
  title: 'Check a client history for linearizability (or sequential consistency)',
  description:
    'Decide whether what clients observed (a Jepsen history: invoke / ok / fail / info lines, as JSON or EDN) is ' +
    'linearizable or sequentially consistent for a register, key-value store, multi-register, mutex, set or queue, ' +
    'and if not, show the operation that cannot be placed, the state there and the operations around it. Use it on ' +
    'Jepsen runs or logs of your own clients. Bounds: 100000 lines, time_limit_ms up to 8000 (then the verdict is ' +
    'unknown, never guessed).',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint: 'Check a shorter window of the history, or split it by key.',
  run: runCheckHistory,
});
