import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import { hashRingTool, inputSchema, outputSchema, runHashRing } from '../../src/tools/hash-ring.js';

const run = (args: Record<string, unknown>) => runHashRing(inputSchema.parse(args), SILENT_CONTEXT);
const fail = async (args: Record<string, unknown>): Promise<string> => {
  const outcome = await callTool(hashRingTool, args, SILENT_CONTEXT);
  expect(outcome.ok).toBe(false);
  return outcome.ok ? '' : outcome.message;
};

describe('runHashRing', () => {
  it("should hold the seed skill's example: user:123 on node-1 or node-2, about a third of keys move to node-3", async () => {
    const result = await run({
      nodes: ['node-1', 'node-2'],
      virtual_nodes: 100,
      keys: ['user:123'],
      add_nodes: ['node-3'],
      sample_keys: 10_000,
    });
    expect(['node-1', 'node-2']).toContain(result.assignments[0]?.node);
    expect(Math.abs((result.movement?.sampled_moved_fraction ?? 0) - 1 / 3)).toBeLessThan(0.03);
    expect(Math.abs((result.movement?.moved_fraction ?? 0) - 1 / 3)).toBeLessThan(0.03);
    expect(result.movement?.ideal_fraction).toBeCloseTo(1 / 3, 6);
    expect(result.movement?.moves.every((m) => m.to === 'node-3')).toBe(true);
    expect(outputSchema.safeParse(result).success).toBe(true);
  });

  it('should give preference lists of distinct nodes in distinct zones', async () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => ({ id, zone: `z${i % 3}` }));
    for (const algorithm of ['ring', 'ketama', 'jump', 'rendezvous', 'maglev', 'bounded_load']) {
      const result = await run({ nodes, algorithm, keys: ['k1', 'k2', 'k3', 'k4'], replicas: 3, sample_keys: 500 });
      expect(result.distinct_zones).toBe(true);
      for (const a of result.assignments) {
        expect(a.replicas[0]).toBe(a.node);
        const zones = a.replicas.map((id) => nodes.find((n) => n.id === id)?.zone);
        expect(new Set(zones).size, `${algorithm} ${a.key}`).toBe(3);
      }
    }
  });

  it('should give the same answer for the same seed, and compare every algorithm', async () => {
    const args = { nodes: ['a', 'b', 'c', 'd'], compare: true, sample_keys: 2000, seed: 42 };
    const first = await run(args);
    expect(await run(args)).toEqual(first);
    expect(first.compare?.map((r) => r.algorithm)).toEqual([
      'ring',
      'ketama',
      'jump',
      'rendezvous',
      'maglev',
      'bounded_load',
    ]);
    expect(first.compare?.every((r) => r.supported && (r.moved_fraction_add_one ?? 0) > 0.1)).toBe(true);
    expect(first.summary).toContain('Compared');
  });

  it('should mark jump unsupported in a comparison of weighted nodes', async () => {
    const result = await run({
      nodes: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
      ],
      compare: true,
      sample_keys: 200,
    });
    expect(result.compare?.find((r) => r.algorithm === 'jump')).toMatchObject({ supported: false });
    expect(result.summary).toMatch(/Not compared: jump \(jump gives every bucket an equal share/);
  });

  it('should compare at the node limit: the joining node is a probe, allowed one past it', async () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => `node-${i}`);
    const result = await run({ nodes, compare: true, sample_keys: 2000 });
    expect(result.compare).toHaveLength(6);
    for (const row of result.compare ?? []) {
      expect(row, row.algorithm).toMatchObject({ supported: true, ideal_fraction_add_one: 0.000999 });
      expect(row.note, row.algorithm).toBeUndefined();
      expect(row.moved_fraction_add_one, row.algorithm).toBeLessThan(0.01);
    }
    expect(result.summary).not.toMatch(/Not compared|Partly compared/);
    // The probe is the comparison's own: a change the caller asks for is still held to the limit.
    expect(await fail({ nodes, add_nodes: ['one-more'] })).toMatch(/1001 nodes, more than the 1000 supported/);
  });

  it('should keep the balance of a layout that cannot take the joining node, and say why movement is missing', async () => {
    const result = await run({ nodes: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], compare: true, maglev_table_size: 7 });
    const maglev = result.compare?.find((r) => r.algorithm === 'maglev');
    expect(maglev).toMatchObject({ supported: true, balance_method: 'exact_table', max_over_mean: 1 });
    expect(maglev?.moved_fraction_add_one).toBeUndefined();
    expect(maglev?.note).toMatch(/movement when one node joins not measured: 7 slots for 8 nodes/);
    expect(result.summary).toContain('Partly compared: maglev, movement when one node joins not measured');
    expect(result.summary).toContain('movement on a join closest to the ideal');
    expect(outputSchema.safeParse(result).success).toBe(true);
  });

  it("should give every algorithm's note on when to prefer it with compare, the chosen one first", async () => {
    const alone = await run({ nodes: ['a', 'b'], algorithm: 'maglev', sample_keys: 200 });
    expect(alone.notes).toHaveLength(1);
    const compared = await run({ nodes: ['a', 'b'], algorithm: 'maglev', sample_keys: 200, compare: true });
    expect(compared.notes[0]).toBe(alone.notes[0]);
    const named = compared.notes.map((n) => n.split(':')[0]);
    expect(named.sort()).toEqual([
      'bounded_load',
      'directory',
      'jump',
      'ketama',
      'maglev',
      'range',
      'rendezvous',
      'ring',
    ]);
  });

  it('should list only the most and least loaded of many nodes', async () => {
    const nodes = Array.from({ length: 120 }, (_, i) => `n${i}`);
    const result = await run({ nodes, algorithm: 'jump', sample_keys: 5000 });
    expect(result.balance.per_node).toHaveLength(20);
    expect(result.balance.per_node_listed).toBe('most_and_least_loaded');
  });

  it('should report removal and reweighting movement with the moved keys per key', async () => {
    const result = await run({
      nodes: ['a', 'b', 'c', 'd'],
      algorithm: 'rendezvous',
      keys: Array.from({ length: 40 }, (_, i) => `order:${i}`),
      remove_nodes: ['b'],
      reweight_nodes: [{ id: 'c', weight: 2 }],
      sample_keys: 4000,
    });
    expect(result.node_count_after).toBe(3);
    expect(result.assignments.filter((a) => a.node === 'b').every((a) => a.moved)).toBe(true);
    expect(result.movement?.removed).toEqual(['b']);
    // The ideal moves b's quarter onto c (whose fair share grows from 1/4 to 1/2); rendezvous spreads b's keys by
    // weight and takes c's gain from a and d, which the result shows as churn beyond the ideal.
    expect(result.movement?.ideal_fraction).toBeCloseTo(0.25, 6);
    expect(result.movement?.churn_fraction).toBeGreaterThan(0.05);
    expect(result.movement?.moved_fraction).toBeGreaterThan(0.3);
  });

  it('should show zero churn when a node simply leaves', async () => {
    const result = await run({
      nodes: ['a', 'b', 'c', 'd'],
      algorithm: 'rendezvous',
      remove_nodes: ['b'],
      sample_keys: 4000,
    });
    expect(result.movement?.churn_fraction).toBe(0);
    expect(result.movement?.moves.every((m) => m.from === 'b')).toBe(true);
  });
});

describe('hash_ring bad input', () => {
  it('should name the field for duplicate ids, bad weights, replicas, unknown removals and misplaced knobs', async () => {
    expect(await fail({ nodes: ['a', 'a'] })).toMatch(/nodes: node id "a" appears twice/);
    expect(await fail({ nodes: [{ id: 'a', weight: 0 }] })).toMatch(/nodes\[0\]/);
    expect(await fail({ nodes: [{ id: 'a', weight: -2 }] })).toMatch(/nodes\[0\]/);
    expect(await fail({ nodes: ['a', 'b'], replicas: 3 })).toMatch(/replicas: replicas is 3 but only 2/);
    expect(await fail({ nodes: ['a', 'b'], remove_nodes: ['c'] })).toMatch(/remove_nodes: "c" is not a node/);
    expect(await fail({ nodes: ['a', 'b'], replicas: 2, remove_nodes: ['a'] })).toMatch(/remove_nodes: replicas is 2/);
    expect(await fail({ nodes: ['a', 'b'], add_nodes: ['b'] })).toMatch(/add_nodes: "b" is already a node/);
    expect(await fail({ nodes: ['a'], algorithm: 'jump', virtual_nodes: 10 })).toMatch(/virtual_nodes applies to ring/);
    expect(await fail({ nodes: ['a'], algorithm: 'maglev', maglev_table_size: 100 })).toMatch(/maglev_table_size/);
    expect(await fail({ nodes: [{ id: 'a', zone: 'z' }, 'b'] })).toMatch(/nodes: 1 of 2 nodes have a zone/);
    expect(
      await fail({
        nodes: [
          { id: 'a', zone: 'z' },
          { id: 'b', zone: 'z' },
        ],
        replicas: 2,
      }),
    ).toMatch(/replicas: replicas is 2 in distinct zones but there are only 1 zone/);
    expect(await fail({ nodes: ['a', 'b'], algorithm: 'jump', add_nodes: [{ id: 'c', weight: 3 }] })).toMatch(
      /nodes: jump gives every bucket an equal share/,
    );
  });
});
