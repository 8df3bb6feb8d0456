import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/errors.js';
import { allStrings } from './keys.properties.js';
import { compareKeys, sortKeys } from '../../../src/engine/partitioning/range/key-order.js';
import {
  planRangePartitioning,
  rangeIndexOf,
  type RangePartitioningSpec,
} from '../../../src/engine/partitioning/range/plan.js';

const nodes = (...ids: string[]) => ids.map((id) => ({ id, weight: 1 }));
const THREE = nodes('n1', 'n2', 'n3');
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** user:a..user:z, weight 1 each except the heavy ones. */
function alphabet(heavy: Record<string, number>): Pick<RangePartitioningSpec, 'keys' | 'keyLoads'> {
  const keys = letters.map((c) => `user:${c}`);
  return { keys, keyLoads: letters.map((c) => heavy[c] ?? 1) };
}

describe('compareKeys', () => {
  it('should order keys by their UTF-8 bytes, as HBase and Bigtable do', () => {
    expect(['b', 'a', 'ab', ''].sort(compareKeys)).toEqual(['', 'a', 'ab', 'b']);
    // U+FF61 (one UTF-16 unit, EF BD A1) sorts before U+1F600 (a surrogate pair, F0 9F 98 80) in bytes, but after
    // it in UTF-16 code units: plain string comparison gets this wrong.
    expect(compareKeys('\uff61', '\u{1f600}')).toBeLessThan(0);
    expect('\uff61' < '\u{1f600}').toBe(false);
  });

  it('should always agree with a byte comparison of the UTF-8 encodings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const bytes = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        expect(Math.sign(compareKeys(a, b))).toBe(bytes);
      }),
      { numRuns: 500 },
    );
  });
});

describe('sortKeys', () => {
  it('should always sort exactly as compareKeys does, on plain and on astral text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }))), (keys) => {
        const expected = [...keys].sort(compareKeys);
        expect(sortKeys([...keys], (k) => k)).toEqual(expected);
        const indexes = sortKeys(
          keys.map((_, i) => i),
          (i) => keys[i] ?? '',
        );
        expect(indexes.map((i) => keys[i])).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planRangePartitioning: layout', () => {
  it('should cut 100 keys into 4 ranges of 25 at key-count quantiles, one range per node', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const plan = planRangePartitioning({ nodes: nodes('a', 'b', 'c', 'd'), keys });
    expect(plan.before.map((r) => r.start)).toEqual(['', 'k025', 'k050', 'k075']);
    expect(plan.before.map((r) => r.keys)).toEqual([25, 25, 25, 25]);
    expect(new Set(plan.before.map((r) => r.node)).size).toBe(4);
    expect(plan.hot).toEqual([]);
    expect(plan.after).toBeUndefined();
    expect(plan.balance.maxOverMean).toBeCloseTo(1, 9);
  });

  it('should cut at load quantiles with split_by load', () => {
    // a..z weigh 1 except b = 23: total 48, quantiles at 16 and 32. b alone passes 16, so the first cut is after it.
    const plan = planRangePartitioning({ nodes: THREE, ...alphabet({ b: 23 }), splitBy: 'load' });
    expect(plan.splitSource).toBe('load_quantiles');
    expect(plan.before.map((r) => r.start)).toEqual(['', 'user:c', 'user:k']);
    expect(plan.before.map((r) => r.load)).toEqual([24, 8, 16]);
  });

  it('should take explicit split points and count each range exactly', () => {
    const plan = planRangePartitioning({ nodes: THREE, ...alphabet({}), splitPoints: ['user:f', 'user:t'] });
    expect(plan.splitSource).toBe('split_points');
    expect(plan.before.map((r) => [r.start, r.end, r.keys])).toEqual([
      ['', 'user:f', 5],
      ['user:f', 'user:t', 14],
      ['user:t', undefined, 7],
    ]);
  });

  it('should place replicas on the next nodes in list order, in distinct zones when zoned', () => {
    const zoned = [
      { id: 'a', weight: 1, zone: 'z1' },
      { id: 'b', weight: 1, zone: 'z1' },
      { id: 'c', weight: 1, zone: 'z2' },
    ];
    const plan = planRangePartitioning({ nodes: zoned, keys: ['k1', 'k2', 'k3'], replicas: 2 });
    for (const r of plan.before) {
      const zones = r.replicas.map((id) => zoned.find((n) => n.id === id)?.zone);
      expect(new Set(zones).size).toBe(2);
      expect(r.replicas[0]).toBe(r.node);
    }
  });

  it('should give the same layout for the same seed and a different one for another seed', () => {
    const spec = { nodes: THREE, sampleKeys: 3000, loadSkew: 1.2, partitions: 6 };
    const a = planRangePartitioning({ ...spec, seed: 7 });
    expect(planRangePartitioning({ ...spec, seed: 7 })).toEqual(a);
    expect(planRangePartitioning({ ...spec, seed: 8 }).before).not.toEqual(a.before);
    expect(a.source).toBe('sample');
    expect(a.totalLoad).toBeCloseTo(3000, 6); // Zipf loads are scaled to a mean of 1 per key
  });
});

describe('planRangePartitioning: hot ranges (the seed: "Risk: hot spots; Mitigation: split busy ranges")', () => {
  it('should split a hot range at its load medians and move only its keys', () => {
    // n1's range [start, user:j) holds b, c, d at 50 each: 156 of 173. Threshold 1.5 x 173/3 = 86.5.
    const plan = planRangePartitioning({ nodes: THREE, ...alphabet({ b: 50, c: 50, d: 50 }) });
    expect(plan.threshold).toBeCloseTo(86.5, 9);
    expect(plan.hot.map((h) => [h.index, h.load, h.splitAt])).toEqual([[0, 156, ['user:c', 'user:d']]]);
    expect(plan.after?.map((r) => [r.start, r.end, r.node, r.load])).toEqual([
      ['', 'user:c', 'n3', 51],
      ['user:c', 'user:d', 'n2', 50],
      ['user:d', 'user:j', 'n1', 55],
      ['user:j', 'user:r', 'n3', 8],
      ['user:r', undefined, 'n2', 9],
    ]);
    expect(plan.movedKeys).toEqual(['user:a', 'user:b', 'user:c']);
    expect(plan.movedOutsideSplitRanges).toBe(0);
    expect(plan.balance.maxOverMean).toBeCloseTo(156 / (173 / 3), 9);
    expect(plan.balanceAfter?.maxOverMean).toBeCloseTo(59 / (173 / 3), 9);
    const moved = plan.assignments.filter((a) => a.moved).map((a) => a.key);
    expect(moved).toEqual(plan.movedKeys);
  });

  it('should report a single hot key as unsplittable', () => {
    const plan = planRangePartitioning({ nodes: THREE, ...alphabet({ m: 400 }) });
    const hot = plan.hot[0];
    expect(hot?.hotKey).toEqual({ key: 'user:m', load: 400 });
    expect(plan.after?.some((r) => r.start === 'user:m' && r.end === 'user:n')).toBe(true);
  });

  it('should take an absolute threshold', () => {
    const plan = planRangePartitioning({ nodes: THREE, ...alphabet({ b: 50, c: 50, d: 50 }), hotLoadThreshold: 200 });
    expect(plan.hot).toEqual([]);
  });

  it('should always move only keys of split ranges, never load a node more, and leave no splittable piece hot', () => {
    fc.assert(
      fc.property(rangeCase, ({ keys, loads, nodeCount, partitions, factor }) => {
        const plan = planRangePartitioning({
          nodes: nodes(...Array.from({ length: nodeCount }, (_, i) => `n${i}`)),
          keys,
          keyLoads: loads,
          partitions,
          hotLoadFactor: factor,
        });
        expect(plan.movedOutsideSplitRanges).toBe(0);
        const splitStarts = plan.hot.filter((h) => h.splitAt.length > 0).map((h) => plan.before[h.index]);
        for (const key of plan.movedKeys) {
          expect(splitStarts.some((r) => r && inRange(key, r.start, r.end))).toBe(true);
        }
        const max = (t: readonly { load: number }[]) => Math.max(...t.map((x) => x.load));
        expect(max(plan.loadsAfter ?? plan.loadsBefore)).toBeLessThanOrEqual(max(plan.loadsBefore) + 1e-9);
        for (const r of plan.after ?? plan.before) {
          if (r.load > plan.threshold) expect(r.keys).toBe(1);
        }
        const layout = plan.after ?? plan.before;
        layout.forEach((r, i) => expect(r.end).toBe(layout[i + 1]?.start));
        expect(layout.reduce((s, r) => s + r.keys, 0)).toBe(keys.length);
      }),
      { numRuns: 150 },
    );
  });

  it('should catch a layout that deals ranges out by position after a split (planted bug)', () => {
    const spec = { nodes: nodes('n1', 'n2', 'n3', 'n4'), sampleKeys: 4000, loadSkew: 1.3, partitions: 12, seed: 3 };
    expect(planRangePartitioning(spec).movedOutsideSplitRanges).toBe(0);
    const buggy = planRangePartitioning({ ...spec, __plantedBug: 'deal_by_position' });
    expect(buggy.movedOutsideSplitRanges).toBeGreaterThan(0);
  });
});

describe('planRangePartitioning: range scans', () => {
  it('should touch only the ranges covering the scan, where hashing scatters the keys over every node', () => {
    const plan = planRangePartitioning({
      nodes: THREE,
      ...alphabet({}),
      splitPoints: ['user:f', 'user:t'],
      query: { start: 'user:g', end: 'user:k' },
    });
    expect(plan.query?.ranges).toEqual([1]);
    expect(plan.query?.nodes).toEqual([plan.before[1]?.node]);
    expect(plan.query?.keys).toBe(4);
    expect(plan.query?.hashedNodes).toBeGreaterThan(1);
  });

  it('should touch neighbouring ranges when the scan crosses a split point, and open ends reach the edges', () => {
    const spec = { nodes: THREE, ...alphabet({}), splitPoints: ['user:f', 'user:t'] };
    expect(planRangePartitioning({ ...spec, query: { start: 'user:e', end: 'user:u' } }).query?.ranges).toEqual([
      0, 1, 2,
    ]);
    expect(planRangePartitioning({ ...spec, query: { start: 'user:f', end: 'user:t' } }).query?.ranges).toEqual([1]);
    expect(planRangePartitioning({ ...spec, query: { end: 'user:b' } }).query?.ranges).toEqual([0]);
    expect(planRangePartitioning({ ...spec, query: { start: 'zzz' } }).query).toMatchObject({ ranges: [2], keys: 0 });
  });

  it('should always touch exactly the ranges holding some key of the scan interval', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-d]{1,3}$/), { minLength: 4, maxLength: 40 }),
        fc.stringMatching(/^[a-d]{1,3}$/),
        fc.stringMatching(/^[a-d]{1,3}$/),
        (keys, x, y) => {
          fc.pre(x !== y);
          const [start, end] = compareKeys(x, y) < 0 ? [x, y] : [y, x];
          const plan = planRangePartitioning({ nodes: THREE, keys, partitions: 3, query: { start, end } });
          // Every string over a-d of length 1..3: a dense enough universe to visit every range the interval meets.
          const universe = allStrings('abcd', 3).filter((k) => compareKeys(k, start) >= 0 && compareKeys(k, end) < 0);
          const expected = [...new Set(universe.map((k) => rangeIndexOf(plan.before, k)))].sort((a, b) => a - b);
          expect(plan.query?.ranges).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planRangePartitioning: bad input', () => {
  const cases: [string, Partial<RangePartitioningSpec>, string][] = [
    ['unsorted split points', { splitPoints: ['user:m', 'user:c'] }, 'split_points.1'],
    ['repeated split points', { splitPoints: ['user:c', 'user:c'] }, 'split_points.1'],
    ['partitions that disagree with split points', { splitPoints: ['user:c'], partitions: 3 }, 'partitions'],
    ['more partitions than keys', { partitions: 30 }, 'partitions'],
    ['loads of the wrong length', { keyLoads: [1, 2] }, 'key_loads'],
    ['a negative load', { keyLoads: letters.map((_, i) => (i === 4 ? -1 : 1)) }, 'key_loads.4'],
    ['both thresholds', { hotLoadFactor: 2, hotLoadThreshold: 5 }, 'hot_load_threshold'],
    ['an inverted scan', { query: { start: 'user:q', end: 'user:c' } }, 'range_end'],
    ['a key listed twice', { keys: ['a', 'b', 'a'], keyLoads: undefined }, 'keys.2'],
  ];
  for (const [what, extra, path] of cases) {
    it(`should refuse ${what}, naming ${path}`, () => {
      const error = catchError(() => planRangePartitioning({ nodes: THREE, ...alphabet({}), ...extra }));
      expect(isEngineError(error) && error.issues[0]?.path).toBe(path);
    });
  }
});

// Helpers

const rangeCase = fc
  .record({
    keys: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 8, maxLength: 60 }),
    nodeCount: fc.integer({ min: 1, max: 6 }),
    factor: fc.double({ min: 1, max: 3, noNaN: true }),
    seedLoads: fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 200 })), { minLength: 60, maxLength: 60 }),
    partitions: fc.integer({ min: 1, max: 8 }),
  })
  .map((r) => ({
    ...r,
    loads: r.keys.map((_, i) => r.seedLoads[i] ?? 1).map((l, i) => (i === 0 ? l + 1 : l)),
    partitions: Math.min(r.partitions, r.keys.length),
  }));

function inRange(key: string, start: string, end: string | undefined): boolean {
  return compareKeys(key, start) >= 0 && (end === undefined || compareKeys(key, end) < 0);
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}
