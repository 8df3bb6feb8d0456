/**
 * The largest valid input of every tool, each against a fresh built server over stdio: the call answers, or refuses
 * with a message naming the limit, within 10 s; the server's peak memory (VmHWM of the child process, read from
 * /proc/<pid>/status after the call) stays under 512 MB; a call that runs longer than a second sends progress
 * notifications; an answer stays well under 25 000 tokens (structuredContent JSON plus the text block, at 4
 * characters per token). Cancellation through the SDK's AbortSignal stops a long call within 200 ms.
 *
 * These are the product's stated bounds (issue 11), so they are asserted here; finer timings live in bench/.
 */
import { readFileSync } from 'node:fs';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { connectToBuiltServer } from './helpers.js';
import { WORST_CASES } from './worst-cases.js';

const CALL_BOUND_MS = 10_000;
const MEMORY_BOUND_MB = 512;
const TOKEN_BUDGET = 20_000;
const CHARS_PER_TOKEN = 4;

/** Peak resident memory of a process so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) / 1024;
}

export function outputChars(result: CallToolResult): number {
  const text = result.content.reduce((n, c) => n + (c.type === 'text' ? c.text.length : 0), 0);
  return JSON.stringify(result.structuredContent ?? {}).length + text;
}

describe('worst-case inputs through the built server', () => {
  const rows: string[] = [];

  for (const worst of WORST_CASES) {
    it(`should answer or refuse within 10 s and 512 MB: ${worst.label}`, async () => {
      const { client, transport } = await connectToBuiltServer({ LOG_LEVEL: 'warn' });
      try {
        const pid = transport.pid ?? 0;
        let progress = 0;
        const started = performance.now();
        const result = (await client.callTool({ name: worst.tool, arguments: worst.args }, undefined, {
          timeout: 60_000,
          onprogress: () => progress++,
        })) as CallToolResult;
        const elapsedMs = performance.now() - started;
        const peakMb = peakRssMb(pid);
        const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
        const tokens = Math.round(outputChars(result) / CHARS_PER_TOKEN);
        rows.push(
          `${worst.label.slice(0, 60).padEnd(60)} ${elapsedMs.toFixed(0).padStart(6)} ms ${peakMb.toFixed(0).padStart(4)} MB ` +
            `${String(progress).padStart(3)} progress ${result.isError ? `refused: ${text.slice(0, 90)}` : `${tokens} tokens`}`,
        );
        expect(elapsedMs).toBeLessThan(CALL_BOUND_MS);
        expect(peakMb).toBeLessThan(MEMORY_BOUND_MB);
        if (elapsedMs > 1000) expect(progress, 'progress notifications on a call over 1 s').toBeGreaterThan(0);
        if (worst.answers) expect(result.isError, text).toBeFalsy();
        if (result.isError) {
          expect(text).not.toMatch(/Internal error/);
          expect(text).toMatch(/limit/i);
        } else {
          expect(tokens).toBeLessThan(TOKEN_BUDGET);
        }
      } finally {
        await client.close();
      }
    });
  }

  it('should stop a long call within 200 ms of its cancellation', async () => {
    const { client } = await connectToBuiltServer({ LOG_LEVEL: 'warn' });
    try {
      const long = WORST_CASES.find((w) => w.tool === 'simulate_cluster');
      const controller = new AbortController();
      let progressed: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (progressed = resolve));
      const call = client
        .callTool({ name: 'simulate_cluster', arguments: long?.args }, undefined, {
          signal: controller.signal,
          timeout: 60_000,
          onprogress: () => progressed(),
        })
        .catch((error: unknown) => error);
      await running; // the server is in the middle of the simulation
      const abortedAt = performance.now();
      controller.abort();
      // The server's next answer: it can only come once the simulation has stopped (one thread).
      await client.callTool({ name: 'validate_cluster', arguments: { nodes: 3 } });
      const stoppedMs = performance.now() - abortedAt;
      rows.push(`cancellation: the next answer ${stoppedMs.toFixed(1)} ms after abort`);
      expect(stoppedMs).toBeLessThan(200);
      expect(String(await call)).toMatch(/abort/i);
    } finally {
      await client.close();
      console.log(rows.join('\n'));
    }
  });
});
