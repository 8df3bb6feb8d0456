import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/errors.js';
import { choosePartitioning, planPartitioningChoice } from '../../../src/engine/partitioning/choose.js';
import { RING_LIMITS, applyChange } from '../../../src/engine/partitioning/nodes.js';
import { planHashPlacement } from '../../../src/engine/partitioning/placement.js';

const NODES = ['n1', 'n2', 'n3', 'n4'].map((id) => ({ id, weight: 1 }));

describe('choosePartitioning', () => {
  it('should choose hashing when nothing needs key order or placement, and measure its movement on a join', () => {
    const choice = choosePartitioning({ nodes: NODES });
    expect(choice.scheme).toBe('hash');
    expect(choice.algorithm).toBe('ring');
    expect(choice.hash?.algorithm).toBe('ring');
    expect(choice.evidence.idealOnJoin).toBeCloseTo(0.2, 12);
    expect(Math.abs(choice.evidence.movedOnJoinHash - 0.2)).toBeLessThan(0.05);
    expect(choice.reasons.join(' ')).toContain(`${(choice.evidence.movedOnJoinHash * 100).toFixed(1)}%`);
    expect(choice.rejected.map((r) => r.scheme)).toEqual(['range', 'directory']);
  });

  it('should choose ranges for range queries, showing a scan stays on few nodes where hashing asks them all', () => {
    const choice = choosePartitioning({ nodes: NODES, rangeQueries: true, loadSkew: 1.1, seed: 5 });
    expect(choice.scheme).toBe('range');
    expect(choice.evidence.scanNodesHash).toBe(4);
    expect(choice.evidence.scanNodesRange).toBeLessThanOrEqual(2);
    expect(choice.range?.query?.nodes).toHaveLength(choice.evidence.scanNodesRange);
    expect(choice.reasons[0]).toContain(`contacts ${choice.evidence.scanNodesRange} node(s) with ranges and 4 of 4`);
  });

  it('should choose a directory whenever placement is manual, with its replicated table', () => {
    const choice = choosePartitioning({ nodes: NODES, manualPlacement: true, rangeQueries: true });
    expect(choice.scheme).toBe('directory');
    expect(choice.directory?.replication).toMatchObject({ replicas: 3, updateQuorum: 2, updateFailuresTolerated: 1 });
    expect(choice.rejected.find((r) => r.scheme === 'range')?.why).toMatch(/not chosen keys on chosen nodes/);
  });

  it('should warn that increasing keys all land on the last range', () => {
    const choice = choosePartitioning({ nodes: NODES, rangeQueries: true, sequentialKeys: true });
    expect(choice.warnings.join(' ')).toMatch(/all inserts land on the last range/);
    expect(choosePartitioning({ nodes: NODES, sequentialKeys: true }).warnings).toEqual([]);
  });

  it('should measure inserts of keys arriving in order on a sequence, and prefix range keys with hash buckets', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => ({ id: `n${i}`, weight: 1 }));
    const uniform = choosePartitioning({ nodes, rangeQueries: true, seed: 3 });
    expect(uniform.evidence.sequential).toBeUndefined();
    expect(uniform.keyBuckets).toBeUndefined();
    const choice = choosePartitioning({ nodes, rangeQueries: true, sequentialKeys: true, seed: 3 });
    const s = choice.evidence.sequential;
    // On the uniform sample no range is hot; on a sequence every insert sorts last: one range, one node, n x.
    expect(choice.evidence.hotRanges).toBe(0);
    expect(s).toMatchObject({ insertRangesRange: 1, insertNodesRange: 1, insertMaxOverMeanRange: 12, buckets: 12 });
    expect(s?.insertRangesBucketed).toBe(12);
    expect(s?.insertMaxOverMeanBucketed).toBeLessThan(1.5);
    // The price of the prefix: a scan asks every bucket, where plain ranges ask one or two.
    expect(s?.scanRangesBucketed).toBeGreaterThanOrEqual(12);
    expect(s?.scanNodesRange).toBeLessThanOrEqual(2);
    expect(choice.scheme).toBe('range');
    expect(choice.keyBuckets).toBe(12);
    const reasons = choice.reasons.join(' ');
    expect(reasons).not.toMatch(/no range is hot/i);
    expect(uniform.reasons.join(' ')).toMatch(/No range is hot/);
    expect(reasons).toContain('every insert on 1 range on 1 node (12.00 x its fair insert load)');
    expect(reasons).toContain(`one of 12 hash buckets`);
    expect(choice.rejected.find((r) => r.scheme === 'hash')?.why).toMatch(/spread the inserts/);
  });

  it('should weigh the insert hot spot by the owner of the last range, and give hashing its exact share', () => {
    const nodes = [1, 1, 1, 5].map((weight, i) => ({ id: `w${i}`, weight }));
    const choice = choosePartitioning({ nodes, sequentialKeys: true, sampleKeys: 3000 });
    const s = choice.evidence.sequential;
    // All inserts on one node: total weight over that node's weight, whichever node owns the last range.
    const plain = s?.insertMaxOverMeanRange ?? 0;
    expect(Math.min(Math.abs(plain - 8), Math.abs(plain - 8 / 5))).toBeLessThan(1e-9);
    expect(choice.scheme).toBe('hash');
    expect(s?.insertMaxOverMeanHash).toBeCloseTo(choice.hash?.balance.maxOverMean ?? 0, 12);
    expect(choice.reasons.join(' ')).toMatch(/hashing spreads the inserts like any other keys/);
    expect(choice.rejected.find((r) => r.scheme === 'range')?.why).toMatch(/every insert lands on the last range/);
  });

  it('should not blame the last range for inserts under a directory: unnamed keys follow its ring', () => {
    const choice = choosePartitioning({ nodes: NODES, manualPlacement: true, sequentialKeys: true });
    expect(choice.warnings.join(' ')).toMatch(/spread by the default ring.*a prefix entry covering the sequence/);
    expect(choice.warnings.join(' ')).not.toMatch(/last range/);
  });

  it('should name a key hotter than a node can take, whatever the scheme', () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const choice = choosePartitioning({ nodes: NODES, keys, keyLoads: [1, 1, 50, 1, 1, 1, 1, 1] });
    expect(choice.evidence.hottestKey).toEqual({ key: 'c', share: 50 / 57 });
    expect(choice.warnings.join(' ')).toMatch(/Key c alone carries 87\.7% of the load/);
    expect(choice.evidence.keys).toBe(8);
  });

  it('should take the same answer from the same seed', () => {
    const needs = { nodes: NODES, rangeQueries: true, loadSkew: 1.3, seed: 2 };
    expect(choosePartitioning(needs)).toEqual(choosePartitioning(needs));
  });

  it('should refuse a skew for keys that come with their own loads', () => {
    let error: unknown;
    try {
      choosePartitioning({ nodes: NODES, keys: ['a', 'b', 'c', 'd'], loadSkew: 1 });
    } catch (e) {
      error = e;
    }
    expect(isEngineError(error) && error.issues[0]?.path).toBe('load_skew');
  });

  it('should measure the join at the 1000-node cap: its probe builds the 1001st node, which a caller cannot', () => {
    const nodes = Array.from({ length: RING_LIMITS.maxNodes }, (_, i) => ({ id: `node-${i + 1}`, weight: 1 }));
    for (const needs of [{}, { rangeQueries: true }, { manualPlacement: true }]) {
      const choice = choosePartitioning({ nodes, ...needs, sampleKeys: 2000 });
      expect(choice.evidence.idealOnJoin).toBeCloseTo(1 / 1001, 12);
      // 100 points per node: a joiner's arcs are close to, not exactly, its fair share (Karger et al. 1997).
      expect(Math.abs(choice.evidence.movedOnJoinHash - 1 / 1001)).toBeLessThan(0.5 / 1001);
    }
    // The headroom is the engine's own: a caller's change past the cap is still refused.
    expect(() => applyChange(nodes, { add: [{ id: 'extra', weight: 1 }] })).toThrow(/1001 nodes, more than the 1000/);
    const probe = { algorithm: 'ring' as const, nodes, sampleKeys: 1 };
    expect(() =>
      planHashPlacement(
        {
          ...probe,
          change: {
            add: [
              { id: 'a', weight: 1 },
              { id: 'b', weight: 1 },
            ],
          },
        },
        { joinProbe: true },
      ),
    ).toThrow(/exactly one node/);
    expect(() =>
      planHashPlacement({ ...probe, nodes: [...nodes, { id: 'x', weight: 1 }] }, { joinProbe: true }),
    ).toThrow(/1001 nodes is more than the 1000/);
  });

  it('should run as an incremental job, a few phases each a slice, ending where the one-call choice ends', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({ id: `node-${i + 1}`, weight: 1 }));
    for (const needs of [{}, { rangeQueries: true }, { manualPlacement: true }]) {
      const job = planPartitioningChoice({ nodes, ...needs, sampleKeys: 2000 });
      const done: number[] = [];
      while (!job.advance(1_000_000)) done.push(job.progress().done);
      // A caller (design_protocol's runInSlices) gets control back between phases: for progress and cancellation.
      expect(done.length).toBeGreaterThanOrEqual(4);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(job.progress().done).toBe(job.progress().total);
      expect(job.result()).toEqual(choosePartitioning({ nodes, ...needs, sampleKeys: 2000 }));
    }
  });
});
