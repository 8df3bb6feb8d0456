/**
 * design_protocol with problem_type "partitioning" (and "transaction"): the scheme follows what the caller says, the
 * reasons carry figures measured on the same keys, and the layout it returns is the one hash_ring computes.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import { designProtocolTool, inputSchema, outputSchema, runDesignProtocol } from '../../src/tools/design-protocol.js';
import { inputSchema as hashRingInput, runHashRing } from '../../src/tools/hash-ring.js';
import { OUTPUT_CHARS_MAX } from '../../src/tools/output-budget.js';

/** No verification runs: the partitioning figures do not depend on them, and the suite stays fast. */
const design = (partitioning: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) =>
  runDesignProtocol(
    inputSchema.parse({
      distributed_context: {
        problem_type: 'partitioning',
        cluster_config: { nodes: 12 },
        consistency_requirement: 'linearizable',
        ...(partitioning ? { partitioning } : {}),
        ...extra,
      },
      verify: { runs: 0 },
    }),
    SILENT_CONTEXT,
  );

describe('design_protocol: choosing the partitioning scheme', () => {
  it('should keep consistent hashing when nothing needs order or placement, with its movement on a join', async () => {
    const r = await design(undefined);
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.configuration).toMatchObject({ partition_scheme: 'consistent_hashing', virtual_nodes: 100 });
    expect(r.partitioning?.scheme).toBe('consistent_hashing');
    expect(r.partitioning?.evidence.scan_nodes_hash).toBe(12);
    expect(r.partitioning?.evidence.max_over_mean_hash).toBe(r.verification.figures['placement_max_over_mean']);
    expect(r.rationale.some((line) => line.startsWith('Partitioning by consistent hashing'))).toBe(true);
  });

  it('should choose ranges for range queries and return the layout hash_ring computes from its arguments', async () => {
    const r = await design({ range_queries: true, load_skew: 1.2 });
    expect(outputSchema.safeParse(r).success).toBe(true);
    expect(r.protocol.name).toBe('Range partitioning with Raft replication groups');
    expect(r.configuration.partition_scheme).toBe('range');
    expect(r.configuration.virtual_nodes).toBeUndefined();
    const p = r.partitioning;
    expect(p?.evidence.scan_nodes_range).toBeLessThan(p?.evidence.scan_nodes_hash ?? 0);
    expect(p?.rejected.map((x) => x.scheme)).toEqual(['consistent_hashing', 'directory']);
    expect(r.failure_scenarios.map((s) => s.scenario)).toContain('Hot range');
    expect(r.verification.figures['hot_ranges']).toBe(p?.evidence.hot_ranges);
    const layout = await runHashRing(hashRingInput.parse(p?.hash_ring_arguments), SILENT_CONTEXT);
    expect(layout.range?.ranges.map((x) => [x.start, x.node])).toEqual(p?.layout.ranges?.map((x) => [x.start, x.node]));
  });

  it('should choose a directory for manual placement, with the quorum its copies need', async () => {
    const r = await design({ manual_placement: true, range_queries: true });
    expect(r.configuration.partition_scheme).toBe('directory');
    expect(r.protocol.description).toContain('routing table');
    expect(r.partitioning?.layout).toMatchObject({ directory_replicas: 3, directory_update_quorum: 2 });
    expect(r.failure_scenarios.find((s) => s.scenario === 'Directory copies lost')?.behavior).toContain('need 2');
  });

  it('should warn about increasing keys on ranges, and choose for a leaderless or transactional design too', async () => {
    const sequential = await design({ range_queries: true, sequential_keys: true });
    expect(sequential.warnings.join(' ')).toMatch(/all inserts land on the last range/);
    const eventual = await design({ range_queries: true }, { consistency_requirement: 'eventual' });
    expect(eventual.design).toBe('sharded_consensus');
    expect(eventual.configuration.partition_scheme).toBe('range');
    const transaction = await runDesignProtocol(
      inputSchema.parse({
        distributed_context: {
          problem_type: 'transaction',
          cluster_config: { nodes: 9 },
          partitioning: { manual_placement: true },
        },
        verify: { runs: 0 },
      }),
      SILENT_CONTEXT,
    );
    expect(transaction.protocol.description).toContain('routing table');
  });

  it('should never call ranges cool when keys arrive in order: the inserts, measured, pick hash-bucket prefixes', async () => {
    const r = await design({ range_queries: true, sequential_keys: true });
    expect(outputSchema.safeParse(r).success).toBe(true);
    const p = r.partitioning;
    expect(p?.scheme).toBe('range');
    expect(p?.evidence.sequential).toMatchObject({
      insert_nodes_plain: 1,
      insert_max_over_mean_plain: 12,
      buckets: 12,
    });
    expect(p?.evidence.sequential?.insert_max_over_mean_bucketed).toBeLessThan(1.5);
    expect(p?.layout.key_prefix_buckets).toBe(12);
    const text = [...(p?.reasons ?? []), ...r.rationale, ...r.failure_scenarios.map((s) => s.behavior), r.summary];
    expect(text.join(' ')).not.toMatch(/no range is hot/i);
    const hot = r.failure_scenarios.find((s) => s.scenario.startsWith('Hot range'));
    expect(hot?.scenario).toBe('Hot range (inserts of keys arriving in order)');
    expect(hot?.behavior).toContain('12.00x its fair insert load');
    expect(r.protocol.description).toContain('one of 12 hash buckets');
    expect(r.verification.figures['insert_max_over_mean_plain_ranges']).toBe(12);
    expect(r.summary).toMatch(/every insert on one node \(12\.00x/);
  });

  it('should list 32 ranges by default and as many as list_limit asks, within the output budget', async () => {
    const args = (extra: Record<string, unknown>) => ({
      distributed_context: {
        problem_type: 'partitioning',
        cluster_config: { nodes: 1000 },
        partitioning: { range_queries: true },
      },
      verify: { runs: 0 },
      ...extra,
    });
    const run = async (extra: Record<string, unknown>) => {
      const outcome = await callTool(designProtocolTool, args(extra), SILENT_CONTEXT);
      expect(outcome.ok, outcome.ok ? '' : outcome.message).toBe(true);
      return outcome.ok ? outcome.structured : {};
    };
    const ranges = (r: Record<string, unknown>) =>
      (r as z.input<typeof outputSchema>).partitioning?.layout.ranges?.map((x) => x.start) ?? [];
    const base = await run({});
    const more = await run({ list_limit: 60 });
    expect(ranges(base)).toHaveLength(32);
    expect(ranges(more)).toHaveLength(60);
    expect(ranges(more).slice(0, 32)).toEqual(ranges(base));
    const all = await run({ list_limit: 1024 });
    expect(JSON.stringify(all).length).toBeLessThanOrEqual(OUTPUT_CHARS_MAX);
    expect(all['output_trimmed']).toContainEqual(
      expect.objectContaining({ path: 'partitioning.layout.ranges', total: 1000 }),
    );
    expect(ranges(all).length).toBeGreaterThan(60);
    const refused = await callTool(designProtocolTool, args({ list_limit: 0 }), SILENT_CONTEXT);
    expect(refused.ok ? '' : refused.message).toMatch(/list_limit/);
  });

  it('should design partitioning and transactions on 1000 nodes, measuring the join of a 1001st', async () => {
    for (const problem_type of ['partitioning', 'transaction']) {
      const outcome = await callTool(
        designProtocolTool,
        { distributed_context: { problem_type, cluster_config: { nodes: 1000 } }, verify: { runs: 0 } },
        SILENT_CONTEXT,
      );
      expect(outcome.ok, outcome.ok ? '' : outcome.message).toBe(true);
      const r = outcome.ok ? (outcome.structured as z.input<typeof outputSchema>) : undefined;
      expect(r?.partitioning?.evidence.ideal_on_join).toBeCloseTo(1 / 1001, 4);
      expect(r?.failure_scenarios.map((s) => s.scenario)).toContain('Membership change (node-1001 joins)');
    }
  });

  it('should refuse partitioning needs for a design that does not split data, naming the field', async () => {
    const outcome = await callTool(
      designProtocolTool,
      {
        distributed_context: {
          problem_type: 'consensus',
          cluster_config: { nodes: 5 },
          partitioning: { range_queries: true },
        },
        verify: { runs: 0 },
      },
      SILENT_CONTEXT,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.message).toMatch(/distributed_context\.partitioning: describes how data is split/);
  });
});
