import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import {
  inputSchema,
  outputSchema,
  resolveConflictTool,
  runResolveConflict,
} from '../../src/tools/resolve-conflict.js';

const run = (args: Record<string, unknown>) => runResolveConflict(inputSchema.parse(args));

async function errorOf(args: Record<string, unknown>): Promise<string> {
  const outcome = await callTool(resolveConflictTool, args, SILENT_CONTEXT);
  expect(outcome.ok, JSON.stringify(args)).toBe(false);
  return outcome.ok ? '' : outcome.message;
}

describe('runResolveConflict', () => {
  it('should resolve the skill template example to B with A lost, and log conflict_resolved', () => {
    const result = run({
      strategy: 'lww',
      key: 'user:123',
      versions: [
        { value: 'A', timestamp: 1000 },
        { value: 'B', timestamp: 1001 },
      ],
    });
    expect(result.value).toBe('B');
    expect(result.lost_updates.map((l) => l.value)).toEqual(['A']);
    expect(result.event).toEqual({
      level: 'INFO',
      timestamp: '1970-01-01T00:00:01.001Z',
      skill: 'distributed-systems',
      node_id: 'resolver',
      term: 0,
      event: 'conflict_resolved',
      context: { key: 'user:123', strategy: 'LWW' },
    });
    expect(outputSchema.safeParse(result).success).toBe(true);
  });

  it('should give byte-identical output for the same input', () => {
    const args = {
      key: 'cart:42',
      versions: [
        { value: ['milk'], timestamp: 1_700_000_000_000, node_id: 'us-east', vector_clock: { 'us-east': 2 } },
        {
          value: ['eggs'],
          timestamp: 1_700_000_000_004,
          node_id: 'eu-west',
          vector_clock: { 'us-east': 1, 'eu-west': 1 },
        },
      ],
      sibling_resolver: 'union',
    };
    expect(JSON.stringify(run(args))).toBe(JSON.stringify(run(args)));
    expect(run(args).event.timestamp).toBe('2023-11-14T22:13:20.004Z');
  });

  it('should return null with siblings and the merged clock for concurrent versions', () => {
    const result = run({
      strategy: 'vector_clock',
      versions: [
        { value: 'x', vector_clock: { a: 1 } },
        { value: 'y', vector_clock: { b: 1 } },
      ],
    });
    expect(result.value).toBeNull();
    expect(result.resolved).toBe(false);
    expect(result.siblings.map((s) => s.index)).toEqual([0, 1]);
    expect(result.merged_clock).toEqual({ a: 1, b: 1 });
    expect(result.summary).toContain('2 concurrent siblings');
  });

  it('should flag skew and mark the event WARN', () => {
    const result = run({
      versions: [
        { value: 'A', timestamp: 1000, node_id: 'n1' },
        { value: 'B', timestamp: 1001, node_id: 'n2' },
      ],
      max_clock_skew_ms: 10,
    });
    expect(result.unsafe_order).toEqual([{ index: 0, gap_ms: 1 }]);
    expect(result.event.level).toBe('WARN');
    expect(result.event.node_id).toBe('n2');
  });

  it('should merge CRDT replicas after their operations and show each replica', () => {
    const result = run({
      strategy: 'crdt',
      crdt_type: 'or_set',
      key: 'tags',
      states: [{}, {}],
      operations: [
        { replica: 0, op: 'add', element: 'red' },
        { replica: 1, op: 'add', element: 'blue' },
        { replica: 0, op: 'remove', element: 'red' },
      ],
    });
    expect(result.value).toEqual(['blue']);
    expect(result.value_size).toBe(1);
    expect(result.replicas).toEqual([
      { index: 0, value: [], size: 0 },
      { index: 1, value: ['blue'], size: 1 },
    ]);
    expect(result.merged_state).toEqual({
      clock: { 'replica-0': 1, 'replica-1': 1 },
      dots: [{ element: 'blue', node_id: 'replica-1', counter: 1 }],
    });
  });

  it('should warn about a 2P-Set tombstone for an element never added, and not about a real removal', () => {
    const orphan = run({ strategy: 'crdt', crdt_type: 'two_p_set', states: [{ added: ['y'], removed: ['x'] }] });
    expect(orphan.value).toEqual(['y']);
    const warning = orphan.warnings.find((w) => w.code === 'unreachable_state');
    expect(warning?.message).toMatch(/^states\.0: removed holds "x", never added/);
    expect(orphan.event.level).toBe('WARN');
    expect(orphan.summary).toContain('unreachable_state');
    // A tombstone whose add is at another replica is still unreachable: remove needs the element present locally.
    const elsewhere = run({ strategy: 'crdt', states: [{ added: ['x'] }, { added: [], removed: ['x'] }] });
    expect(elsewhere.warnings.find((w) => w.code === 'unreachable_state')?.message).toMatch(/^states\.1: /);
    const fine = run({ strategy: 'crdt', states: [{ added: ['x', 'y'], removed: ['x'] }, { added: ['z'] }] });
    expect(fine.value).toEqual(['y', 'z']);
    expect(fine.warnings).toEqual([]);
  });

  it('should cap a large merged set and omit its state, keeping the result small', () => {
    const elements = Array.from({ length: 5000 }, (_, i) => `item-${i}`);
    const result = run({ states: [{ elements }, { elements: ['extra'] }] });
    expect(result.value_size).toBe(5001);
    expect(result.value_truncated).toBe(true);
    expect((result.value as unknown[]).length).toBe(500);
    expect(result.merged_state).toBeUndefined();
    expect(result.warnings.map((w) => w.code)).toContain('merged_state_omitted');
    expect(JSON.stringify(result).length).toBeLessThan(40_000);
  });
});

describe('resolve_conflict bad input', () => {
  it('should name a negative vector clock counter', async () => {
    expect(await errorOf({ versions: [{ value: 1, vector_clock: { a: -1 } }] })).toMatch(
      /versions\[0\]\.vector_clock\.a/,
    );
  });

  it('should name a state whose type contradicts crdt_type', async () => {
    expect(await errorOf({ strategy: 'crdt', crdt_type: 'g_counter', states: [{ elements: ['x'] }] })).toMatch(
      /states\.0: has the fields of a g_set but crdt_type is g_counter/,
    );
  });

  it('should name states of different CRDTs', async () => {
    expect(await errorOf({ states: [{ type: 'g_set' }, { type: 'or_set' }] })).toMatch(
      /states\.1\.type: is or_set but states\.0\.type is g_set/,
    );
  });

  it('should name the missing clock a strategy needs', async () => {
    expect(await errorOf({ strategy: 'vector_clock', versions: [{ value: 1, timestamp: 5 }] })).toMatch(
      /versions\.0\.vector_clock: is missing/,
    );
  });

  it('should name a missing value and unknown fields', async () => {
    expect(await errorOf({ versions: [{ timestamp: 5 }] })).toMatch(/versions\[0\]\.value/);
    expect(await errorOf({ versions: [{ value: 1, timestamp: 5 }], skew_ms: 3 })).toMatch(/skew_ms.*accepted fields/);
  });

  it('should name too many versions', async () => {
    const versions = Array.from({ length: 101 }, (_, i) => ({ value: i, timestamp: i }));
    expect(await errorOf({ versions })).toMatch(/versions/);
  });
});
