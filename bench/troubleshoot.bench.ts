/**
 * The troubleshoot engine in-process: a typical incident (the first demo case) and the largest input the schema
 * allows, each beside the seed skill's static table (an exact-key lookup of the issue), which is what evidence-based
 * diagnosis replaces; and the reproduction (two 60 s Raft runs) beside one simulation of the same configuration.
 */
import { performance } from 'node:perf_hooks';
import {
  planReproduction,
  reproductionSpec,
  startClusterSimulation,
  startReproduction,
  troubleshoot,
  type ReproductionPlan,
  type TroubleshootInput,
} from '../src/engine/index.js';
import { DEMO_CASES } from '../scripts/demo/cases.js';
import { largestInput } from '../test/engine/troubleshoot/helpers.js';
import { fmt, median, percentile, type BenchRow } from './stats.js';

const demo = DEMO_CASES.find((c) => c.tool === 'troubleshoot');
const TYPICAL = demo?.args as unknown as TroubleshootInput;
const LARGEST = largestInput();

const SEED_TABLE = new Map([
  ['split-brain', 'Implement proper fencing'],
  ['leader flapping', 'Increase election timeout'],
  ['stale reads', 'Route to leader or read-repair'],
  ['deadlock', 'Timeout + retry with backoff'],
  ['data divergence', 'Implement conflict resolution'],
]);

function timeMs(fn: () => unknown, runs: number): number[] {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Goals on the median: the p99 of sub-millisecond calls is garbage-collector noise. */
function row(name: string, input: TroubleshootInput, runs: number, goalP50Ms: number): BenchRow {
  const ours = timeMs(() => troubleshoot(input, 12), runs);
  const peer = timeMs(() => SEED_TABLE.get('leader flapping'), runs);
  const p50 = median(ours);
  return {
    benchmark: `troubleshoot, ${name}`,
    ours: `p50 ${fmt(p50, 3)} ms, p99 ${fmt(percentile(ours, 99), 3)} ms`,
    peer: `seed table lookup: p50 ${fmt(median(peer), 5)} ms`,
    ratio: `${fmt(p50 / Math.max(median(peer), 1e-6))}x`,
    goal: `p50 <= ${goalP50Ms} ms`,
    met: p50 <= goalP50Ms,
  };
}

/** The reproduction's wall time against one plain simulation of the suspected side: the floor is about 2x. */
function reproductionRow(runs: number): BenchRow {
  const report = troubleshoot(TYPICAL);
  const outcome = planReproduction(TYPICAL, report.facts, report.diagnoses, 1);
  if (outcome.kind !== 'plan') throw new Error('the typical incident should be reproducible');
  const plan: ReproductionPlan = outcome.plan;
  const ours = timeMs(() => {
    const job = startReproduction(plan);
    while (!job.advance(100_000));
    return job.result();
  }, runs);
  const peer = timeMs(() => {
    const sim = startClusterSimulation(reproductionSpec(plan, 'suspected'));
    while (!sim.advance(100_000));
  }, runs);
  const p50 = median(ours);
  return {
    benchmark: 'troubleshoot reproduce: flapping, 2 x 60 s of 5-node Raft',
    ours: `p50 ${fmt(p50, 1)} ms`,
    peer: `one 60 s simulation of the same config: p50 ${fmt(median(peer), 1)} ms`,
    ratio: `${fmt(p50 / median(peer))}x`,
    goal: 'p50 <= 1000 ms',
    met: p50 <= 1000,
  };
}

export function troubleshootBenchmarks(): BenchRow[] {
  return [row('typical incident', TYPICAL, 500, 1), row('largest allowed input', LARGEST, 50, 50), reproductionRow(15)];
}
