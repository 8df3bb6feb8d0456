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

/** An `Error` named AbortError: `runParsed` turns it into a "cancelled" tool error. */
export function abortError(): Error {
  const error = new Error('cancelled by the client');
  error.name = 'AbortError';
  return error;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a job slice by slice until it finishes, the time limit passes, or the client cancels (which throws an
 * AbortError within one slice). Progress goes out at most every `progressEveryMs` (default 250 ms), so a call that
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
    if (now - lastProgress >= progressEveryMs) {
      lastProgress = now;
      const p = job.progress();
      await ctx.progress(p.done, p.total, p.message);
    }
    await yieldToEventLoop();
  }
}
