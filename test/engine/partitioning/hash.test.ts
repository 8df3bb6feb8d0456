import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../../src/engine/partitioning/hash/md5.js';
import { murmur3x64, murmur3x86 } from '../../../src/engine/partitioning/hash/murmur3.js';
import { add64, mul64, rotl64, u64 } from '../../../src/engine/partitioning/hash/u64.js';

const hex32 = (n: number): string => n.toString(16).padStart(8, '0');

describe('md5Hex', () => {
  it('should give the RFC 1321 appendix A.5 test suite digests', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(md5Hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890')).toBe(
      '57edf4a22be3c955ac49da2e2107b67a',
    );
  });

  it('should always equal node:crypto on any string, including surrogates and block-boundary lengths', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ minLength: 50, maxLength: 140 })),
        (s) => {
          expect(md5Hex(s)).toBe(createHash('md5').update(s).digest('hex'));
        },
      ),
    );
  });
});

describe('murmur3x86', () => {
  it('should give the reference implementation vectors', () => {
    expect(hex32(murmur3x86(''))).toBe('00000000');
    expect(hex32(murmur3x86('', 1))).toBe('514e28b7');
    expect(hex32(murmur3x86('hello'))).toBe('248bfa47');
    expect(hex32(murmur3x86('The quick brown fox jumps over the lazy dog'))).toBe('2e4ff723');
  });
});

describe('murmur3x64', () => {
  it('should give the reference x64_128 vectors (h1, h2)', () => {
    const out = new Uint32Array(4);
    const digest = (s: string): string => {
      murmur3x64(s, out);
      return [...out].map(hex32).join('');
    };
    expect(digest('')).toBe('0'.repeat(32));
    expect(digest('hello')).toBe('cbd8a7b341bd9b025b1e906a48ae1d19');
    expect(digest('The quick brown fox jumps over the lazy dog')).toBe('e34bbc7bbc071b6c7a433ca9c49a9347');
  });
});

describe('u64', () => {
  const big = (hi: number, lo: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const M = (1n << 64n) - 1n;
  const word = fc.integer({ min: 0, max: 0xffffffff });

  it('should always agree with BigInt on multiply, add and rotate', () => {
    fc.assert(
      fc.property(word, word, word, word, fc.integer({ min: 1, max: 63 }), (ah, al, bh, bl, r) => {
        mul64(ah, al, bh, bl);
        expect(big(u64.hi, u64.lo)).toBe((big(ah, al) * big(bh, bl)) & M);
        add64(ah, al, bh, bl);
        expect(big(u64.hi, u64.lo)).toBe((big(ah, al) + big(bh, bl)) & M);
        rotl64(ah, al, r);
        const x = big(ah, al);
        expect(big(u64.hi, u64.lo)).toBe(((x << BigInt(r)) | (x >> BigInt(64 - r))) & M);
      }),
    );
  });
});
