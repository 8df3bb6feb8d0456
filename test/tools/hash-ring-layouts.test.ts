import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import { hashRingTool, inputSchema, outputSchema, runHashRing } from '../../src/tools/hash-ring.js';
import { OUTPUT_CHARS_MAX } from '../../src/tools/output-budget.js';

const run = (args: Record<string, unknown>) => runHashRing(inputSchema.parse(args), SILENT_CONTEXT);
const fail = async (args: Record<string, unknown>): Promise<string> => {
  const outcome = await callTool(hashRingTool, args, SILENT_CONTEXT);
  expect(outcome.ok).toBe(false);
  return outcome.ok ? '' : outcome.message;
};
const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
const KEYS = letters.map((c) => `user:${c}`);

describe('hash_ring algorithm "range"', () => {
  it('should split the hot range, move only its keys and say so', async () => {
    const result = await run({
      nodes: ['n1', 'n2', 'n3'],
      algorithm: 'range',
      keys: KEYS,
      key_loads: letters.map((c) => (['b', 'c', 'd'].includes(c) ? 50 : 1)),
      range_start: 'user:b',
      range_end: 'user:f',
    });
    expect(outputSchema.safeParse(result).success).toBe(true);
    const range = result.range;
    expect(range?.hot_ranges.map((h) => [h.start, h.end, h.split_at])).toEqual([['', 'user:j', ['user:c', 'user:d']]]);
    expect(range?.moved_keys).toMatchObject({
      count: 3,
      listed: ['user:a', 'user:b', 'user:c'],
      outside_split_ranges: 0,
    });
    expect(result.assignments.filter((a) => a.moved).map((a) => a.key)).toEqual(['user:a', 'user:b', 'user:c']);
    expect(range?.partitions_after).toBe(5);
    expect(range?.query).toMatchObject({ ranges: [0], nodes: ['n1'], keys: 4, after: { ranges: [0, 1, 2] } });
    expect(result.balance.method).toBe('key_load');
    expect(result.balance_after?.max_over_mean).toBeLessThan(result.balance.max_over_mean);
    expect(result.summary).toMatch(/carries 90\.2% of the load: split at user:c, user:d into 3/);
    expect(result.summary).toMatch(/3 key\(s\) move .* all from split ranges/);
    expect(result.notes[0]).toMatch(/^range:/);
  });

  it('should build ranges from a Zipf-skewed seeded sample when no keys are given', async () => {
    const args = { nodes: ['a', 'b', 'c', 'd'], algorithm: 'range', sample_keys: 5000, load_skew: 1.2, partitions: 8 };
    const result = await run(args);
    expect(await run(args)).toEqual(result);
    expect(result.range?.key_source).toBe('sample');
    expect(result.range?.ranges).toHaveLength(8);
    expect(result.range?.hot_ranges.length).toBeGreaterThan(0);
    expect(result.assignments).toEqual([]);
    expect(outputSchema.safeParse(result).success).toBe(true);
  });

  it('should list the hot and heaviest ranges only when there are many', async () => {
    const result = await run({ nodes: ['a', 'b'], algorithm: 'range', sample_keys: 2000, partitions: 200 });
    expect(result.range?.ranges_listed).toBe('hot_and_heaviest');
    expect(result.range?.ranges.length).toBeLessThanOrEqual(64);
    expect(result.range?.partitions).toBe(200);
  });

  it('should list more (or fewer) ranges, split points, hot ranges and moved keys on list_limit', async () => {
    const args = { nodes: ['a', 'b', 'c'], algorithm: 'range', sample_keys: 20_000, load_skew: 1.5, partitions: 150 };
    const base = await run(args);
    // Splitting hot ranges adds up to 256 more ranges: 500 lists all of them, before and after.
    const more = await run({ ...args, list_limit: 500 });
    const fewer = await run({ ...args, list_limit: 3 });
    // Defaults: 64 ranges (hot, then heaviest) and split points, 32 hot ranges, 50 moved keys.
    expect(base.range?.ranges).toHaveLength(64);
    expect(base.range?.split_points).toHaveLength(64);
    expect(base.range?.hot_ranges.length).toBe(Math.min(32, more.range?.hot_ranges.length ?? 0));
    expect(base.range?.moved_keys.listed).toHaveLength(Math.min(50, base.range?.moved_keys.count ?? 0));
    expect(more.range?.ranges_listed).toBe('all');
    expect(more.range?.ranges.map((r) => r.index)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(more.range?.split_points).toHaveLength(149);
    expect(more.range?.moved_keys.listed.length).toBeGreaterThan(50);
    expect(more.range?.moved_keys.listed.length).toBe(Math.min(500, more.range?.moved_keys.count ?? 0));
    expect(fewer.range?.ranges).toHaveLength(3);
    // Cut short, the hot ranges come first: the heaviest of all.
    const heaviest = [...(more.range?.ranges ?? [])].sort((a, b) => b.load - a.load).slice(0, 3);
    expect(fewer.range?.ranges.map((r) => r.index)).toEqual(heaviest.map((r) => r.index).sort((a, b) => a - b));
    expect(fewer.range?.hot_ranges).toHaveLength(3);
    expect(fewer.range?.moved_keys.listed).toHaveLength(3);
    expect(outputSchema.safeParse(more).success).toBe(true);
  });

  it('should keep a list_limit at its bound under the output budget, saying what it cut', async () => {
    const args = {
      nodes: ['a', 'b', 'c'],
      algorithm: 'range',
      sample_keys: 20_000,
      partitions: 1024,
      list_limit: 1024,
    };
    const outcome = await callTool(hashRingTool, args, SILENT_CONTEXT);
    expect(outcome.ok).toBe(true);
    const structured = outcome.ok ? outcome.structured : {};
    expect(JSON.stringify(structured).length).toBeLessThanOrEqual(OUTPUT_CHARS_MAX);
    const trimmed = structured['output_trimmed'] as { path: string; listed: number; total: number }[];
    expect(trimmed.find((t) => t.path === 'range.ranges')).toMatchObject({ total: 1024 });
    expect(String(structured['summary'])).toMatch(/Output cut to stay under about 15 000 tokens/);
  });

  it('should refuse list_limit for the hash algorithms and out of its bounds', async () => {
    expect(await fail({ nodes: ['a'], list_limit: 10 })).toMatch(/list_limit applies to range and directory, not ring/);
    expect(await fail({ nodes: ['a'], algorithm: 'range', list_limit: 0 })).toMatch(/list_limit/);
    expect(await fail({ nodes: ['a'], algorithm: 'range', list_limit: 1025 })).toMatch(/list_limit/);
  });
});

describe('hash_ring algorithm "directory"', () => {
  it('should list 50 entries and moved keys by default, and as many as list_limit asks', async () => {
    const entries = Array.from({ length: 80 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, node: 'n1' }));
    const args = {
      nodes: ['n1', 'n2'],
      algorithm: 'directory',
      directory: [...entries, { prefix: 'k', node: 'n1' }],
      move_keys: [{ prefix: 'k', to: 'n2' }],
      keys: Array.from({ length: 80 }, (_, i) => `k${i}x`),
      sample_keys: 100,
    };
    const base = await run(args);
    const more = await run({ ...args, list_limit: 100 });
    expect(base.directory?.listed_entries).toHaveLength(50);
    expect(more.directory?.listed_entries).toHaveLength(81);
    expect(base.directory?.moves[0]?.keys_moved).toHaveLength(50);
    expect(more.directory?.moves[0]?.keys_moved).toHaveLength(80);
    expect(more.directory?.moves[0]?.keys_moved_total).toBe(80);
  });

  it('should route by the table, move one prefix and nothing else, and size the directory quorum', async () => {
    const result = await run({
      nodes: ['n1', 'n2', 'n3'],
      algorithm: 'directory',
      directory: [
        { prefix: 'tenant:acme:', node: 'n1' },
        { key: 'tenant:acme:vip', node: 'n2' },
      ],
      keys: ['tenant:acme:1', 'tenant:acme:vip', 'user:9'],
      move_keys: [{ prefix: 'tenant:acme:', to: 'n3' }],
      directory_replicas: 5,
    });
    expect(outputSchema.safeParse(result).success).toBe(true);
    expect(result.assignments.map((a) => [a.key, a.via, a.node, a.node_after, a.moved])).toEqual([
      ['tenant:acme:1', 'prefix', 'n1', 'n3', true],
      ['tenant:acme:vip', 'key', 'n2', 'n2', false],
      ['user:9', 'default', result.assignments[2]?.node, result.assignments[2]?.node, false],
    ]);
    expect(result.directory?.moves).toEqual([
      {
        prefix: 'tenant:acme:',
        from: 'n1',
        to: 'n3',
        keys_moved: ['tenant:acme:1'],
        keys_moved_total: 1,
        sampled_keys_moved: 0,
      },
    ]);
    expect(result.directory?.unrequested_moves).toBe(0);
    expect(result.directory?.replication).toMatchObject({
      replicas: 5,
      update_quorum: 3,
      update_failures_tolerated: 2,
    });
    expect(result.summary).toMatch(/Nothing else moves/);
  });
});

describe('hash_ring range and directory bad input', () => {
  it('should name the field', async () => {
    const range = { nodes: ['a', 'b'], algorithm: 'range', keys: KEYS };
    expect(await fail({ ...range, split_points: ['user:m', 'user:c'] })).toMatch(
      /split_points\.1: "user:c" does not sort after/,
    );
    expect(await fail({ ...range, split_points: ['user:c', 'user:c'] })).toMatch(/split_points\.1/);
    expect(await fail({ ...range, range_start: 'user:q', range_end: 'user:c' })).toMatch(
      /range_end: range_end "user:c" must sort after/,
    );
    expect(await fail({ ...range, key_loads: [1] })).toMatch(/key_loads: key_loads has 1 entries but keys has 26/);
    expect(await fail({ ...range, add_nodes: ['c'] })).toMatch(/add_nodes applies to the hash algorithms, not range/);
    expect(await fail({ ...range, compare: true })).toMatch(/compare applies to the hash algorithms/);
    expect(await fail({ nodes: ['a'], key_loads: [1] })).toMatch(/key_loads applies to range, not ring/);
    const directory = { nodes: ['a', 'b'], algorithm: 'directory' };
    expect(await fail({ ...directory, directory: [{ key: 'x', node: 'zz' }] })).toMatch(
      /directory\.0\.node: "zz" is not a node/,
    );
    expect(await fail({ ...directory, move_keys: [{ prefix: 'x', to: 'zz' }] })).toMatch(/move_keys\.0\.to/);
    expect(await fail({ ...directory, directory: [{ node: 'a' }] })).toMatch(/directory\.0: give exactly one of key/);
    expect(await fail({ ...directory, directory_default: 'jump', virtual_nodes: 50 })).toMatch(
      /virtual_nodes applies to ring/,
    );
    expect(await fail({ nodes: ['a'], move_keys: [{ key: 'x', to: 'a' }] })).toMatch(/move_keys applies to directory/);
  });

  it("should accept the knobs of a directory's default placement", async () => {
    const result = await run({ nodes: ['a', 'b'], algorithm: 'directory', virtual_nodes: 50, sample_keys: 500 });
    expect(result.hashing).toMatch(/round\(50 x weight\)/);
  });
});
