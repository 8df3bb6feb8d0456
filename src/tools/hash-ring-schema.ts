import { z } from 'zod';
import {
  DEFAULT_DIRECTORY_REPLICAS,
  DEFAULT_EPSILON,
  DEFAULT_HOT_LOAD_FACTOR,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_SAMPLE_KEYS,
  DEFAULT_VIRTUAL_NODES,
  DIRECTORY_DEFAULTS,
  DIRECTORY_LIMITS,
  HASH_ALGORITHMS,
  PARTITIONING_ALGORITHMS,
  RANGE_LIMITS,
  RING_LIMITS,
} from '../engine/index.js';
import { toolInput } from './define-tool.js';
import { LAYOUT_FIELDS, directoryOutput, rangeOutput } from './hash-ring-layout-schema.js';

/** Directory entries and moves one call may carry (the engine takes more; this bounds the request size). */
export const TOOL_DIRECTORY_ENTRIES = 1000;
export const TOOL_DIRECTORY_MOVES = 100;

const L = RING_LIMITS;
const nodeId = z.string().min(1).max(L.maxIdLength).describe(`Node id, 1..${L.maxIdLength} characters.`);
const weight = z
  .number()
  .positive()
  .max(L.maxWeight)
  .describe(`Relative capacity, > 0 and <= ${L.maxWeight}; default 1. A node of weight 2 should own twice the keys.`);
const nodeEntry = z.union([
  nodeId,
  z.strictObject({
    id: nodeId,
    weight: weight.default(1),
    zone: z.string().min(1).max(64).optional().describe('Failure domain (rack, zone, region), 1..64 characters.'),
  }),
]);
const nodeList = (what: string, max: number) =>
  z.array(nodeEntry).max(max).describe(`${what}: names, or {id, weight, zone} objects; at most ${max}.`);

const entryText = z.string().min(1).max(DIRECTORY_LIMITS.maxEntryLength).optional();

const RANGE_FIELDS = {
  key_loads: z
    .array(z.number().min(0).max(RANGE_LIMITS.maxKeyLoad))
    .max(L.maxKeys)
    .optional()
    .describe(
      `range: the load of each of keys, same order and length (requests/s, bytes, any one unit), 0..${RANGE_LIMITS.maxKeyLoad}; default 1 each.`,
    ),
  load_skew: z
    .number()
    .min(0)
    .max(RANGE_LIMITS.maxLoadSkew)
    .optional()
    .describe(
      `range with the seeded sample: Zipf exponent of the sampled keys' loads, 0..${RANGE_LIMITS.maxLoadSkew} (0 = equal loads, 1 = classic Zipf); hot keys land at random places in key order.`,
    ),
  partitions: z
    .int()
    .min(1)
    .max(RANGE_LIMITS.maxPartitions)
    .optional()
    .describe(`range: ranges to cut the keys into, 1..${RANGE_LIMITS.maxPartitions}; default one per node.`),
  split_points: z
    .array(z.string().min(1).max(RANGE_LIMITS.maxKeyLength))
    .max(RANGE_LIMITS.maxPartitions - 1)
    .optional()
    .describe(
      `range: explicit split points, strictly increasing in byte order; each starts a range (the first range starts below every key). At most ${RANGE_LIMITS.maxPartitions - 1}.`,
    ),
  split_by: z
    .enum(['keys', 'load'])
    .optional()
    .describe(
      'range without split_points: cut at quantiles of key count (equal data per range, as size-based splitting does; default) or of load.',
    ),
  hot_load_factor: z
    .number()
    .min(1)
    .max(100)
    .optional()
    .describe(
      `range: a range is hot (and is split) when its load exceeds this many times the mean range load, 1..100; default ${DEFAULT_HOT_LOAD_FACTOR}.`,
    ),
  hot_load_threshold: z
    .number()
    .positive()
    .max(1e15)
    .optional()
    .describe('range: an absolute hot threshold in the unit of the loads (instead of hot_load_factor), > 0.'),
  range_start: z
    .string()
    .min(1)
    .max(RANGE_LIMITS.maxKeyLength)
    .optional()
    .describe('range: a scan from this key (inclusive); without it the scan starts at the first key.'),
  range_end: z
    .string()
    .min(1)
    .max(RANGE_LIMITS.maxKeyLength)
    .optional()
    .describe('range: a scan up to this key (exclusive); without it the scan runs to the last key.'),
};

const DIRECTORY_FIELDS = {
  directory: z
    .array(
      z.strictObject({
        key: entryText.describe('One key routed by this entry.'),
        prefix: entryText.describe('Every key starting with this prefix (a longer prefix or an exact key wins).'),
        node: z.string().min(1).max(L.maxIdLength).describe('The node the key or prefix lives on: one of nodes.'),
      }),
    )
    .max(TOOL_DIRECTORY_ENTRIES)
    .optional()
    .describe(
      `directory: the routing table, {key, node} or {prefix, node} entries (exactly one of key and prefix, 1..${DIRECTORY_LIMITS.maxEntryLength} characters), at most ${TOOL_DIRECTORY_ENTRIES}. Keys no entry matches go to directory_default.`,
    ),
  directory_default: z
    .enum(DIRECTORY_DEFAULTS)
    .optional()
    .describe('directory: the hash placement behind the table, for keys no entry matches; default ring.'),
  move_keys: z
    .array(
      z.strictObject({
        key: entryText.describe('Re-route this single key (creating its entry if needed).'),
        prefix: entryText.describe('Re-route this prefix (creating its entry if needed).'),
        to: z.string().min(1).max(L.maxIdLength).describe('The node it moves to: one of nodes.'),
      }),
    )
    .max(TOOL_DIRECTORY_MOVES)
    .optional()
    .describe(
      `directory: entries to re-route, {key, to} or {prefix, to}, at most ${TOOL_DIRECTORY_MOVES}; the result shows which keys move and checks that nothing else does.`,
    ),
  directory_replicas: z
    .int()
    .min(1)
    .max(DIRECTORY_LIMITS.maxDirectoryReplicas)
    .optional()
    .describe(
      `directory: copies of the directory itself, 1..${DIRECTORY_LIMITS.maxDirectoryReplicas}; default ${DEFAULT_DIRECTORY_REPLICAS}. Updates need a majority of them.`,
    ),
};

export const inputSchema = toolInput({
  nodes: nodeList('The nodes keys are placed on', L.maxNodes).min(1),
  algorithm: z
    .enum(PARTITIONING_ALGORITHMS)
    .default('ring')
    .describe(
      "ring: consistent hashing with virtual nodes; ketama: libketama/memcached-compatible (MD5, 160 points per server); jump: Lamping-Veach jump hash (no weights, append-only); rendezvous: weighted highest-random-weight; maglev: Maglev lookup table; bounded_load: consistent hashing with a load cap of ceil((1+epsilon) x keys / nodes); range: ordered key ranges with loads, hot-range splitting and range scans; directory: an explicit key/prefix routing table in front of a hash placement, with moves and the directory's own replication.",
    ),
  virtual_nodes: z
    .int()
    .min(1)
    .max(L.maxVirtualNodes)
    .optional()
    .describe(
      `ring and bounded_load (and directory over ring) only: points per node of weight 1, 1..${L.maxVirtualNodes}; default ${DEFAULT_VIRTUAL_NODES}.`,
    ),
  keys: z
    .array(z.string().min(1).max(L.maxKeyLength))
    .max(L.maxKeys)
    .default([])
    .describe(
      `Keys to look up (each 1..${L.maxKeyLength} characters), at most ${L.maxKeys}. range: the data set itself (each key once); without keys range uses the seeded sample.`,
    ),
  replicas: z
    .int()
    .min(1)
    .max(L.maxReplicas)
    .default(1)
    .describe(`Nodes in each key's preference list, owner first, 1..${L.maxReplicas} (at most the node count).`),
  distinct_zones: z
    .boolean()
    .optional()
    .describe('Place no two replicas of a key in one zone. Defaults to true when the nodes have zones.'),
  add_nodes: nodeList('Nodes that join (movement is computed against the current nodes)', 100).optional(),
  remove_nodes: z.array(nodeId).max(L.maxNodes).optional().describe('Ids of nodes that leave.'),
  reweight_nodes: z
    .array(z.strictObject({ id: nodeId, weight }))
    .max(L.maxNodes)
    .optional()
    .describe('Nodes whose weight changes: {id, weight}.'),
  sample_keys: z
    .int()
    .min(1)
    .max(L.maxSampleKeys)
    .default(DEFAULT_SAMPLE_KEYS)
    .describe(
      `Seeded random keys used for balance and movement where they cannot be computed exactly, 1..${L.maxSampleKeys}; range without keys: the data set the ranges are cut from.`,
    ),
  epsilon: z
    .number()
    .positive()
    .max(10)
    .optional()
    .describe(
      `bounded_load only: headroom over the mean load, (0, 10]; default ${DEFAULT_EPSILON} (cap = ceil((1+epsilon) x keys / nodes)).`,
    ),
  maglev_table_size: z
    .int()
    .min(2)
    .max(L.maxTableSize)
    .optional()
    .describe(
      `maglev (and directory over maglev) only: a prime table size M, at least the node count, ideally > 100 x nodes; default ${DEFAULT_MAGLEV_TABLE_SIZE}.`,
    ),
  seed: z
    .int()
    .min(0)
    .max(0xffffffff)
    .default(0)
    .describe('Seed of the key sample, 0..2^32-1; same seed, same answer.'),
  ...RANGE_FIELDS,
  ...DIRECTORY_FIELDS,
  ...LAYOUT_FIELDS,
  compare: z
    .boolean()
    .default(false)
    .describe(
      'Also run every hash algorithm on the same nodes and sample: balance, movement when one node joins, memory, lookup cost. Not for range or directory.',
    ),
});

export type Input = z.output<typeof inputSchema>;

const share = z.number().describe('Fraction of keys, 0..1.');
const SHARE_METHODS = ['exact_hash_space', 'exact_table', 'sampled', 'key_load'] as const;
const balanceSchema = z.object({
  method: z
    .enum(SHARE_METHODS)
    .describe('How shares were found; key_load (range): exactly over the loads of the keys given or sampled.'),
  max_over_mean: z.number().describe('Most loaded node: share / fair share (weight share).'),
  cv: z.number().describe('Coefficient of variation of share / fair share over nodes.'),
  sampled_max_over_mean: z.number().describe('The same over the sampled keys (range: over key counts, the data held).'),
  sampled_cv: z.number(),
  sample_keys: z.int(),
  sampling_noise_cv: z.number().describe('CV a perfect hash shows on this sample: sqrt((n-1)/keys).'),
  theory_cv: z
    .number()
    .nullable()
    .describe('ring/ketama, equal weights: sqrt((n-1)/(n v+1)) for v random points per node.'),
  per_node: z.array(
    z.object({
      node: z.string(),
      weight: z.number(),
      zone: z.string().optional(),
      share,
      expected_share: share,
      sampled_keys: z.int(),
    }),
  ),
  per_node_listed: z.enum(['all', 'most_and_least_loaded']),
});

export const outputSchema = z.object({
  algorithm: z.enum(PARTITIONING_ALGORITHMS),
  seed: z.int(),
  hashing: z.string().describe('How keys and nodes are hashed, precisely enough to reimplement.'),
  node_count: z.int(),
  node_count_after: z.int().optional(),
  distinct_zones: z.boolean(),
  assignments: z.array(
    z.object({
      key: z.string(),
      node: z.string(),
      replicas: z.array(z.string()).describe('Preference list, owner first.'),
      node_after: z.string().optional(),
      replicas_after: z.array(z.string()).optional(),
      moved: z.boolean().optional(),
      range: z.int().optional().describe('range: index of the range holding the key.'),
      range_after: z.int().optional(),
      via: z.enum(['key', 'prefix', 'default']).optional().describe('directory: what routed the key.'),
      entry: z.string().optional().describe('directory: the key or prefix of the deciding entry.'),
      via_after: z.enum(['key', 'prefix', 'default']).optional(),
      entry_after: z.string().optional(),
    }),
  ),
  balance: balanceSchema,
  balance_after: balanceSchema.optional(),
  movement: z
    .object({
      method: z.enum(SHARE_METHODS),
      added: z.array(z.string()),
      removed: z.array(z.string()),
      reweighted: z.array(z.string()),
      moved_fraction: share,
      sampled_moved_fraction: share,
      ideal_fraction: share.describe('The least any placement must move: total variation between fair shares.'),
      churn_fraction: share.describe('Moves not from a shrinking node to a growing one (0 for minimal disruption).'),
      moves: z.array(z.object({ from: z.string(), to: z.string(), fraction: share, sampled_keys: z.int() })),
      moves_total: z.int(),
    })
    .optional(),
  compare: z
    .array(
      z.object({
        algorithm: z.enum(HASH_ALGORITHMS),
        supported: z.boolean(),
        note: z
          .string()
          .optional()
          .describe('Why the algorithm is unsupported here, or why its movement figures are missing.'),
        balance_method: z.string().optional(),
        max_over_mean: z.number().optional(),
        cv: z.number().optional(),
        movement_method: z.string().optional(),
        moved_fraction_add_one: share.optional(),
        ideal_fraction_add_one: share.optional(),
        churn_fraction_add_one: share.optional(),
        memory_bytes: z.int().optional(),
        steps_per_lookup: z
          .number()
          .optional()
          .describe(
            'Search iterations, probes or node scores per lookup (deterministic cost proxy; wall-clock lookups/s are in the benchmark).',
          ),
      }),
    )
    .optional(),
  range: rangeOutput.optional(),
  directory: directoryOutput.optional(),
  memory_bytes: z
    .int()
    .describe(
      'Bytes of the lookup structure (typed arrays), node names excluded; range: split points plus owners; directory: the table plus the default placement.',
    ),
  steps_per_lookup: z.number(),
  notes: z
    .array(z.string())
    .describe(
      'When to prefer this algorithm (with compare: every algorithm, the chosen one first), and warnings about this layout.',
    ),
  summary: z.string(),
});

export type Output = z.input<typeof outputSchema>;
