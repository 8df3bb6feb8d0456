import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockLeq,
  compareClocks,
  mergeClocks,
  resolveByVectorClock,
  resolveConflict,
  type VectorClock,
  type VersionInput,
} from '../../../src/engine/index.js';

const clock = (o: Record<string, number>): VectorClock => new Map(Object.entries(o));
const clockArb = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 })).map(clock);
const vc = (versions: VersionInput[], siblingResolver?: 'none' | 'union' | 'lww' | 'max' | 'min') =>
  resolveConflict({ strategy: 'vector_clock', versions, siblingResolver });

describe('compareClocks (Mattern 1989)', () => {
  it('should order clocks entry by entry, a missing entry counting as zero', () => {
    expect(compareClocks(clock({ a: 1 }), clock({ a: 2 }))).toBe('before');
    expect(compareClocks(clock({ a: 2, b: 1 }), clock({ a: 2 }))).toBe('after');
    expect(compareClocks(clock({ a: 0 }), clock({}))).toBe('equal');
    expect(compareClocks(clock({ a: 1 }), clock({ b: 1 }))).toBe('concurrent');
  });

  it('should always be consistent in both directions', () => {
    const flip = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
    fc.assert(fc.property(clockArb, clockArb, (a, b) => compareClocks(b, a) === flip[compareClocks(a, b)]));
  });

  it('should always merge to the least upper bound', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        const m = mergeClocks(a, b);
        expect(clockLeq(a, m) && clockLeq(b, m)).toBe(true);
        if (clockLeq(a, c) && clockLeq(b, c)) expect(clockLeq(m, c)).toBe(true);
      }),
    );
  });
});

describe('resolveByVectorClock (Dynamo, DeCandia et al. 2007 §4.4)', () => {
  // The paper's example: D3 and D4 both descend from D2 on different nodes; D5 reconciles them.
  const d2 = { value: 'D2', vector_clock: { Sx: 2 } };
  const d3 = { value: 'D3', vector_clock: { Sx: 2, Sy: 1 } };
  const d4 = { value: 'D4', vector_clock: { Sx: 2, Sz: 1 } };
  const d5 = { value: 'D5', vector_clock: { Sx: 3, Sy: 1, Sz: 1 } };

  it('should keep concurrent versions as siblings with the merged clock and drop their ancestor', () => {
    const result = vc([d2, d3, d4]);
    expect(result.value).toBeNull();
    expect(result.resolved).toBe(false);
    expect(result.siblings.map((s) => s.value)).toEqual(['D3', 'D4']);
    expect(result.superseded.map((s) => [s.version.value, s.reason])).toEqual([['D2', 'causally_dominated']]);
    expect(result.mergedClock).toEqual(clock({ Sx: 2, Sy: 1, Sz: 1 }));
    expect(result.warnings.map((w) => w.code)).toEqual(['siblings_unresolved']);
  });

  it('should resolve to the version that descends from all the others, losing nothing', () => {
    const result = vc([d3, d4, d5, d2]);
    expect(result.value).toBe('D5');
    expect(result.siblings).toEqual([]);
    expect(result.lostUpdates).toEqual([]);
  });

  it('should merge siblings with a union and warn that removed items come back', () => {
    const result = vc(
      [
        { value: ['milk', 'eggs'], vector_clock: { a: 2 } },
        { value: ['milk', 'bread'], vector_clock: { a: 1, b: 1 } },
      ],
      'union',
    );
    expect(result.value).toEqual(['bread', 'eggs', 'milk']);
    expect(result.warnings.map((w) => w.code)).toContain('union_resurrects_removes');
  });

  it('should merge siblings by lww or max and report the discarded ones', () => {
    const siblings = [
      { value: 3, timestamp: 20, vector_clock: { a: 1 } },
      { value: 7, timestamp: 10, vector_clock: { b: 1 } },
    ];
    expect(vc(siblings, 'lww').value).toBe(3);
    expect(vc(siblings, 'lww').lostUpdates.map((l) => l.reason)).toEqual(['sibling_discarded']);
    expect(vc(siblings, 'max').value).toBe(7);
    expect(vc(siblings, 'min').value).toBe(3);
  });

  it('should name the resolver when the values do not fit it', () => {
    const siblings = [
      { value: 'x', vector_clock: { a: 1 } },
      { value: 'y', vector_clock: { b: 1 } },
    ];
    expect(() => vc(siblings, 'union')).toThrow(/sibling_resolver: union needs every sibling to be a list/);
  });

  it('should flag equal clocks holding different values as a clock collision', () => {
    const result = vc([
      { value: 'x', vector_clock: { a: 1 } },
      { value: 'y', vector_clock: { a: 1 } },
      { value: 'x', vector_clock: { a: 1 } },
    ]);
    expect(result.warnings.map((w) => w.code)).toContain('clock_collision');
    expect(result.superseded.map((s) => s.reason)).toEqual(['duplicate']);
  });

  it('should reject a negative counter, naming the field', () => {
    expect(() => vc([{ value: 1, vector_clock: { a: -1 } }])).toThrow(/versions\.0\.vector_clock\.a: .*never negative/);
  });

  it('should say what LWW would have lost', () => {
    const result = vc([
      { value: 'x', timestamp: 1, vector_clock: { a: 1 } },
      { value: 'y', timestamp: 2, vector_clock: { b: 1 } },
    ]);
    expect(result.explanation).toContain('versions.1 would have won and versions.0 would have been silently lost');
  });

  it('should always keep pairwise-incomparable survivors and drop only versions some survivor has seen', () => {
    const versionArb = fc.record({
      value: fc.constantFrom('p', 'q', 'r'),
      vector_clock: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 2 })),
    });
    fc.assert(
      fc.property(fc.array(versionArb, { minLength: 1, maxLength: 8 }), (inputs) => {
        const versions = resolveConflict({ strategy: 'vector_clock', versions: inputs });
        const outcome = resolveByVectorClock(
          inputs.map((v, index) => ({
            index,
            value: v.value,
            valueKey: JSON.stringify(v.value),
            vectorClock: clock(v.vector_clock),
          })),
        );
        for (const s of outcome.survivors) {
          for (const t of outcome.survivors) {
            if (s !== t)
              expect(['concurrent', 'equal']).toContain(
                compareClocks(s.vectorClock ?? new Map(), t.vectorClock ?? new Map()),
              );
          }
        }
        for (const dropped of outcome.superseded) {
          expect(
            outcome.survivors.some((s) =>
              clockLeq(dropped.version.vectorClock ?? new Map(), s.vectorClock ?? new Map()),
            ),
          ).toBe(true);
        }
        expect(versions.resolved).toBe(outcome.survivors.length === 1);
      }),
    );
  });
});
