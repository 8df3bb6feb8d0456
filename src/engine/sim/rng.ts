import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { assert } from '../errors.js';

/** Largest seed accepted: seeds are unsigned 32-bit integers (what xoroshiro128+ seeding takes). */
export const MAX_SEED = 0xffff_ffff;

const TWO_POW_32 = 4_294_967_296;

/**
 * A seeded stream of random numbers (xoroshiro128+, via pure-rand). `fork()` hands out an independent child stream
 * starting 2^64 draws away, so every node, the network and the clients draw from their own stream: adding a draw in
 * one never shifts another (pure-rand `jump()`; etcd's global election RNG is the counter-example).
 */
export class Rng {
  private constructor(
    private readonly gen: JumpableRandomGenerator,
    private readonly isFork = false,
  ) {}

  static fromSeed(seed: number): Rng {
    assert(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED, `seed must be an integer 0..${MAX_SEED}`);
    const gen = xoroshiro128plus(seed | 0);
    // The seeding leaves the state sparse (two words derived from the seed, two constants): a few draws mix it so
    // that neighbouring seeds give unrelated streams from the first value on.
    for (let i = 0; i < 16; i++) gen.next();
    return new Rng(gen);
  }

  /**
   * An independent child stream: it takes the next 2^64 draws of this stream and this stream jumps past them, so
   * forks are disjoint blocks. Only a root stream forks: a fork of a fork would start inside a sibling's block.
   */
  fork(): Rng {
    assert(!this.isFork, 'only a root Rng forks (forks of forks would overlap their siblings)');
    const child = this.gen.clone();
    this.gen.jump();
    return new Rng(child, true);
  }

  /** Uniform in [0, 1), 53 bits. */
  float(): number {
    const hi = (this.gen.next() >>> 0) & 0x3ffffff; // 26 bits
    const lo = (this.gen.next() >>> 0) & 0x7ffffff; // 27 bits
    return (hi * 134_217_728 + lo) / 9_007_199_254_740_992;
  }

  /** Uniform integer in [min, max] (both included); the range must fit in 2^32. */
  int(min: number, max: number): number {
    const size = max - min + 1;
    assert(Number.isInteger(min) && Number.isInteger(max) && size >= 1 && size <= TWO_POW_32, 'int: bad range');
    // Rejection sampling keeps the draw exactly uniform (pure-rand uniformIntInternal does the same).
    const limit = Math.floor(TWO_POW_32 / size) * size;
    let v = this.gen.next() >>> 0;
    while (v >= limit) v = this.gen.next() >>> 0;
    return min + (v % size);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.float() < p);
  }

  /** Standard normal draw (Box-Muller; one value per call keeps the stream position simple to reason about). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]: log(0) never happens
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential draw with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }
}
