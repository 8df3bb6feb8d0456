/**
 * Range and directory partitioning (hash_ring's "range" and "directory"): the cost of a whole range layout against
 * the floor of sorting the same keys, and a directory call against the same call on the bare ring behind the table.
 */
import { performance } from 'node:perf_hooks';
import { planDirectory, planHashPlacement, planRangePartitioning, sampleKey } from '../src/engine/index.js';
import { fmt, median, type BenchRow } from './stats.js';

const nodes = Array.from({ length: 16 }, (_, i) => ({ id: `node-${i + 1}`, weight: 1 }));

function timeMs(f: () => unknown, rounds = 5): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    if (f() === undefined) throw new Error('unreachable');
    times.push(performance.now() - start);
  }
  return median(times);
}

function rangeRows(): BenchRow[] {
  const spec = { nodes, sampleKeys: 200_000, loadSkew: 1.2, partitions: 1024, seed: 1 };
  const plan = timeMs(() => planRangePartitioning(spec));
  const keys = Array.from({ length: 200_000 }, (_, i) => sampleKey(1, i));
  const sort = timeMs(() => [...keys].sort());
  const hot = planRangePartitioning(spec).hot.length;
  return [
    {
      benchmark: `range layout: 200 000 Zipf(1.2) keys, 1024 ranges, 16 nodes (${hot} hot ranges split, scan-free)`,
      ours: `${fmt(plan, 1)} ms`,
      peer: `sorting the same keys alone (built-in sort): ${fmt(sort, 1)} ms`,
      ratio: `${fmt(plan / sort)}x the sort`,
    },
  ];
}

function directoryRows(): BenchRow[] {
  const entries = [
    ...Array.from({ length: 1000 }, (_, i) => ({ prefix: `tenant:${i}:`, node: nodes[i % 16]?.id ?? '' })),
    ...Array.from({ length: 1000 }, (_, i) => ({ key: `tenant:${i}:vip`, node: nodes[(i + 1) % 16]?.id ?? '' })),
  ];
  const keys = Array.from({ length: 256 }, (_, i) => (i % 2 === 0 ? `tenant:${i % 1500}:user:${i}` : `user:${i}`));
  const directoryMs = timeMs(() => {
    const job = planDirectory({ nodes, entries, keys, sampleKeys: 100_000 });
    while (!job.advance(100_000));
    return job.result();
  });
  const ringMs = timeMs(() => {
    const job = planHashPlacement({ algorithm: 'ring', nodes, keys, sampleKeys: 100_000 });
    while (!job.advance(100_000));
    return job.result();
  });
  return [
    {
      benchmark: 'directory: 2000 entries over a 16-node ring, 100 000 sampled lookups with balance and move audit',
      ours: `${fmt(directoryMs, 1)} ms`,
      peer: `hash_ring's ring alone, same sample and keys: ${fmt(ringMs, 1)} ms`,
      ratio: `${fmt(directoryMs / ringMs)}x`,
    },
  ];
}

export function layoutBenchmarks(): BenchRow[] {
  return [...rangeRows(), ...directoryRows()];
}
