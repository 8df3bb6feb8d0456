/**
 * design_protocol: wall time of a default design with its verification (Raft and PBFT), 100 verification runs of
 * a 5-node Raft with faults (goal < 3 s), and PBFT's messages per request for n = 4 and 7 next to the 2n(n - 1) of
 * the paper's normal case (§4.2: n - 1 pre-prepares, (n - 1)^2 prepares, n(n - 1) commits), with and without
 * batching.
 */
import { performance } from 'node:perf_hooks';
import { pbftProtocol } from '../src/engine/protocols/pbft/index.js';
import { DEFAULT_PBFT_OPTIONS } from '../src/engine/protocols/pbft/types.js';
import { simulationConfig } from '../src/engine/sim/defaults.js';
import { Simulation } from '../src/engine/sim/simulation.js';
import { SILENT_CONTEXT } from '../src/tools/define-tool.js';
import { inputSchema, runDesignProtocol } from '../src/tools/design-protocol.js';
import { fmt, median, type BenchRow } from './stats.js';

async function designWallMs(args: Record<string, unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await runDesignProtocol(inputSchema.parse(args), SILENT_CONTEXT);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Protocol messages per client request in a fault-free PBFT run whose load stops early (nothing left in flight). */
function pbftMessagesPerRequest(nodes: number, batchSize: number, writesPerSecond: number): number {
  const f = Math.floor((nodes - 1) / 3);
  const ops = writesPerSecond * 4;
  const sim = new Simulation(
    simulationConfig(
      pbftProtocol,
      { ...DEFAULT_PBFT_OPTIONS, batchSize },
      {
        nodes,
        durationMs: 8000,
        clients: { writesPerSecond, maxOps: ops, concurrency: 1000, replyQuorum: f + 1, readMode: 'log' },
        network: { latency: { distribution: 'normal', meanMs: 5, jitterMs: 1 } },
      },
    ),
  );
  sim.advance(Number.MAX_SAFE_INTEGER);
  const executed = sim.clients.stats.ok;
  return sim.stats.messagesSent / executed;
}

export async function designBenchmarks(): Promise<BenchRow[]> {
  const raft = {
    distributed_context: {
      problem_type: 'consensus',
      cluster_config: { nodes: 5, failure_tolerance: 2 },
      consistency_requirement: 'linearizable',
    },
  };
  const pbft = {
    distributed_context: {
      problem_type: 'consensus',
      cluster_config: { nodes: 4 },
      consistency_requirement: 'linearizable',
      network_assumptions: { byzantine: true },
    },
  };
  await designWallMs(raft, 1); // warm-up
  const raftMs = await designWallMs(raft, 3);
  const pbftMs = await designWallMs(pbft, 3);
  const hundred = await designWallMs({ ...raft, verify: { runs: 100 } }, 1);
  const rows: BenchRow[] = [
    {
      benchmark: 'design_protocol default (5-node Raft: 20 verification runs of 10 s + 7 scenarios)',
      ours: `${fmt(raftMs, 0)} ms`,
      goal: '< 10 000 ms',
      met: raftMs < 10_000,
    },
    {
      benchmark: 'design_protocol default (4-node PBFT: 20 runs with byzantine replicas + 9 scenarios)',
      ours: `${fmt(pbftMs, 0)} ms`,
      goal: '< 10 000 ms',
      met: pbftMs < 10_000,
    },
    {
      benchmark: 'design_protocol 5-node Raft, 100 verification runs of 10 s with faults',
      ours: `${fmt(hundred, 0)} ms`,
      goal: '< 3000 ms',
      met: hundred < 3000,
    },
  ];
  for (const n of [4, 7]) {
    const single = pbftMessagesPerRequest(n, 1, 50);
    const batched = pbftMessagesPerRequest(n, DEFAULT_PBFT_OPTIONS.batchSize, 1000);
    const formula = 2 * n * (n - 1);
    rows.push({
      benchmark: `PBFT messages per request, n = ${n} (one request per batch; then batches of up to ${DEFAULT_PBFT_OPTIONS.batchSize} at 1000 req/s)`,
      ours: `${fmt(single, 1)} unbatched, ${fmt(batched, 1)} batched`,
      peer: `2n(n-1) = ${formula}`,
      ratio: `${fmt(single / formula, 2)}x, ${fmt(batched / formula, 2)}x`,
    });
  }
  return rows;
}
