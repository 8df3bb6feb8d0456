import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createJump, jumpBucket } from '../../../src/engine/partitioning/jump.js';

/** Lamping & Veach 2014, Figure 1, transcribed with BigInt: the reference the fast version must equal. */
function paperJump(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  while (j < BigInt(buckets)) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & 0xffffffffffffffffn;
    j = BigInt(Math.floor(Number(b + 1n) * (Number(1n << 31n) / Number((key >> 33n) + 1n))));
  }
  return Number(b);
}

const jump = (key: bigint, buckets: number): number =>
  jumpBucket(Number(key >> 32n), Number(key & 0xffffffffn), buckets);

describe('jumpBucket', () => {
  it('should give the published values of the paper algorithm (Guava / go-jump / jump-rs golden tests)', () => {
    // Keys 0..19 into 100 buckets, and the large-key cases shared by Guava-compatible implementations.
    const golden100 = [0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83];
    expect(golden100.map((_, key) => jump(BigInt(key), 100))).toEqual(golden100);
    expect(jump(10863919174838991n, 11)).toBe(6);
    expect(jump(2016238256797177309n, 11)).toBe(3);
    expect(jump(1673758223894951030n, 11)).toBe(5);
    expect(jump(2n, 100001)).toBe(80343);
    expect(jump(2201n, 100001)).toBe(22152);
    expect(jump(2202n, 100001)).toBe(15018);
    expect(jump(256n, 1024)).toBe(520);
    const deadbeef = [0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16];
    expect(deadbeef.map((_, i) => jump(0xdeadbeefn, i + 1))).toEqual(deadbeef);
    const coffee = [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15];
    expect(coffee.map((_, i) => jump(0x0ddc0ffeebadf00dn, i + 1))).toEqual(coffee);
  });

  it('should always equal the BigInt transcription of the paper on any 64-bit key', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 1 << 20 }), (key, n) => {
        expect(jump(key, n)).toBe(paperJump(key, n));
      }),
    );
  });

  it('should never move a key except to the new bucket when one bucket is appended (paper §2)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 5000 }), (key, n) => {
        const next = jump(key, n + 1);
        expect([jump(key, n), n]).toContain(next);
      }),
    );
  });
});

describe('createJump', () => {
  it('should refuse unequal weights and name the field', () => {
    expect(() =>
      createJump([
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
      ]),
    ).toThrow(/nodes: jump gives every bucket an equal share/);
  });

  it('should take replicas from the buckets after the owner', () => {
    const jumpNodes = createJump(['a', 'b', 'c', 'd'].map((id) => ({ id, weight: 1 })));
    const owner = jumpNodes.lookup('user:1');
    expect(jumpNodes.preference('user:1', 3, false)).toEqual([owner, (owner + 1) % 4, (owner + 2) % 4]);
  });
});
