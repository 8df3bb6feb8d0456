/**
 * CRDT merges per second at realistic sizes. Each pair of replicas is decoded from JSON separately (as states that
 * arrived over the network), so no structure is shared between them. The peer is the floor any merge must pay: a
 * plain Map/Set union of the same entries, measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import { CRDTS, type CrdtType, type StateJson } from '../src/engine/index.js';
import { fmt, median, type BenchRow } from './stats.js';

interface Case {
  readonly type: CrdtType;
  readonly label: string;
  readonly states: readonly [StateJson, StateJson];
  /** Plain collections holding the same entries, for the peer union. */
  readonly plain: readonly [Map<string, number>, Map<string, number>];
  /** Merges per second the engine should at least reach at this size. */
  readonly goal: number;
}

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const plainOf = (keys: readonly string[]): Map<string, number> => new Map(keys.map((k, i) => [k, i]));
const counts = (nodes: number, bump: number): Record<string, number> =>
  Object.fromEntries(range(nodes, (i) => `node-${i}`).map((n, i) => [n, 1000 + i + (i % 7 === 0 ? bump : 0)]));

/** Two replicas of one set: a shared base of `n` elements, 100 adds each of their own, 50 removes on one side. */
function setReplicas(n: number): { a: string[]; b: string[]; removed: string[] } {
  const base = range(n, (i) => `item-${i}`);
  return {
    a: [...base, ...range(100, (i) => `a-${i}`)],
    b: [...base, ...range(100, (i) => `b-${i}`)],
    removed: base.slice(0, 50),
  };
}

/** The base node numbered its adds 1..n in base order; the replica's own node numbered its 100 adds 1..100. */
function orSetState(elements: readonly string[], node: string, removed: readonly string[]): StateJson {
  const gone = new Set(removed);
  const base = elements.length - 100;
  const dots = elements.flatMap((element, i) =>
    gone.has(element)
      ? []
      : [i < base ? { element, node_id: 'base', counter: i + 1 } : { element, node_id: node, counter: i - base + 1 }],
  );
  return { clock: { base, [node]: 100 }, dots };
}

function cases(): Case[] {
  const n = 9_900; // each replica holds 10 000 elements: a 9 900 base plus 100 of its own
  const s = setReplicas(n);
  const stamped = (keys: readonly string[], t: number) => keys.map((element, i) => ({ element, timestamp: t + i }));
  return [
    {
      type: 'g_counter',
      label: 'G-Counter, 100 nodes',
      states: [{ counts: counts(100, 0) }, { counts: counts(100, 5) }],
      plain: [plainOf(range(100, String)), plainOf(range(100, String))],
      goal: 50_000,
    },
    {
      type: 'pn_counter',
      label: 'PN-Counter, 100 nodes',
      states: [
        { increments: counts(100, 0), decrements: counts(100, 1) },
        { increments: counts(100, 5), decrements: counts(100, 0) },
      ],
      plain: [plainOf(range(200, String)), plainOf(range(200, String))],
      goal: 20_000,
    },
    {
      type: 'lww_register',
      label: 'LWW-Register, 1 KB JSON value',
      states: [
        { value: { doc: 'x'.repeat(980) }, timestamp: 1, node_id: 'a' },
        { value: { doc: 'y'.repeat(980) }, timestamp: 2, node_id: 'b' },
      ],
      plain: [plainOf(['a']), plainOf(['b'])],
      goal: 1_000_000,
    },
    {
      type: 'mv_register',
      label: 'MV-Register, 3 siblings, 10-node clocks',
      states: [
        {
          entries: [
            { value: 'x', vector_clock: counts(10, 1) },
            { value: 'y', vector_clock: { ...counts(10, 0), extra: 1 } },
          ],
        },
        { entries: [{ value: 'z', vector_clock: { ...counts(10, 0), other: 1 } }] },
      ],
      plain: [plainOf(range(20, String)), plainOf(range(10, String))],
      goal: 20_000,
    },
    {
      type: 'g_set',
      label: 'G-Set, 10 000 elements per replica',
      states: [{ elements: s.a }, { elements: s.b }],
      plain: [plainOf(s.a), plainOf(s.b)],
      goal: 200,
    },
    {
      type: 'two_p_set',
      label: '2P-Set, 10 000 elements per replica',
      states: [
        { added: s.a, removed: s.removed },
        { added: s.b, removed: [] },
      ],
      plain: [plainOf([...s.a, ...s.removed]), plainOf(s.b)],
      goal: 200,
    },
    {
      type: 'or_set',
      label: 'OR-Set, 10 000 elements per replica',
      states: [orSetState(s.a, 'a', s.removed), orSetState(s.b, 'b', [])],
      plain: [plainOf(s.a), plainOf(s.b)],
      goal: 100,
    },
    {
      type: 'lww_element_set',
      label: 'LWW-element-Set, 10 000 elements per replica',
      states: [
        { adds: stamped(s.a, 1000), removes: stamped(s.removed, 5000) },
        { adds: stamped(s.b, 2000), removes: [] },
      ],
      plain: [plainOf([...s.a, ...s.removed]), plainOf(s.b)],
      goal: 200,
    },
  ];
}

/** Runs `fn` repeatedly for about `budgetMs` and returns operations per second. */
function opsPerSecond(fn: () => unknown, budgetMs = 150): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    for (let i = 0; i < 10; i++) fn();
    ops += 10;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

function peerUnion(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const merged = new Map(a);
  for (const [k, v] of b) if (v > (merged.get(k) ?? -1)) merged.set(k, v);
  return merged;
}

export function crdtBenchmarks(rounds = 5): BenchRow[] {
  return cases().map((c) => {
    const crdt = CRDTS[c.type];
    const [a, b] = [crdt.fromJson(c.states[0], 'a'), crdt.fromJson(c.states[1], 'b')];
    const ours: number[] = [];
    const peer: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Interleaved so that machine noise hits both sides alike.
      ours.push(opsPerSecond(() => crdt.merge(a, b)));
      peer.push(opsPerSecond(() => peerUnion(c.plain[0], c.plain[1])));
    }
    const [o, p] = [median(ours), median(peer)];
    return {
      benchmark: `${c.label}: merges per second (median of ${rounds})`,
      ours: `${fmt(o, 0)} merges/s (${fmt(1e6 / o, o > 1e5 ? 3 : 1)} µs)`,
      peer: `plain Map union of the same entries: ${fmt(p, 0)}/s`,
      ratio: `${fmt(p / o)}x the floor's time`,
      goal: `>= ${c.goal} merges/s`,
      met: o >= c.goal,
    };
  });
}
