import { z } from 'zod';
import {
  DEFAULT_VIRTUAL_NODES,
  KEY_BUCKETS,
  RANGE_LIMITS,
  type PartitioningChoice,
  type SequentialEvidence,
} from '../engine/index.js';

/** What the caller says about their data: it picks hashing, ranges or a directory for a sharded design. */
export const partitioningNeeds = z
  .strictObject({
    range_queries: z
      .boolean()
      .default(false)
      .describe('true if clients scan keys in order (time ranges, prefixes, pagination): favours range partitioning.'),
    load_skew: z
      .number()
      .min(0)
      .max(RANGE_LIMITS.maxLoadSkew)
      .optional()
      .describe(
        `How skewed key popularity is, as a Zipf exponent 0..${RANGE_LIMITS.maxLoadSkew} (0 even, about 1 typical web traffic); the layouts are measured on a seeded sample with it.`,
      ),
    sequential_keys: z
      .boolean()
      .default(false)
      .describe('true if new keys arrive in increasing order (timestamps, auto-increment ids): a hot last range.'),
    manual_placement: z
      .boolean()
      .default(false)
      .describe('true if some keys or tenants must live on nodes the operator chooses: needs a directory.'),
  })
  .describe(
    'partitioning and transaction only: what the data needs; decides between consistent hashing, ranges and a directory.',
  );

const share = z.number().describe('Fraction, 0..1.');

/** Ranges of a range layout listed by default (list_limit changes it). */
export const DESIGN_RANGES_LISTED = 32;

export const partitioningOutput = z
  .object({
    scheme: z.enum(['consistent_hashing', 'range', 'directory']),
    reasons: z.array(z.string()),
    rejected: z.array(z.object({ scheme: z.string(), why: z.string() })),
    evidence: z
      .object({
        keys: z.int(),
        scan_nodes_range: z.int().describe('Nodes a scan over a tenth of the keys contacts under ranges.'),
        scan_nodes_hash: z.int().describe('The same scan under consistent hashing.'),
        max_over_mean_hash: z.number(),
        max_over_mean_range: z.number(),
        max_over_mean_range_after_splits: z.number(),
        hot_ranges: z.int(),
        hottest_key: z.object({ key: z.string(), share }),
        moved_on_join_hash: share,
        ideal_on_join: share,
        sequential: z
          .object({
            stored_keys: z.int().describe('Keys of an increasing sequence the layouts are cut from.'),
            inserts: z.int().describe('The next keys of the sequence, each looked up in each layout.'),
            insert_ranges_plain: z.int().describe('Ranges the inserts land on with plain keys: 1, the last.'),
            insert_nodes_plain: z.int(),
            insert_max_over_mean_plain: z.number().describe('Busiest node over its fair share of the inserts.'),
            buckets: z
              .int()
              .describe(`Hash buckets of the prefixed keys (${KEY_BUCKETS}, or the node count when fewer).`),
            insert_ranges_bucketed: z.int().describe('Ranges the inserts land on with bucket-prefixed keys.'),
            insert_nodes_bucketed: z.int(),
            insert_max_over_mean_bucketed: z.number(),
            insert_max_over_mean_hash: z
              .number()
              .describe("The ring's busiest node over its fair share, exact: keys in order hash like any others."),
            scan_nodes_plain: z.int().describe('Nodes a scan over the first tenth of the sequence asks, plain keys.'),
            scan_ranges_bucketed: z.int().describe('Ranges the same scan asks with bucketed keys (every bucket).'),
            scan_nodes_bucketed: z.int(),
            scan_nodes_hash: z.int(),
          })
          .optional()
          .describe(
            'sequential_keys: inserts measured on a key sequence under plain ranges, bucketed ranges, hashing.',
          ),
      })
      .describe('The same keys and loads (seeded sample) measured under each scheme.'),
    layout: z
      .object({
        ranges: z
          .array(
            z.object({
              start: z.string(),
              end: z.string().nullable(),
              node: z.string(),
              load_share: share,
              hot: z.boolean(),
            }),
          )
          .optional()
          .describe(
            `range: the ranges and their owners, the first ${DESIGN_RANGES_LISTED} in key order (or list_limit).`,
          ),
        ranges_after_splits: z.int().optional(),
        key_prefix_buckets: z
          .int()
          .optional()
          .describe(
            'range with sequential_keys: prefix each key with one of this many hash buckets (from a hash of the key) and pre-split at the bucket boundaries; the ranges above are cut from sampled stored keys.',
          ),
        keys_moved_by_splits_fraction: share.optional(),
        directory_replicas: z.int().optional(),
        directory_update_quorum: z.int().optional(),
        virtual_nodes: z.int().optional(),
        max_over_mean: z.number().optional(),
        moved_on_join: share.optional(),
      })
      .describe('The computed layout of the chosen scheme (hash_ring computes it in full).'),
    hash_ring_arguments: z
      .record(z.string(), z.unknown())
      .describe('Arguments for hash_ring that compute this layout in full (nodes node-1..node-n).'),
  })
  .describe('Sharded designs: how keys are split, why, and the layout.');

const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export function partitioningOut(
  c: PartitioningChoice,
  nodes: number,
  needs: { readonly load_skew?: number | undefined },
  seed: number,
  listLimit: number | undefined,
): z.input<typeof partitioningOutput> {
  const e = c.evidence;
  const scheme = c.scheme === 'hash' ? 'consistent_hashing' : c.scheme;
  const range = c.range;
  const layout: z.input<typeof partitioningOutput>['layout'] = range
    ? {
        ranges: range.before.slice(0, listLimit ?? DESIGN_RANGES_LISTED).map((r) => ({
          start: r.start,
          end: r.end ?? null,
          node: r.node,
          load_share: r4(r.load / range.totalLoad),
          hot: r.hot,
        })),
        ...(range.after ? { ranges_after_splits: range.after.length } : {}),
        ...(c.keyBuckets !== undefined ? { key_prefix_buckets: c.keyBuckets } : {}),
        keys_moved_by_splits_fraction: r4(range.movedKeys.length / Math.max(1, range.keyCount)),
      }
    : c.directory
      ? {
          directory_replicas: c.directory.replication.replicas,
          directory_update_quorum: c.directory.replication.updateQuorum,
          virtual_nodes: DEFAULT_VIRTUAL_NODES,
        }
      : {
          virtual_nodes: DEFAULT_VIRTUAL_NODES,
          max_over_mean: r4(c.hash?.balance.maxOverMean ?? 0),
          moved_on_join: r4(e.movedOnJoinHash),
        };
  return {
    scheme,
    reasons: [...c.reasons],
    rejected: c.rejected.map((r) => ({ scheme: r.scheme === 'hash' ? 'consistent_hashing' : r.scheme, why: r.why })),
    evidence: {
      keys: e.keys,
      scan_nodes_range: e.scanNodesRange,
      scan_nodes_hash: e.scanNodesHash,
      max_over_mean_hash: r4(e.maxOverMeanHash),
      max_over_mean_range: r4(e.maxOverMeanRange),
      max_over_mean_range_after_splits: r4(e.maxOverMeanRangeAfterSplits),
      hot_ranges: e.hotRanges,
      hottest_key: { key: e.hottestKey.key, share: r4(e.hottestKey.share) },
      moved_on_join_hash: r4(e.movedOnJoinHash),
      ideal_on_join: r4(e.idealOnJoin),
      ...(e.sequential ? { sequential: sequentialOut(e.sequential) } : {}),
    },
    layout,
    hash_ring_arguments: {
      nodes: Array.from({ length: Math.min(nodes, 1000) }, (_, i) => `node-${i + 1}`),
      algorithm: c.algorithm,
      seed,
      ...(c.algorithm === 'range' && needs.load_skew !== undefined ? { load_skew: needs.load_skew } : {}),
    },
  };
}

function sequentialOut(
  s: SequentialEvidence,
): NonNullable<z.input<typeof partitioningOutput>['evidence']['sequential']> {
  return {
    stored_keys: s.storedKeys,
    inserts: s.inserts,
    insert_ranges_plain: s.insertRangesRange,
    insert_nodes_plain: s.insertNodesRange,
    insert_max_over_mean_plain: r4(s.insertMaxOverMeanRange),
    buckets: s.buckets,
    insert_ranges_bucketed: s.insertRangesBucketed,
    insert_nodes_bucketed: s.insertNodesBucketed,
    insert_max_over_mean_bucketed: r4(s.insertMaxOverMeanBucketed),
    insert_max_over_mean_hash: r4(s.insertMaxOverMeanHash),
    scan_nodes_plain: s.scanNodesRange,
    scan_ranges_bucketed: s.scanRangesBucketed,
    scan_nodes_bucketed: s.scanNodesBucketed,
    scan_nodes_hash: s.scanNodesHash,
  };
}
