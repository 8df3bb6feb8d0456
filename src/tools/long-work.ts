import type { ToolContext } from './define-tool.js';

/**
 * Incremental work owned by the engine: `advance(budget)` does at most `budget` units (events, search steps...) and
 * says whether it has finished. The engine stays pure and synchronous; the tool layer slices it so that the event
 * loop can deliver cancellation and send progress between slices.
 */
export interface SlicedJob {
  advance(budget: number): boolean;
  /** Where the job stands, for progress notifications. */
  progress(): { readonly done: number; readonly total?: number; readonly message?: string };
}

export interface SliceOptions {
  /** Units per slice; a slice should take a few milliseconds. */
  readonly unitsPerSlice: number;
  /** Wall-clock limit; when reached the job stops and the result says so (`finished: false`). */
  readonly timeLimitMs?: number;
  /** Minimum interval between progress notifications. */
  readonly progressEveryMs?: number;
}

export interface SliceOutcome {
  readonly finished: boolean;
  /** Wall-clock time spent, for results that report it (never used by the engine). */
  readonly elapsedMs: number;
}

/**
 * Wall-clock limit of one MCP tool call's work (the server's per-call deadline). Worst-case inputs of every tool
 * either finish within it or are refused with a message naming what to lower, so a call never holds the client
 * longer than about 10 s. The CLI and the library run without it.
 */
export const CALL_TIME_LIMIT_MS = 8_000;

/**
 * Memory budget of one linearizability search run by a tool (check_history, simulate_cluster). The engine's default
 * (256 MiB) would take the server past its 512 MB bound: the memo's tables double as they grow, next to the input
 * history. Every history of the Knossos and Porcupine corpora needs under 20 MiB.
 */
export const CALL_MEMO_BYTES_MAX = 96 * 1024 * 1024;

/** Milliseconds left before the call's deadline (Infinity without one). */
export function remainingMs(ctx: ToolContext): number {
  return ctx.deadlineMs === undefined ? Infinity : ctx.deadlineMs - performance.now();
}

/** An `Error` named TimeLimitError: `runParsed` turns it into a refusal that says what to lower. */
export function timeLimitError(progress: ReturnType<SlicedJob['progress']>): Error {
  const where = progress.total
    ? `${Math.floor((100 * progress.done) / progress.total)}% done`
    : `${progress.done} units done`;
  const detail = progress.message ? `${where}: ${progress.message}` : where;
  const error = new Error(
    `stopped at the server's wall-clock limit of ${CALL_TIME_LIMIT_MS / 1000} s per call (${detail})`,
  );
  error.name = 'TimeLimitError';
  return error;
}

/** An `Error` named AbortError: `runParsed` turns it into a "cancelled" tool error. */
export function abortError(): Error {
  const error = new Error('cancelled by the client');
  error.name = 'AbortError';
  return error;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a job slice by slice until it finishes, the time limit passes, or the client cancels (which throws an
 * AbortError within one slice). Past the call's deadline (`ctx.deadlineMs`) it throws a TimeLimitError. Progress goes out at most every `progressEveryMs` (default 250 ms), so a call that
 * runs longer than a second always reports some.
 */
export async function runInSlices(job: SlicedJob, ctx: ToolContext, options: SliceOptions): Promise<SliceOutcome> {
  const started = performance.now();
  const progressEveryMs = options.progressEveryMs ?? 250;
  let lastProgress = started;
  for (;;) {
    if (ctx.signal.aborted) throw abortError();
    if (job.advance(options.unitsPerSlice)) return { finished: true, elapsedMs: performance.now() - started };
    const now = performance.now();
    if (options.timeLimitMs !== undefined && now - started >= options.timeLimitMs) {
      return { finished: false, elapsedMs: now - started };
    }
    if (ctx.deadlineMs !== undefined && now >= ctx.deadlineMs) throw timeLimitError(job.progress());
    if (now - lastProgress >= progressEveryMs) {
      lastProgress = now;
      const p = job.progress();
      await ctx.progress(p.done, p.total, p.message);
    }
    await yieldToEventLoop();
  }
}
