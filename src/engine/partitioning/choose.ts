import { assert, configError } from '../errors.js';
import { startEvidence } from './choose-evidence.js';
import type { SequentialEvidence } from './choose-sequential.js';
import { commonWarnings, reasonsFor, rejected } from './choose-text.js';
import { planDirectory, type DirectoryPlan } from './directory/plan.js';
import { checkNodes, type RingNode } from './nodes.js';
import { planHashPlacement, type HashPlacement } from './placement.js';
import type { RangePartitioning } from './range/plan.js';
import type { IncrementalJob } from './sample.js';

/** What a user says about their keys and access pattern: the inputs that decide between the seed's three schemes. */
export interface PartitioningNeeds {
  readonly nodes: readonly RingNode[];
  /** Scans over key order (time ranges, prefixes, pagination) are part of the workload. */
  readonly rangeQueries?: boolean | undefined;
  /** Zipf exponent of key popularity: 0 = even, about 1 = typical web traffic; used for the seeded sample. */
  readonly loadSkew?: number | undefined;
  /** New keys arrive in increasing order (timestamps, auto-increment ids). */
  readonly sequentialKeys?: boolean | undefined;
  /** Some keys or tenants must live on nodes the operator chooses. */
  readonly manualPlacement?: boolean | undefined;
  /** The user's keys and loads, when known; else a seeded sample of `sampleKeys` keys. */
  readonly keys?: readonly string[] | undefined;
  readonly keyLoads?: readonly number[] | undefined;
  readonly partitions?: number | undefined;
  readonly sampleKeys?: number | undefined;
  readonly seed?: number | undefined;
}

export type PartitioningScheme = 'hash' | 'range' | 'directory';

/** The same keys and loads measured under each scheme: what the choice rests on. */
export interface PartitioningEvidence {
  readonly keys: number;
  /** A scan over the first tenth of the keys in key order: nodes it contacts under each scheme. */
  readonly scanNodesHash: number;
  readonly scanNodesRange: number;
  /** Most loaded node over its fair share, with the given or sampled loads. */
  readonly maxOverMeanHash: number;
  readonly maxOverMeanRange: number;
  /** The same for range after hot ranges are split (equal to the above when none is hot). */
  readonly maxOverMeanRangeAfterSplits: number;
  readonly hotRanges: number;
  /** The single key with the most load, and its share: no scheme can split one key. */
  readonly hottestKey: { readonly key: string; readonly share: number };
  /** Fraction of keys a hash ring moves when one node joins, exact over the hash space, and the ideal. */
  readonly movedOnJoinHash: number;
  readonly idealOnJoin: number;
  /** With keys arriving in order: inserts measured on a sequence under plain ranges, bucketed ranges and hashing. */
  readonly sequential?: SequentialEvidence | undefined;
}

export interface PartitioningChoice {
  readonly scheme: PartitioningScheme;
  /** The hash_ring algorithm that computes it: "ring", "range" or "directory". */
  readonly algorithm: 'ring' | 'range' | 'directory';
  readonly reasons: readonly string[];
  readonly rejected: readonly { readonly scheme: PartitioningScheme; readonly why: string }[];
  readonly warnings: readonly string[];
  readonly evidence: PartitioningEvidence;
  /**
   * Ranges over keys arriving in order: prefix each key with one of this many hash buckets (computed from the key),
   * so inserts spread over a tail range per bucket instead of one; every scan then asks each bucket.
   */
  readonly keyBuckets?: number | undefined;
  /** The computed layout of the chosen scheme. */
  readonly range?: RangePartitioning | undefined;
  readonly hash?: HashPlacement | undefined;
  readonly directory?: DirectoryPlan | undefined;
}

/** The work of a choice, one phase a slice: each takes well under 100 ms at 1000 nodes and 10 000 keys. */
type Phase = (budget: number) => boolean;

/**
 * Chooses hashing, ranges or a directory from the user's needs and measures the same keys under each: manual
 * placement needs a directory (nothing else can put a chosen key on a chosen node); range scans need ordered ranges
 * (hashing scatters a scan over every node); otherwise hashing spreads load and moves the least on a change. An
 * incremental job, so a tool can report progress and cancel between its phases.
 */
export function planPartitioningChoice(needs: PartitioningNeeds): IncrementalJob & { result(): PartitioningChoice } {
  checkNodes(needs.nodes);
  if (needs.keys !== undefined && needs.keys.length > 0 && needs.loadSkew !== undefined) {
    throw configError('load_skew', 'load_skew shapes sampled keys; with keys given, give their loads instead');
  }
  const seed = needs.seed ?? 0;
  const sampleKeys = needs.sampleKeys ?? 10_000;
  const scheme: PartitioningScheme = needs.manualPlacement ? 'directory' : needs.rangeQueries ? 'range' : 'hash';
  const measuring = startEvidence(needs, seed, sampleKeys);
  // The chosen scheme's own layout (ranges come with the evidence).
  let hash: ReturnType<typeof planHashPlacement> | undefined;
  let directory: ReturnType<typeof planDirectory> | undefined;
  const phases: Phase[] = [
    ...measuring.phases,
    () => {
      if (scheme === 'hash') hash = hashLayout(needs, seed, sampleKeys);
      if (scheme === 'directory') directory = directoryLayout(needs, seed, sampleKeys);
      return true;
    },
    (budget) => (hash ?? directory)?.advance(budget) ?? true,
  ];
  let next = 0;
  return {
    advance(budget) {
      if (next < phases.length && (phases[next] as Phase)(budget)) next++;
      return next >= phases.length;
    },
    progress: () => ({
      done: next,
      total: phases.length,
      message: `choosing the partitioning (${next} of ${phases.length} steps)`,
    }),
    result() {
      assert(next >= phases.length, 'the choice is read after its last phase');
      const { evidence, range } = measuring.result();
      const keyBuckets = scheme === 'range' ? bucketsFor(evidence.sequential) : undefined;
      const common = {
        reasons: reasonsFor(scheme, needs, evidence, keyBuckets),
        rejected: rejected(scheme, needs, evidence),
        warnings: commonWarnings(needs, evidence, keyBuckets),
        evidence,
      };
      if (scheme === 'range') return { scheme, algorithm: 'range', ...common, keyBuckets, range };
      if (scheme === 'directory') return { scheme, algorithm: 'directory', ...common, directory: directory?.result() };
      return { scheme, algorithm: 'ring', ...common, hash: hash?.result() };
    },
  };
}

/**
 * Ranges with keys arriving in order take hash-bucket prefixes when the measured inserts say so: spread over the
 * buckets' tail ranges the busiest node takes less than with every insert on the last range.
 */
function bucketsFor(s: SequentialEvidence | undefined): number | undefined {
  return s && s.buckets > 1 && s.insertMaxOverMeanBucketed < s.insertMaxOverMeanRange ? s.buckets : undefined;
}

/** The choice in one call (the library's face): the job above, run to its end. */
export function choosePartitioning(needs: PartitioningNeeds): PartitioningChoice {
  const job = planPartitioningChoice(needs);
  while (!job.advance(1_000_000));
  return job.result();
}

function hashLayout(needs: PartitioningNeeds, seed: number, sampleKeys: number): ReturnType<typeof planHashPlacement> {
  return planHashPlacement({
    algorithm: 'ring',
    nodes: needs.nodes,
    keys: needs.keys?.slice(0, 256),
    sampleKeys,
    seed,
  });
}

function directoryLayout(needs: PartitioningNeeds, seed: number, sampleKeys: number): ReturnType<typeof planDirectory> {
  return planDirectory({ nodes: needs.nodes, keys: needs.keys?.slice(0, 256), sampleKeys, seed });
}
