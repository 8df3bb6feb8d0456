import { describe, expect, it } from 'vitest';
import type { ToolContext } from '../../src/tools/define-tool.js';
import { runInSlices, type SlicedJob } from '../../src/tools/long-work.js';

function countingJob(total: number): SlicedJob & { done: number; slices: number } {
  return {
    done: 0,
    slices: 0,
    advance(budget) {
      this.slices++;
      this.done = Math.min(total, this.done + budget);
      return this.done >= total;
    },
    progress() {
      return { done: this.done, total };
    },
  };
}

function context(controller = new AbortController()): ToolContext & { reports: number[] } {
  const reports: number[] = [];
  return {
    signal: controller.signal,
    reports,
    progress: (done) => {
      reports.push(done);
      return Promise.resolve();
    },
  };
}

describe('runInSlices', () => {
  it('should run the job to the end in slices of the given size', async () => {
    const job = countingJob(1000);
    const outcome = await runInSlices(job, context(), { unitsPerSlice: 100 });
    expect(outcome.finished).toBe(true);
    expect(job.slices).toBe(10);
  });

  it('should stop with an AbortError when the client cancels between slices', async () => {
    const controller = new AbortController();
    const job = countingJob(Number.MAX_SAFE_INTEGER);
    const running = runInSlices(job, context(controller), { unitsPerSlice: 1 });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(job.done).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('should report unfinished work when the time limit passes, and send progress meanwhile', async () => {
    const ctx = context();
    const outcome = await runInSlices(countingJob(Number.MAX_SAFE_INTEGER), ctx, {
      unitsPerSlice: 1,
      timeLimitMs: 60,
      progressEveryMs: 10,
    });
    expect(outcome.finished).toBe(false);
    expect(ctx.reports.length).toBeGreaterThan(0);
  });
});
