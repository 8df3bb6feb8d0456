/**
 * `npx tsx scripts/election-timing.ts [trials]`: the Raft paper's election measurement (§9.3, Figure 16) on the
 * simulator. Five nodes, one-way delay 7.5 ms (normal, sd 1.5 ms: a broadcast time of about 15 ms), heartbeat at
 * half the minimum timeout, the leader crashed at a random moment of its heartbeat interval; prints a Markdown table
 * of the time until the next leader is elected (the one in skill/references/simulation.md).
 */
import { DEFAULT_RAFT_OPTIONS } from '../src/engine/protocols/raft/types.js';
import { raftProtocol } from '../src/engine/protocols/raft/index.js';
import { simulationConfig } from '../src/engine/sim/defaults.js';
import { measureFailover } from '../src/engine/sim/failover.js';

const trials = Number(process.argv[2] ?? 1000);
const RANGES: readonly (readonly [number, number])[] = [
  [150, 150],
  [150, 151],
  [150, 155],
  [150, 175],
  [150, 200],
  [150, 300],
  [12, 24],
  [25, 50],
  [50, 100],
  [100, 200],
];

const cell = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(0));
console.log('| election timeout (ms) | trials | median (ms) | mean (ms) | p99 (ms) | worst (ms) | no leader within 10 s |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [min, max] of RANGES) {
  const base = simulationConfig(
    raftProtocol,
    { ...DEFAULT_RAFT_OPTIONS, electionTimeoutMinMs: min, electionTimeoutMaxMs: max, heartbeatMs: min / 2 },
    { seed: 1, nodes: 5, network: { latency: { distribution: 'normal', meanMs: 7.5, jitterMs: 1.5 } } },
  );
  // Without randomness nearly every trial runs to the 10 s limit, so the paper's 100 trials are enough there.
  const n = min === max ? Math.min(100, trials) : trials;
  const m = measureFailover(base, { trials: n, crashAfterMs: 2000, crashJitterMs: min / 2, giveUpAfterMs: 10_000 });
  const p = m.percentilesMs;
  console.log(`| ${min}-${max} | ${n} | ${cell(p.p50)} | ${cell(m.meanMs)} | ${cell(p.p99)} | ${cell(p.max)} | ${m.censored} |`);
}
