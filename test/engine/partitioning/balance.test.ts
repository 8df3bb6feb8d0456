import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, exactShares, spread } from '../../../src/engine/partitioning/analysis.js';
import { createBoundedLoad } from '../../../src/engine/partitioning/bounded-load.js';
import { createPartitioner } from '../../../src/engine/partitioning/create.js';
import { murmur3x86 } from '../../../src/engine/partitioning/hash/murmur3.js';
import type { RingNode } from '../../../src/engine/partitioning/nodes.js';
import type { HashAlgorithm } from '../../../src/engine/partitioning/partitioner.js';
import { createRing } from '../../../src/engine/partitioning/ring.js';
import { sampleKey } from '../../../src/engine/partitioning/sample.js';

const equalNodes = (n: number, tag = ''): RingNode[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${tag}node-${i + 1}`, weight: 1 }));

function sampledShares(algorithm: HashAlgorithm, nodes: RingNode[], keys: number): number[] {
  const p = createPartitioner({ algorithm, nodes, expectedKeys: keys });
  const counts = new Array<number>(nodes.length).fill(0);
  for (let i = 0; i < keys; i++) {
    const owner = p.lookup(sampleKey(3, i));
    counts[owner] = (counts[owner] ?? 0) + 1;
  }
  return counts.map((c) => c / keys);
}

describe('ring balance against theory', () => {
  // n nodes of v random points: a node's share is Beta(v, (n - 1) v), so its CV is sqrt((n - 1) / (n v + 1)),
  // about 1/sqrt(v). Averaged over 20 layouts (different node names) the measured CV must sit within 25% of it.
  for (const v of [10, 100, 1000]) {
    it(`should spread load with CV near sqrt((n-1)/(n v + 1)) for v = ${v}`, () => {
      const n = 8;
      const cvs = Array.from({ length: 20 }, (_, layout) => {
        const ring = createRing(equalNodes(n, `l${layout}-`), v);
        const shares = exactShares(ring)?.shares ?? new Float64Array();
        return spread(shares, new Array<number>(n).fill(1 / n)).cv;
      });
      const mean = cvs.reduce((s, x) => s + x, 0) / cvs.length;
      const theory = Math.sqrt((n - 1) / (n * v + 1));
      expect(mean / theory).toBeGreaterThan(0.75);
      expect(mean / theory).toBeLessThan(1.25);
    });
  }

  it('should agree with a linear scan over the points on any key (oracle)', () => {
    const ring = createRing(equalNodes(5), 20);
    const c = ring.exact?.kind === 'continuum' ? ring.exact.continuum : undefined;
    fc.assert(
      fc.property(fc.string(), (key) => {
        const h = murmur3x86(key);
        let k = 0;
        while (k < (c?.positions.length ?? 0) && (c?.positions[k] ?? 0) < h) k++;
        const expected = c?.owners[k === c.positions.length ? 0 : k];
        expect(ring.lookup(key)).toBe(expected);
      }),
    );
  });

  it('should give exact shares that sum to 1 and match a 50 000-key sample within sampling noise', () => {
    const nodes = [...equalNodes(4), { id: 'big', weight: 3 }];
    const ring = createRing(nodes, 100);
    const exact = exactShares(ring)?.shares ?? new Float64Array();
    expect([...exact].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const sampled = sampledShares('ring', nodes, 50_000);
    sampled.forEach((s, i) => expect(Math.abs(s - (exact[i] ?? 0))).toBeLessThan(5 * Math.sqrt(0.25 / 50_000)));
  });
});

describe('weights', () => {
  const nodes: RingNode[] = [
    { id: 'a', weight: 1 },
    { id: 'b', weight: 2 },
    { id: 'c', weight: 4 },
  ];
  const fair = [1 / 7, 2 / 7, 4 / 7];

  it('rendezvous: should give node i a share w_i / sum(w) (logarithmic method)', () => {
    const shares = sampledShares('rendezvous', nodes, 40_000);
    shares.forEach((s, i) => expect(Math.abs(s - (fair[i] ?? 0))).toBeLessThan(0.012));
  });

  it('maglev: should give table shares within 1% of the weights', () => {
    const maglev = createPartitioner({ algorithm: 'maglev', nodes });
    const shares = exactShares(maglev)?.shares ?? new Float64Array();
    shares.forEach((s, i) => expect(Math.abs(s - (fair[i] ?? 0))).toBeLessThan(0.01));
  });
});

describe('maglev balance (Eisenbud et al. 2016 §3.4)', () => {
  it('should fill the table so equal nodes differ by at most one slot', () => {
    const maglev = createPartitioner({ algorithm: 'maglev', nodes: equalNodes(13), tableSize: 65537 });
    const table = maglev.exact?.kind === 'table' ? maglev.exact.table : new Uint16Array();
    const counts = new Array<number>(13).fill(0);
    for (const owner of table) counts[owner] = (counts[owner] ?? 0) + 1;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('should refuse a table size that is not prime, naming the field', () => {
    expect(() => createPartitioner({ algorithm: 'maglev', nodes: equalNodes(3), tableSize: 65536 })).toThrow(
      /maglev_table_size: 65536 is not prime/,
    );
  });
});

describe('bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018)', () => {
  it('should never load a node beyond ceil((1 + epsilon) m / n), even on a lopsided ring', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.double({ min: 0.05, max: 2, noNaN: true }), (n, epsilon) => {
        const keys = 3000;
        const p = createBoundedLoad({ nodes: equalNodes(n), virtualNodes: 2, epsilon, expectedKeys: keys });
        for (let i = 0; i < keys; i++) p.lookup(sampleKey(5, i));
        expect(Math.max(...p.loads)).toBeLessThanOrEqual(Math.ceil(((1 + epsilon) * keys) / n));
        expect(p.overflow()).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  it('should flatten the load a plain ring with few virtual nodes concentrates', () => {
    const nodes = equalNodes(10);
    const counts = (p: ReturnType<typeof createPartitioner>): Uint32Array => {
      const c = new Uint32Array(nodes.length);
      for (let i = 0; i < 10_000; i++) {
        const owner = p.lookup(sampleKey(1, i));
        c[owner] = (c[owner] ?? 0) + 1;
      }
      return c;
    };
    const plain = createPartitioner({ algorithm: 'ring', nodes, virtualNodes: 4 });
    const bounded = createPartitioner({ algorithm: 'bounded_load', nodes, virtualNodes: 4, expectedKeys: 10_000 });
    const plainBalance = balanceOf(plain, counts(plain), 10_000, 4);
    const boundedBalance = balanceOf(bounded, counts(bounded), 10_000, 4);
    expect(plainBalance.maxOverMean).toBeGreaterThan(1.25);
    expect(boundedBalance.sampledMaxOverMean).toBeLessThanOrEqual(1.25);
  });
});
