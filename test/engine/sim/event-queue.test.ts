import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/engine/sim/event-queue.js';

interface Item {
  readonly atMs: number;
  seq: number;
  readonly label: number;
}

describe('EventQueue', () => {
  it('should pop ties in insertion order', () => {
    const q = new EventQueue<Item>();
    for (const label of [1, 2, 3]) q.push({ atMs: 5, seq: 0, label });
    q.push({ atMs: 1, seq: 0, label: 0 });
    expect([q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e?.label)).toEqual([0, 1, 2, 3]);
    expect(q.pop()).toBeUndefined();
  });

  it('should always pop in (time, insertion) order, as a stable sort would (oracle)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<Item>();
        times.forEach((atMs, label) => q.push({ atMs, seq: 0, label }));
        const popped: number[] = [];
        for (let e = q.pop(); e; e = q.pop()) popped.push(e.label);
        const expected = times
          .map((atMs, label) => ({ atMs, label }))
          .sort((a, b) => a.atMs - b.atMs)
          .map((e) => e.label);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('should keep the order when pushes and pops interleave', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
        const q = new EventQueue<Item>();
        let now = 0;
        ops.forEach((op, label) => {
          if (op < 0) {
            const e = q.pop();
            if (e) {
              expect(e.atMs).toBeGreaterThanOrEqual(now);
              now = e.atMs;
            }
          } else q.push({ atMs: now + op, seq: 0, label });
        });
      }),
    );
  });
});
