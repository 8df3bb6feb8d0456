import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConflict, type VersionInput } from '../../../src/engine/index.js';

const lww = (versions: VersionInput[], maxClockSkewMs?: number) =>
  resolveConflict({ strategy: 'lww', versions, maxClockSkewMs });
const codes = (r: { warnings: readonly { code: string }[] }) => r.warnings.map((w) => w.code);

describe('lww', () => {
  it('should keep the later timestamp and report the older write as lost (the skill template example)', () => {
    const result = lww([
      { value: 'A', timestamp: 1000 },
      { value: 'B', timestamp: 1001 },
    ]);
    expect(result.value).toBe('B');
    expect(result.lostUpdates.map((l) => [l.ref.value, l.reason])).toEqual([['A', 'older_timestamp']]);
    expect(codes(result)).toContain('lww_loses_updates');
  });

  it('should break an equal timestamp by the greater node id and report the tie', () => {
    const result = lww([
      { value: 'from-b', timestamp: 5, node_id: 'node-b' },
      { value: 'from-a', timestamp: 5, node_id: 'node-a' },
    ]);
    expect(result.value).toBe('from-b');
    expect(result.tie).toEqual({ indices: [0, 1], brokenBy: 'node_id' });
    expect(result.lostUpdates[0]?.reason).toBe('lost_tie');
    expect(codes(result)).toContain('tie');
  });

  it('should break a tie on the same node by the value, deterministically', () => {
    const result = lww([
      { value: 'apple', timestamp: 5, node_id: 'n' },
      { value: 'pear', timestamp: 5, node_id: 'n' },
    ]);
    expect(result.value).toBe('pear');
    expect(result.tie?.brokenBy).toBe('value');
  });

  it('should treat exact copies of the winner as superseded, not as a tie or a loss', () => {
    const result = lww([
      { value: 'x', timestamp: 5, node_id: 'n' },
      { value: 'x', timestamp: 5, node_id: 'n' },
    ]);
    expect(result.tie).toBeNull();
    expect(result.lostUpdates).toEqual([]);
    expect(result.superseded.map((s) => s.reason)).toEqual(['same_value']);
  });

  it('should flag versions closer to the winner than the clock skew, and only those', () => {
    const versions = [
      { value: 'a', timestamp: 1000 },
      { value: 'b', timestamp: 1030 },
      { value: 'c', timestamp: 1080 },
    ];
    // "closer than the skew": a gap equal to the skew is still safe to order.
    expect(lww(versions, 51).withinSkew).toEqual([{ index: 1, gapMs: 50 }]);
    expect(lww(versions, 81).withinSkew.map((a) => a.index)).toEqual([1, 0]);
    expect(codes(lww(versions, 51))).toContain('clock_skew_ambiguity');
    expect(codes(lww(versions, 50))).not.toContain('clock_skew_ambiguity');
    expect(lww(versions).withinSkew).toEqual([]);
    expect(lww(versions, 50).explanation).toContain('at least 50 ms older');
  });

  it('should tell lost concurrent writes from causally older ones when versions carry vector clocks', () => {
    const result = lww([
      { value: 'old', timestamp: 1, vector_clock: { a: 1 } },
      { value: 'concurrent', timestamp: 2, vector_clock: { b: 1 } },
      { value: 'latest', timestamp: 3, vector_clock: { a: 2 } },
    ]);
    expect(result.value).toBe('latest');
    expect(result.superseded.map((s) => [s.version.index, s.reason])).toEqual([[0, 'causally_dominated']]);
    expect(result.lostUpdates.map((l) => [l.ref.index, l.concurrent])).toEqual([[1, true]]);
    expect(codes(result)).toContain('concurrent_writes_lost');
    expect(result.mergedClock).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('should report a causality violation when a write that saw the winner carries an older timestamp', () => {
    const result = lww([
      { value: 'first', timestamp: 100, vector_clock: { a: 1 } },
      { value: 'second', timestamp: 90, vector_clock: { a: 1, b: 1 } },
    ]);
    expect(result.value).toBe('first');
    expect(result.lostUpdates[0]?.concurrent).toBe(false);
    expect(codes(result)).toContain('causality_violation');
  });

  it('should warn when timestamps look like microseconds', () => {
    expect(codes(lww([{ value: 1, timestamp: 1_700_000_000_000_000 }]))).toContain('timestamps_not_milliseconds');
  });

  it('should always pick the same winner whatever order the versions arrive in', () => {
    const version = fc.record({
      value: fc.constantFrom('a', 'b', 'c'),
      timestamp: fc.integer({ min: 0, max: 4 }),
      node_id: fc.constantFrom('n1', 'n2', 'n3'),
    });
    fc.assert(
      fc.property(
        fc
          .array(version, { minLength: 1, maxLength: 8 })
          .chain((vs) => fc.tuple(fc.constant(vs), fc.shuffledSubarray(vs, { minLength: vs.length }))),
        ([vs, shuffled]) => {
          const a = lww(vs).winner;
          const b = lww(shuffled).winner;
          expect([b?.value, b?.timestamp, b?.nodeId]).toEqual([a?.value, a?.timestamp, a?.nodeId]);
        },
      ),
    );
  });

  it('should always pick the maximum by (timestamp, node id, value) (oracle: a plain sort)', () => {
    const version = fc.record({
      value: fc.string({ maxLength: 3 }),
      timestamp: fc.integer({ min: 0, max: 3 }),
      node_id: fc.string({ minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 10 }), (vs) => {
        const key = (v: (typeof vs)[number]) => [v.timestamp, v.node_id, JSON.stringify(v.value)] as const;
        const best = vs.reduce((m, v) => {
          const [a, b] = [key(v), key(m)];
          return a[0] !== b[0] ? (a[0] > b[0] ? v : m) : a[1] !== b[1] ? (a[1] > b[1] ? v : m) : a[2] > b[2] ? v : m;
        });
        expect(lww(vs).value).toBe(best.value);
      }),
    );
  });
});
