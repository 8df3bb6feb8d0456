/** Cold start against bare node, and the round trip of a tool call through a real stdio client. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SERVER_PATH } from '../test/e2e/helpers.js';
import { fmt, median, percentile, type BenchRow } from './stats.js';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
};
const LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

/** Milliseconds from spawn until initialize and tools/list are both answered. */
function coldStartMs(env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [SERVER_PATH], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('"id":2')) {
        const elapsed = performance.now() - start;
        child.kill();
        resolve(elapsed);
      }
    });
    child.on('error', reject);
    child.stdin.write(`${JSON.stringify(INIT)}\n${JSON.stringify(LIST)}\n`);
  });
}

function bareNodeMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('exit', () => resolve(performance.now() - start));
    child.on('error', reject);
  });
}

/**
 * Two rows: the usual start (the loader's V8 code cache exists, as after the first start on a machine) and the very
 * first start (DS_CODE_CACHE=off: everything parsed and compiled).
 */
export async function coldStart(runs = 25): Promise<BenchRow[]> {
  await coldStartMs(); // writes the code cache if this build has none yet
  const cached: number[] = [];
  const uncached: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved so that machine noise hits every side alike.
    bare.push(await bareNodeMs());
    cached.push(await coldStartMs());
    uncached.push(await coldStartMs({ DS_CODE_CACHE: 'off' }));
  }
  const peer = `bare node -e '': ${fmt(median(bare), 1)} ms`;
  const row = (label: string, ours: number[]): BenchRow => {
    const ratio = median(ours) / median(bare);
    return {
      benchmark: `cold start, ${label}: spawn to initialize + tools/list answered (median of ${runs})`,
      ours: `${fmt(median(ours), 1)} ms`,
      peer,
      ratio: `${fmt(ratio)}x`,
      goal: '<= 1.6x',
      met: ratio <= 1.6,
    };
  };
  return [row('code cache warm', cached), row('first start, no code cache', uncached)];
}

export async function toolRoundTrip(
  name: string,
  args: Record<string, unknown>,
  calls = 1000,
  goalP50Ms?: number,
): Promise<BenchRow> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVER_PATH], stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) await client.callTool({ name, arguments: args });
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await client.callTool({ name, arguments: args });
    times.push(performance.now() - start);
  }
  await client.close();
  const p50 = percentile(times, 50);
  return {
    benchmark: `${name} round trip over stdio (${calls} calls)`,
    ours: `p50 ${fmt(p50, 3)} ms, p99 ${fmt(percentile(times, 99), 3)} ms`,
    ...(goalP50Ms !== undefined ? { goal: `p50 <= ${goalP50Ms} ms`, met: p50 <= goalP50Ms } : {}),
  };
}

export async function serverBenchmarks(): Promise<BenchRow[]> {
  return [
    ...(await coldStart()),
    await toolRoundTrip(
      'validate_cluster',
      { nodes: 5, failure_tolerance: 2, regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      1000,
      0.3,
    ),
    await toolRoundTrip(
      'resolve_conflict',
      {
        key: 'cart:42',
        versions: [
          { value: ['milk'], vector_clock: { a: 2 }, timestamp: 1000 },
          { value: ['eggs'], vector_clock: { a: 1, b: 1 }, timestamp: 1001 },
        ],
        sibling_resolver: 'union',
      },
      1000,
      0.5,
    ),
  ];
}
