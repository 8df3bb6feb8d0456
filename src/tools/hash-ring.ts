import { z } from 'zod';
import {
  DEFAULT_EPSILON,
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_SAMPLE_KEYS,
  DEFAULT_VIRTUAL_NODES,
  HASH_ALGORITHMS,
  RING_LIMITS,
  configError,
  planComparison,
  planHashPlacement,
  type HashAlgorithm,
  type RingNode,
} from '../engine/index.js';
import { PURE_TOOL, defineTool, toolInput, type ToolContext } from './define-tool.js';
import { ALGORITHM_NOTES, comparisonOutput, placementOutput, summarize } from './hash-ring-output.js';
import { runInSlices } from './long-work.js';

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

export const inputSchema = toolInput({
  nodes: nodeList('The nodes keys are placed on', L.maxNodes).min(1),
  algorithm: z
    .enum(HASH_ALGORITHMS)
    .default('ring')
    .describe(
      'ring: consistent hashing with virtual nodes; ketama: libketama/memcached-compatible (MD5, 160 points per server); jump: Lamping-Veach jump hash (no weights, append-only); rendezvous: weighted highest-random-weight; maglev: Maglev lookup table; bounded_load: consistent hashing with a load cap of ceil((1+epsilon) x keys / nodes).',
    ),
  virtual_nodes: z
    .int()
    .min(1)
    .max(L.maxVirtualNodes)
    .optional()
    .describe(
      `ring and bounded_load only: points per node of weight 1, 1..${L.maxVirtualNodes}; default ${DEFAULT_VIRTUAL_NODES}.`,
    ),
  keys: z
    .array(z.string().min(1).max(L.maxKeyLength))
    .max(L.maxKeys)
    .default([])
    .describe(`Keys to look up (each 1..${L.maxKeyLength} characters), at most ${L.maxKeys}.`),
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
      `Seeded random keys used for balance and movement where they cannot be computed exactly, 1..${L.maxSampleKeys}.`,
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
      `maglev only: a prime table size M, at least the node count, ideally > 100 x nodes; default ${DEFAULT_MAGLEV_TABLE_SIZE}.`,
    ),
  seed: z
    .int()
    .min(0)
    .max(0xffffffff)
    .default(0)
    .describe('Seed of the key sample, 0..2^32-1; same seed, same answer.'),
  compare: z
    .boolean()
    .default(false)
    .describe(
      'Also run every algorithm on the same nodes and sample: balance, movement when one node joins, memory, lookup cost.',
    ),
});

type Input = z.output<typeof inputSchema>;

const share = z.number().describe('Fraction of keys, 0..1.');
const balanceSchema = z.object({
  method: z.enum(['exact_hash_space', 'exact_table', 'sampled']),
  max_over_mean: z.number().describe('Most loaded node: share / fair share (weight share).'),
  cv: z.number().describe('Coefficient of variation of share / fair share over nodes.'),
  sampled_max_over_mean: z.number(),
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
  algorithm: z.enum(HASH_ALGORITHMS),
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
    }),
  ),
  balance: balanceSchema,
  balance_after: balanceSchema.optional(),
  movement: z
    .object({
      method: z.enum(['exact_hash_space', 'exact_table', 'sampled']),
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
        note: z.string().optional(),
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
  memory_bytes: z.int().describe('Bytes of the lookup structure (typed arrays), node names excluded.'),
  steps_per_lookup: z.number(),
  notes: z.array(z.string()).describe('When to prefer this algorithm, and warnings about this layout.'),
  summary: z.string(),
});

export type Output = z.input<typeof outputSchema>;

function toNode(entry: z.output<typeof nodeEntry>): RingNode {
  return typeof entry === 'string'
    ? { id: entry, weight: 1 }
    : { id: entry.id, weight: entry.weight, zone: entry.zone };
}

/** Knobs that only some algorithms read are an error elsewhere, so a caller never believes they had an effect. */
function checkKnobs(input: Input): void {
  const uses = (field: string, algorithms: readonly HashAlgorithm[]): void => {
    if (input.compare || algorithms.includes(input.algorithm)) return;
    throw configError(field, `${field} applies to ${algorithms.join(' and ')}, not ${input.algorithm}; remove it`);
  };
  if (input.virtual_nodes !== undefined) uses('virtual_nodes', ['ring', 'bounded_load']);
  if (input.epsilon !== undefined) uses('epsilon', ['bounded_load']);
  if (input.maglev_table_size !== undefined) uses('maglev_table_size', ['maglev']);
}

const SLICE = { unitsPerSlice: 2000 };

export async function runHashRing(input: Input, ctx: ToolContext): Promise<Output> {
  checkKnobs(input);
  const common = {
    nodes: input.nodes.map(toNode),
    virtualNodes: input.virtual_nodes,
    tableSize: input.maglev_table_size,
    epsilon: input.epsilon,
    sampleKeys: input.sample_keys,
    seed: input.seed,
  };
  const job = planHashPlacement({
    ...common,
    algorithm: input.algorithm,
    keys: input.keys,
    replicas: input.replicas,
    distinctZones: input.distinct_zones,
    change: {
      add: input.add_nodes?.map(toNode),
      remove: input.remove_nodes,
      reweight: input.reweight_nodes,
    },
  });
  await runInSlices(job, ctx, SLICE);
  const placement = job.result();
  let comparison;
  if (input.compare) {
    const compareJob = planComparison(common);
    await runInSlices(compareJob, ctx, SLICE);
    comparison = compareJob.result();
  }
  const output = placementOutput(placement);
  return {
    ...output,
    ...(comparison ? { compare: comparisonOutput(comparison) } : {}),
    notes: [ALGORITHM_NOTES[input.algorithm], ...placement.warnings],
    summary: summarize(placement, comparison),
  };
}

export const hashRingTool = defineTool({
  name: 'hash_ring',
  title: 'Place keys with consistent hashing and measure balance and movement',
  description:
    'Compute which node owns a key (and its replicas) under consistent hashing with virtual nodes, ketama ' +
    '(byte-compatible with libketama clients), jump, rendezvous, Maglev or bounded-load hashing; how even the ' +
    'load is (exact over the hash space where the layout allows, else on a seeded key sample); and how many keys ' +
    'move, from where to where, when nodes join, leave or change weight, against the ideal. compare: true runs ' +
    `every algorithm side by side. Bounds: ${L.maxNodes} nodes, ${L.maxKeys} keys, ${L.maxSampleKeys} sample keys.`,
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  run: runHashRing,
});
