import { fmix32 } from './hash/murmur3.js';
import type { RingNode } from './nodes.js';
import type { Partitioner } from './partitioner.js';

/**
 * Work done in slices: `advance(budget)` handles at most `budget` keys and says whether all are done. The tool layer
 * drives it (progress, cancellation); the engine stays synchronous and pure.
 */
export interface IncrementalJob {
  advance(budget: number): boolean;
  progress(): { readonly done: number; readonly total?: number; readonly message?: string };
}

/**
 * The i-th sample key of a seed: "k" and 16 hex digits from a counter-based mix (fmix32 of seed and index), so any key
 * can be made without the ones before it and the same seed always gives the same sample.
 */
export function sampleKey(seed: number, index: number): string {
  const a = fmix32((Math.imul(index, 0x9e3779b1) ^ seed) >>> 0);
  const b = fmix32((a ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(seed, 0xc2b2ae35)) >>> 0);
  return `k${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Node ids of two memberships in one numbering, so owners before and after a change compare as integers. */
export interface IdSpace {
  readonly ids: readonly string[];
  readonly ofBefore: Int32Array;
  readonly ofAfter: Int32Array;
}

export function idSpace(before: readonly RingNode[], after: readonly RingNode[]): IdSpace {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const number = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  const ofBefore = Int32Array.from(before, (n) => number(n.id));
  const ofAfter = Int32Array.from(after, (n) => number(n.id));
  return { ids, ofBefore, ofAfter };
}

/** Keys per node before (and after) a change, and the keys that changed owner, by (from, to) in the id space. */
export interface SampledPlacement {
  readonly keys: number;
  readonly countsBefore: Uint32Array;
  readonly countsAfter: Uint32Array | undefined;
  readonly moved: number;
  /** `from * ids.length + to` -> keys that moved that way. */
  readonly moves: Map<number, number>;
}

export interface SampleJobSpec {
  readonly before: Partitioner;
  readonly after?: Partitioner | undefined;
  readonly space: IdSpace;
  readonly sampleKeys: number;
  readonly seed: number;
}

/** Looks up the seeded sample in `before` (and `after`), a slice at a time. Keys arrive in index order. */
export function createSampleJob(spec: SampleJobSpec): IncrementalJob & { result(): SampledPlacement } {
  const { before, after, space, sampleKeys, seed } = spec;
  const countsBefore = new Uint32Array(before.nodes.length);
  const countsAfter = after ? new Uint32Array(after.nodes.length) : undefined;
  const moves = new Map<number, number>();
  const idCount = space.ids.length;
  let done = 0;
  let moved = 0;
  return {
    advance(budget) {
      const end = Math.min(sampleKeys, done + budget);
      for (; done < end; done++) {
        const key = sampleKey(seed, done);
        const owner = before.lookup(key);
        countsBefore[owner] = (countsBefore[owner] ?? 0) + 1;
        if (!after || !countsAfter) continue;
        const next = after.lookup(key);
        countsAfter[next] = (countsAfter[next] ?? 0) + 1;
        const from = space.ofBefore[owner] ?? 0;
        const to = space.ofAfter[next] ?? 0;
        if (from !== to) {
          moved++;
          moves.set(from * idCount + to, (moves.get(from * idCount + to) ?? 0) + 1);
        }
      }
      return done >= sampleKeys;
    },
    progress: () => ({ done, total: sampleKeys, message: `${before.algorithm}: ${done} of ${sampleKeys} sample keys` }),
    result: () => ({ keys: done, countsBefore, countsAfter, moved, moves }),
  };
}
