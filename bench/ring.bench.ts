/**
 * hash_ring's engine against the npm `hashring` package (3.x, default options: the ketama layout, MD5 through
 * node:crypto, a 5000-entry LRU cache) on the same servers and keys, in the same run: lookups per second, build time
 * and memory per 1000 nodes.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import {
  HASH_ALGORITHMS,
  createPartitioner,
  planHashPlacement,
  type HashAlgorithm,
  type Partitioner,
} from '../src/engine/index.js';
import { memoryFigure, retainedBytes, type MemoryFigure } from './memory.js';
import { fmt, median, type BenchRow } from './stats.js';

type HashRing = { get(key: string): string };
const HashRingCtor = createRequire(import.meta.url)('hashring') as new (servers: Record<string, number>) => HashRing;

const servers = (n: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`cache-${i}.example.net:11211`, 1]));
const nodesOf = (s: Record<string, number>) => Object.entries(s).map(([id, weight]) => ({ id, weight }));
const build = (algorithm: HashAlgorithm, s: Record<string, number>, keys = 0): Partitioner =>
  createPartitioner({ algorithm, nodes: nodesOf(s), expectedKeys: keys });

/** Lookups per second of `lookup` over `keys`, median of `rounds` passes (each pass visits every key once). */
function lookupsPerSecond(lookup: (key: string) => unknown, keys: readonly string[], rounds = 7): number {
  let sink = 0;
  for (const key of keys.slice(0, 20_000)) sink += lookup(key) === undefined ? 1 : 0; // warm up the JIT
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const key of keys) sink += lookup(key) === undefined ? 1 : 0;
    rates.push(keys.length / ((performance.now() - start) / 1000));
  }
  if (sink < 0) throw new Error('unreachable');
  return median(rates);
}

const rate = (x: number): string => `${(x / 1e6).toFixed(2)} M lookups/s`;

function ketamaRows(keys: readonly string[], hotKeys: readonly string[]): BenchRow[] {
  const s = servers(100);
  const ours = build('ketama', s);
  const peer = new HashRingCtor(s);
  const row = (label: string, k: readonly string[], goal: boolean): BenchRow => {
    const o = lookupsPerSecond((key) => ours.lookup(key), k);
    const p = lookupsPerSecond((key) => peer.get(key), k);
    return {
      benchmark: `ketama lookups, 100 servers, ${label}`,
      ours: rate(o),
      peer: `hashring 3.x: ${rate(p)}`,
      ratio: `${fmt(o / p)}x`,
      ...(goal ? { goal: '>= 3x', met: o / p >= 3 } : {}),
    };
  };
  return [
    row(`${keys.length} distinct keys (hashring's LRU misses)`, keys, true),
    row(`${hotKeys.length} hot keys (hashring serves them from its LRU cache)`, hotKeys, false),
  ];
}

function algorithmRows(keys: readonly string[]): BenchRow[] {
  return HASH_ALGORITHMS.map((algorithm) => {
    const rows = [10, 100, 1000].map((n) => {
      const p = build(algorithm, servers(n), keys.length * 10);
      return `${n}: ${rate(lookupsPerSecond((key) => p.lookup(key), keys, 3))}`;
    });
    return { benchmark: `${algorithm} lookups by node count`, ours: rows.join('; ') };
  });
}

function buildMs(make: () => unknown, rounds = 5): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    make();
    times.push(performance.now() - start);
  }
  return median(times);
}

function buildRows(): BenchRow[] {
  const s = servers(1000);
  const ketama = buildMs(() => build('ketama', s));
  const peer = buildMs(() => new HashRingCtor(s));
  const others = (['ring', 'maglev', 'rendezvous'] as const).map(
    (a) =>
      `${a} ${fmt(
        buildMs(() => build(a, s)),
        1,
      )} ms`,
  );
  return [
    {
      benchmark: 'ketama ring build, 1000 servers (160 000 points)',
      ours: `${fmt(ketama, 1)} ms`,
      peer: `hashring 3.x: ${fmt(peer, 1)} ms`,
      ratio: `${fmt(peer / ketama)}x faster`,
    },
    { benchmark: 'other builds, 1000 nodes (ring = 100 vnodes, maglev M = 65537)', ours: others.join('; ') },
  ];
}

/** One algorithm's memory per 1000 nodes (bounded_load sized for 10 000 keys). */
async function memoryOf(algorithm: HashAlgorithm, s: Record<string, number>): Promise<MemoryFigure> {
  const arrays = build(algorithm, s, 10_000).memoryBytes;
  return memoryFigure(await retainedBytes(() => build(algorithm, s, 10_000)), arrays);
}

const mib = (b: number): string => `${(b / 1048576).toFixed(2)} MiB`;

async function memoryRows(): Promise<BenchRow[]> {
  const s = servers(1000);
  const ours = await memoryOf('ketama', s);
  const peer = await retainedBytes(() => new HashRingCtor(s));
  const others: string[] = [];
  for (const a of HASH_ALGORITHMS) if (a !== 'ketama') others.push(`${a} ${(await memoryOf(a, s)).text}`);
  return [
    {
      benchmark: 'memory per 1000 nodes, ketama: median of 5 heap + ArrayBuffer deltas, never under its typed arrays',
      ours: ours.text,
      peer: peer > 0 ? `hashring 3.x: ${mib(peer)}` : 'hashring 3.x: not measurable (heap delta <= 0)',
      ratio: peer > 0 ? `${fmt(peer / ours.bytes)}x smaller` : '',
    },
    {
      benchmark: 'memory per 1000 nodes, other algorithms (same method; bounded_load sized for 10 000 keys)',
      ours: others.join('; '),
    },
  ];
}

/**
 * Not timing: the ring's load spread against theory. With v random points per node a node's share is
 * Beta(v, (n-1) v), CV sqrt((n-1)/(n v + 1)) ~ 1/sqrt(v). Mean over 20 layouts (node names l<k>-node-<i>), exact arcs.
 */
function balanceRows(): BenchRow[] {
  const n = 8;
  return [10, 100, 1000].map((v) => {
    const runs = Array.from({ length: 20 }, (_, layout) => {
      const nodes = Array.from({ length: n }, (_, i) => ({ id: `l${layout}-node-${i + 1}`, weight: 1 }));
      const job = planHashPlacement({ algorithm: 'ring', nodes, virtualNodes: v, sampleKeys: 1 });
      job.advance(1);
      return job.result().balance;
    });
    const mean = (f: (b: (typeof runs)[number]) => number): number => runs.reduce((s, b) => s + f(b), 0) / runs.length;
    const theory = Math.sqrt((n - 1) / (n * v + 1));
    return {
      benchmark: `ring balance, ${n} nodes x ${v} vnodes: mean CV of exact shares over 20 layouts (max/mean)`,
      ours: `CV ${fmt(
        mean((b) => b.cv),
        4,
      )} (max/mean ${fmt(
        mean((b) => b.maxOverMean),
        3,
      )})`,
      peer: `theory sqrt((n-1)/(nv+1)) = ${fmt(theory, 4)}`,
      ratio: `${fmt(mean((b) => b.cv) / theory)}x`,
    };
  });
}

export async function ringBenchmarks(): Promise<BenchRow[]> {
  const keys = Array.from({ length: 200_000 }, (_, i) => `user:${i * 7919}`);
  const hot = keys.slice(0, 1000);
  return [
    ...ketamaRows(keys, hot),
    ...algorithmRows(keys.slice(0, 50_000)),
    ...buildRows(),
    ...(await memoryRows()),
    ...balanceRows(),
  ];
}
