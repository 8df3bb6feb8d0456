/**
 * Determinism across processes: every demo question (all eight tools) asked of two separate built servers gives
 * byte-identical structuredContent, and where a seed means something, another seed gives another answer.
 *
 * One field is wall-clock by design and excluded here: check_history's `elapsed_ms`, the time the search took. It
 * stays in the result because it explains an `unknown` verdict against `time_limit_ms` (a verdict that is itself
 * wall-clock dependent when the search runs out of time); every other field is a function of the input.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { connectToBuiltServer } from './helpers.js';

/** Fields measured on the wall clock, by tool: the only ones allowed to differ between identical calls. */
const WALL_CLOCK_FIELDS: Readonly<Record<string, readonly string[]>> = { check_history: ['elapsed_ms'] };

interface Call {
  readonly tool: string;
  readonly args: Record<string, unknown>;
}

const flapping = DEMO_CASES.find((c) => c.tool === 'troubleshoot' && c.args['reproduce'] === true);
const simulation = DEMO_CASES.find((c) => c.tool === 'simulate_cluster');
const design = DEMO_CASES.find((c) => c.tool === 'design_protocol');

/** Calls whose answer depends on their seed, as [seed A, seed B]. */
const SEEDED: readonly (readonly [string, Call, Call])[] = [
  ['hash_ring sampled balance', ringCall(1), ringCall(2)],
  [
    'simulate_cluster',
    { tool: 'simulate_cluster', args: { ...simulation?.args, seed: 1 } },
    { tool: 'simulate_cluster', args: { ...simulation?.args, seed: 2 } },
  ],
  ['simulate_replication with random latencies', replicationCall(1), replicationCall(2)],
  [
    'troubleshoot reproduction',
    { tool: 'troubleshoot', args: { ...flapping?.args, seed: 1 } },
    { tool: 'troubleshoot', args: { ...flapping?.args, seed: 2 } },
  ],
  ['design_protocol verification', designCall(1), designCall(2)],
];

function ringCall(seed: number): Call {
  return { tool: 'hash_ring', args: { nodes: ['a', 'b', 'c'], algorithm: 'rendezvous', sample_keys: 2000, seed } };
}

function replicationCall(seed: number): Call {
  const distribution = { distribution: 'lognormal', mean_ms: 20, jitter_ms: 10 };
  return {
    tool: 'simulate_replication',
    args: {
      mode: 'semi_sync',
      latency_distributions: [distribution, distribution],
      arrivals: 'poisson',
      duration_seconds: 5,
      seed,
    },
  };
}

function designCall(seed: number): Call {
  const verify = { ...(design?.args['verify'] as object | undefined), runs: 2, seed };
  return { tool: 'design_protocol', args: { ...design?.args, verify } };
}

/** The structuredContent of each call, serialized, wall-clock fields removed. */
async function answers(calls: readonly Call[]): Promise<string[]> {
  const { client } = await connectToBuiltServer({ LOG_LEVEL: 'warn' });
  try {
    const out: string[] = [];
    for (const call of calls) out.push(await answer(client, call));
    return out;
  } finally {
    await client.close();
  }
}

async function answer(client: Client, call: Call): Promise<string> {
  const result = await client.callTool({ name: call.tool, arguments: call.args }, undefined, { timeout: 60_000 });
  expect(result.isError, `${call.tool}: ${JSON.stringify(result.content).slice(0, 300)}`).toBeFalsy();
  const structured = { ...(result.structuredContent as Record<string, unknown>) };
  for (const field of WALL_CLOCK_FIELDS[call.tool] ?? []) {
    expect(structured).toHaveProperty(field);
    delete structured[field];
  }
  return JSON.stringify(structured);
}

describe('determinism across server processes', () => {
  it('should give byte-identical structuredContent for every demo question in two separate processes', async () => {
    const calls = DEMO_CASES.map((c) => ({ tool: c.tool, args: c.args }));
    expect(new Set(calls.map((c) => c.tool)).size).toBe(8);
    const [first, second] = await Promise.all([answers(calls), answers(calls)]);
    calls.forEach((call, i) => expect(second[i], `${call.tool} #${i}`).toBe(first[i]));
  });

  it('should answer differently for a different seed wherever the seed drives a random draw', async () => {
    const [a, b] = await Promise.all([answers(SEEDED.map((s) => s[1])), answers(SEEDED.map((s) => s[2]))]);
    SEEDED.forEach(([label], i) => expect(b[i], label).not.toBe(a[i]));
  });
});
