import { describe, expect, it } from 'vitest';
import { runValidateCluster, inputSchema, outputSchema } from '../../src/tools/validate-cluster.js';

const run = (args: Record<string, unknown>) => runValidateCluster(inputSchema.parse(args));

describe('runValidateCluster', () => {
  it('should put the first violated rule in error and every one in errors', () => {
    const result = run({ nodes: 4, failure_tolerance: 2, byzantine: true });
    expect(result.valid).toBe(false);
    expect(result.error).toContain('3f+1');
    expect(result.errors.map((e) => e.rule)).toEqual(['byzantine_nodes', 'quorum_possible']);
    expect(outputSchema.safeParse(result).success).toBe(true);
  });

  it('should omit error when valid and summarise the tolerance and quorum', () => {
    const result = run({ nodes: 5, failure_tolerance: 2 });
    expect(result.error).toBeUndefined();
    expect(result.summary).toContain('5 nodes tolerate 2');
    expect(result.summary).toContain('quorum of 3');
  });

  it('should describe the region losses and the better placement', () => {
    const result = run({
      nodes: 5,
      regions: [
        { name: 'us-east', nodes: 3 },
        { name: 'us-west', nodes: 1 },
        { name: 'eu', nodes: 1 },
      ],
    });
    expect(result.regions?.fatal_regions).toEqual(['us-east']);
    expect(result.summary).toContain('loses the quorum if us-east fails');
    expect(result.summary).toContain('2-2-1');
  });

  it('should reject unknown fields listing the accepted ones', () => {
    const parsed = inputSchema.safeParse({ nodes: 3, node_count: 3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('accepted fields are nodes');
  });
});
