import { describe, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/engine/index.js';

describe('resolveConflict, strategy auto', () => {
  it('should prefer vector clocks, which detect concurrency, over timestamps', () => {
    const result = resolveConflict({
      strategy: 'auto',
      versions: [
        { value: 'x', timestamp: 1, vector_clock: { a: 1 } },
        { value: 'y', timestamp: 2, vector_clock: { b: 1 } },
      ],
    });
    expect(result.strategy).toBe('vector_clock');
    expect(result.strategyReason).toContain('concurrent');
    expect(result.siblings).toHaveLength(2);
  });

  it('should fall back to HLC, then to timestamps, and warn about clock metadata on only some versions', () => {
    const hlc = resolveConflict({
      strategy: 'auto',
      versions: [
        { value: 'x', hlc: { wall_time_ms: 5, logical: 0 }, vector_clock: { a: 1 } },
        { value: 'y', hlc: { wall_time_ms: 6, logical: 0 } },
      ],
    });
    expect(hlc.strategy).toBe('hlc');
    expect(hlc.warnings.map((w) => w.code)).toContain('partial_clock_metadata');
    const lww = resolveConflict({
      strategy: 'auto',
      versions: [
        { value: 'A', timestamp: 1000 },
        { value: 'B', timestamp: 1001 },
      ],
    });
    expect([lww.strategy, lww.value]).toEqual(['lww', 'B']);
    expect(lww.strategyReason).toContain('only wall-clock timestamps');
  });

  it('should merge states as a CRDT, reading the type from their fields', () => {
    const result = resolveConflict({ strategy: 'auto', states: [{ counts: { a: 2 } }, { counts: { a: 1, b: 4 } }] });
    expect([result.strategy, result.value]).toEqual(['crdt', 6]);
    expect(result.explanation).toContain("read from the states' fields");
  });

  it('should refuse versions without a common clock, naming the version', () => {
    expect(() => resolveConflict({ strategy: 'auto', versions: [{ value: 1, timestamp: 1 }, { value: 2 }] })).toThrow(
      /versions\.1: auto needs one kind of clock/,
    );
  });

  it('should refuse versions and states together, and neither', () => {
    expect(() => resolveConflict({ strategy: 'auto', versions: [{ value: 1, timestamp: 1 }], states: [{}] })).toThrow(
      /^states:/,
    );
    expect(() => resolveConflict({ strategy: 'auto' })).toThrow(/^versions:/);
  });

  it('should suggest the strategy the versions do support when the requested one lacks its clock', () => {
    expect(() => resolveConflict({ strategy: 'lww', versions: [{ value: 1, vector_clock: { a: 1 } }] })).toThrow(
      /versions\.0\.timestamp: is missing.*vector_clock/,
    );
  });
});

describe('resolveConflict, strategy crdt', () => {
  it('should report the LWW-Register assignments a merge overwrote', () => {
    const result = resolveConflict({
      strategy: 'crdt',
      crdtType: 'lww_register',
      states: [
        { value: 'A', timestamp: 1000, node_id: 'n1' },
        { value: 'B', timestamp: 1001, node_id: 'n2' },
      ],
    });
    expect(result.value).toBe('B');
    expect(result.lostUpdates.map((l) => [l.ref.value, l.reason])).toEqual([['A', 'overwritten_by_merge']]);
    expect(result.latestTimestampMs).toBe(1001);
  });

  it('should return MV-Register siblings with their clocks and a null value', () => {
    const result = resolveConflict({
      strategy: 'crdt',
      states: [
        { entries: [{ value: 'x', vector_clock: { a: 1 } }] },
        { entries: [{ value: 'y', vector_clock: { b: 1 } }] },
      ],
    });
    expect(result.value).toBeNull();
    expect(result.siblings.map((s) => s.value)).toEqual(['x', 'y']);
    expect(result.mergedClock).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    );
  });

  it('should give the same result for the same input (deterministic)', () => {
    const spec = {
      strategy: 'crdt' as const,
      crdtType: 'or_set' as const,
      states: [{}, {}, {}],
      operations: [
        { replica: 0, op: 'add' as const, element: 'x' },
        { replica: 1, op: 'add' as const, element: { id: 2 } },
        { replica: 2, op: 'add' as const, element: 'x' },
      ],
    };
    expect(JSON.stringify(resolveConflict(spec).crdt?.mergedJson)).toBe(
      JSON.stringify(resolveConflict(spec).crdt?.mergedJson),
    );
  });
});

describe('resolveConflict, fields the chosen strategy would ignore', () => {
  const stamped = [{ value: 1, timestamp: 1 }];

  it('should refuse a sibling_resolver when the versions resolve by timestamps', () => {
    expect(() => resolveConflict({ strategy: 'auto', versions: stamped, siblingResolver: 'union' })).toThrow(
      /^sibling_resolver: .*by lww/,
    );
  });

  it('should refuse operations and crdt_type without states', () => {
    expect(() =>
      resolveConflict({ strategy: 'lww', versions: stamped, operations: [{ replica: 0, op: 'add', element: 'x' }] }),
    ).toThrow(/^operations:/);
    expect(() => resolveConflict({ strategy: 'auto', versions: stamped, crdtType: 'g_set' })).toThrow(/^crdt_type:/);
  });
});
