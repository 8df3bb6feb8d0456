/**
 * `npx tsx scripts/planted-bugs.ts [seeds]`: runs each planted Raft bug (test-only switches) over seeds 1..N under
 * the leader nemesis and prints, per bug, how many seeds the safety invariants and the linearizability checker
 * flag, and the first such seed. The unit tests assert the first catch; this prints the rates behind it.
 */
import { checkHistory } from '../src/engine/index.js';
import { raftProtocol } from '../src/engine/protocols/raft/index.js';
import { DEFAULT_RAFT_OPTIONS, type RaftBugs, type RaftOptions } from '../src/engine/protocols/raft/types.js';
import { simulationConfig } from '../src/engine/sim/defaults.js';
import { leaderNemesis } from '../src/engine/sim/nemesis.js';
import { simulationResult } from '../src/engine/sim/result.js';
import { Simulation } from '../src/engine/sim/simulation.js';

const seeds = Number(process.argv[2] ?? 100);
const CASES: readonly [keyof RaftBugs | 'none', Partial<RaftOptions>][] = [
  ['none', {}],
  ['voteWithoutLogCheck', {}],
  ['acceptStaleAppendEntries', {}],
  ['commitPriorTermByCount', { noopOnElection: false }],
  ['commitPriorTermByCount', {}],
];

console.log('| planted bug | options | seeds | invariant violated | first seed | not linearizable | first seed |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [bug, options] of CASES) {
  let inv = 0;
  let lin = 0;
  let firstInv: number | undefined;
  let firstLin: number | undefined;
  for (let seed = 1; seed <= seeds; seed++) {
    const config = simulationConfig(
      raftProtocol,
      { ...DEFAULT_RAFT_OPTIONS, ...options, ...(bug === 'none' ? {} : { __bugs: { [bug]: true } }) },
      {
        seed,
        durationMs: 10_000,
        clients: { writesPerSecond: 200, readsPerSecond: 100, keys: 5 },
        faults: leaderNemesis(seed, 5, 10_000),
        network: { latency: { distribution: 'lognormal', meanMs: 10, jitterMs: 8 }, lossProbability: 0.01 },
      },
    );
    const sim = new Simulation(config);
    sim.advance(Number.MAX_SAFE_INTEGER);
    const r = simulationResult(sim, 0);
    if (r.invariants.some((i) => !i.held)) {
      inv++;
      firstInv ??= seed;
    }
    if (checkHistory(r.history, { model: 'kv', maxSteps: 5_000_000 }).verdict === 'not_linearizable') {
      lin++;
      firstLin ??= seed;
    }
  }
  const opts = Object.keys(options).length > 0 ? JSON.stringify(options) : 'defaults';
  console.log(`| ${bug} | ${opts} | ${seeds} | ${inv} | ${firstInv ?? '-'} | ${lin} | ${firstLin ?? '-'} |`);
}
