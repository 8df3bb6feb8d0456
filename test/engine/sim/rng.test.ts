import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/engine/sim/rng.js';

const draws = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.float());

describe('Rng', () => {
  it('should pin the first draws of seed 0 (a change here is a deliberate change of every simulation)', () => {
    const rng = Rng.fromSeed(0);
    expect([rng.int(0, 999), rng.int(0, 999), rng.int(0, 999), rng.int(0, 999)]).toMatchInlineSnapshot(`
      [
        619,
        886,
        836,
        624,
      ]
    `);
  });

  it('should always give the same sequence for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        expect(draws(Rng.fromSeed(seed), 8)).toEqual(draws(Rng.fromSeed(seed), 8));
      }),
    );
  });

  it('should never let draws on one fork shift a sibling fork or the parent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.nat(50), (seed, extra) => {
        const a = Rng.fromSeed(seed);
        const [a1, a2] = [a.fork(), a.fork()];
        const b = Rng.fromSeed(seed);
        const [b1, b2] = [b.fork(), b.fork()];
        draws(a1, extra); // a1 is used, b1 is not
        expect(draws(a2, 4)).toEqual(draws(b2, 4));
        expect(draws(a, 4)).toEqual(draws(b, 4));
        expect(draws(b1, 4)).not.toEqual(draws(b2, 4)); // siblings are distinct streams
      }),
    );
  });

  it('should refuse to fork a fork, whose stream would overlap a sibling', () => {
    expect(() => Rng.fromSeed(1).fork().fork()).toThrow(/root/);
  });

  it('should keep earlier forks unchanged when a fork is added after them (adding a node)', () => {
    const three = Rng.fromSeed(9);
    const four = Rng.fromSeed(9);
    const a = [three.fork(), three.fork(), three.fork()];
    const b = [four.fork(), four.fork(), four.fork(), four.fork()];
    a.forEach((r, i) => expect(draws(r, 5)).toEqual(draws(b[i] as Rng, 5)));
  });

  it('should always draw integers inside the range and floats in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.nat(1000),
        (seed, min, span) => {
          const rng = Rng.fromSeed(seed);
          for (let i = 0; i < 20; i++) {
            const v = rng.int(min, min + span);
            expect(v).toBeGreaterThanOrEqual(min);
            expect(v).toBeLessThanOrEqual(min + span);
            const f = rng.float();
            expect(f >= 0 && f < 1).toBe(true);
          }
        },
      ),
    );
  });

  it('should give exponential and normal draws with the asked mean', () => {
    const rng = Rng.fromSeed(3);
    const n = 20_000;
    let e = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      e += rng.exponential(50);
      g += rng.normal();
    }
    expect(e / n).toBeGreaterThan(48);
    expect(e / n).toBeLessThan(52);
    expect(Math.abs(g / n)).toBeLessThan(0.03);
  });
});
