import { z } from 'zod';
import { DIRECTORY_DEFAULTS } from '../engine/index.js';

/**
 * Lists of the range and directory layouts: what each shows by default (every range when at most 64, else hot and
 * heaviest; 64 split points; 32 hot ranges and moves; 50 moved keys and entries) and the most a caller may ask for.
 */
export const LAYOUT_LISTS = { ranges: 64, hotAndMoves: 32, keys: 50, max: 1024 } as const;

/** Input fields of both layouts, spread into hash_ring's input. */
export const LAYOUT_FIELDS = {
  list_limit: z
    .int()
    .min(1)
    .max(LAYOUT_LISTS.max)
    .optional()
    .describe(
      `range and directory: most items in each list of the layout, 1..${LAYOUT_LISTS.max}, to ask for more (or less) detail. Default: every range when at most ${LAYOUT_LISTS.ranges} (else the hot ones, then the heaviest, up to ${LAYOUT_LISTS.ranges}), ${LAYOUT_LISTS.ranges} split points, ${LAYOUT_LISTS.hotAndMoves} hot ranges and moves, ${LAYOUT_LISTS.keys} moved keys and directory entries. Given, every one of these lists keeps up to this many. The result still stays under about 15 000 tokens: a list cut to fit is named in output_trimmed.`,
    ),
};

const share = z.number().describe('Fraction, 0..1.');
const bound = z.string().nullable();

const rangeRow = z.object({
  index: z.int().describe('Position of the range in key order.'),
  start: z.string().describe('First key of the range (inclusive); "" = below every key.'),
  end: bound.describe('End of the range (exclusive); null = to the end of the key space.'),
  node: z.string(),
  replicas: z.array(z.string()).describe('Owner first, then the next nodes in list order.'),
  keys: z.int(),
  load: z.number(),
  load_share: share,
  hot: z.boolean().describe('Load over the hot threshold.'),
});

const scan = z.object({
  ranges: z.array(z.int()).describe('Indexes of the ranges the scan touches (a contiguous run).'),
  nodes: z.array(z.string()).describe('Nodes the scan must contact.'),
});

export const rangeOutput = z.object({
  key_source: z.enum(['keys', 'sample']),
  keys: z.int().describe('Distinct keys in the data set.'),
  total_load: z.number(),
  unit_loads: z.boolean().describe('True when every key weighs 1: loads are key counts.'),
  split_source: z.enum(['split_points', 'key_quantiles', 'load_quantiles']),
  split_points: z
    .array(z.string())
    .describe('Starts of ranges 1..N-1 before any hot-range split (the first 64, or list_limit).'),
  hot_threshold_load: z.number().describe('A range above this load is hot and is split.'),
  partitions: z.int(),
  partitions_after: z.int().optional().describe('Ranges after hot ranges were split; absent when none was.'),
  ranges: z
    .array(rangeRow)
    .describe(
      'The layout: every range when at most 64 (or list_limit), else the hot ones then the heaviest up to that many, in key order.',
    ),
  ranges_listed: z.enum(['all', 'hot_and_heaviest']),
  ranges_after: z.array(rangeRow).optional(),
  hot_ranges: z
    .array(
      z.object({
        index: z.int(),
        start: z.string(),
        end: bound,
        load: z.number(),
        load_share: share,
        split_at: z.array(z.string()).describe('Keys the range was cut at, in order.'),
        hot_key: z
          .object({ key: z.string(), load: z.number(), load_share: share })
          .optional()
          .describe('A single key over the threshold: no split can divide it.'),
      }),
    )
    .describe('Ranges over the threshold before splitting, heaviest first (at most 32, or list_limit).'),
  moves: z
    .array(
      z.object({
        start: z.string(),
        end: bound,
        from: z.string(),
        to: z.string(),
        keys: z.int(),
        load: z.number(),
      }),
    )
    .describe('Pieces of split ranges that changed node (the first 32, or list_limit).'),
  moved_keys: z.object({
    count: z.int(),
    key_fraction: share,
    load: z.number(),
    load_fraction: share,
    listed: z.array(z.string()).describe('The first moved keys in key order (50, or list_limit).'),
    outside_split_ranges: z.int().describe('Moved keys that were not in a split range (found key by key): 0.'),
  }),
  query: z
    .object({
      range_start: bound,
      range_end: bound,
      keys: z.int().describe('Keys of the data set in [range_start, range_end).'),
      load: z.number(),
      ...scan.shape,
      after: scan.optional().describe('The same scan on the layout after splitting.'),
      hash_nodes: z
        .int()
        .describe('Nodes a consistent-hash ring (100 vnodes) scatters the same keys over: all must be asked.'),
    })
    .optional(),
  split_budget_exhausted: z.boolean(),
});

const entryRow = z.object({ key: z.string().optional(), prefix: z.string().optional(), node: z.string() });

export const directoryOutput = z.object({
  default_algorithm: z.enum(DIRECTORY_DEFAULTS),
  entries: z.int(),
  key_entries: z.int(),
  prefix_entries: z.int(),
  entries_after: z.int().optional(),
  table_bytes: z.int().describe('UTF-8 keys and prefixes plus a 2-byte node number per entry.'),
  listed_entries: z.array(entryRow).describe('Entries after the moves (the first 50, or list_limit).'),
  moves: z.array(
    z.object({
      key: z.string().optional(),
      prefix: z.string().optional(),
      from: z.string().nullable().describe('The node the entry pointed to; null when the move created it.'),
      to: z.string(),
      keys_moved: z
        .array(z.string())
        .describe('Known keys (given, or pinned by an entry) that changed node (the first 50, or list_limit).'),
      keys_moved_total: z.int(),
      sampled_keys_moved: z.int(),
    }),
  ),
  unrequested_moves: z
    .int()
    .describe('Keys (known and sampled) that changed node although no requested move governs them: 0.'),
  sampled_keys_routed_by_entries: z.int(),
  replication: z.object({
    replicas: z.int(),
    update_quorum: z.int().describe('Copies that must acknowledge a directory update (a majority).'),
    update_failures_tolerated: z.int(),
    lookup_failures_tolerated: z.int().describe('Copies that may fail while lookups are answered (maybe stale).'),
    warnings: z.array(z.string()),
  }),
});
