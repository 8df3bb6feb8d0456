import {
  RING_LIMITS,
  configError,
  planComparison,
  planDirectory,
  planHashPlacement,
  planRangePartitioning,
  type PartitioningAlgorithm,
  type RingNode,
} from '../engine/index.js';
import { PURE_TOOL, defineTool, type ToolContext } from './define-tool.js';
import { directoryResult, rangeResult } from './hash-ring-layouts.js';
import { ALGORITHM_NOTES, algorithmNotes, comparisonOutput, placementOutput, summarize } from './hash-ring-output.js';
import { inputSchema, outputSchema, type Input, type Output } from './hash-ring-schema.js';
import { runInSlices } from './long-work.js';

export { inputSchema, outputSchema, type Output } from './hash-ring-schema.js';

const L = RING_LIMITS;

function toNode(entry: Input['nodes'][number]): RingNode {
  return typeof entry === 'string'
    ? { id: entry, weight: 1 }
    : { id: entry.id, weight: entry.weight, zone: entry.zone };
}

const HASHING_ONLY = ['add_nodes', 'remove_nodes', 'reweight_nodes', 'compare', 'epsilon'] as const;
const RANGE_ONLY = [
  'key_loads',
  'load_skew',
  'partitions',
  'split_points',
  'split_by',
  'hot_load_factor',
  'hot_load_threshold',
  'range_start',
  'range_end',
] as const;
const DIRECTORY_ONLY = ['directory', 'directory_default', 'move_keys', 'directory_replicas'] as const;

/**
 * Knobs that only some algorithms read are an error elsewhere, so a caller never believes they had an effect. A
 * directory reads the knobs of its default placement.
 */
function checkKnobs(input: Input): void {
  const algorithm = input.algorithm;
  const effective = algorithm === 'directory' ? (input.directory_default ?? 'ring') : algorithm;
  const given = (field: string): boolean => {
    const value = (input as Record<string, unknown>)[field];
    return value !== undefined && value !== false;
  };
  const refuse = (field: string, applies: string): never => {
    throw configError(field, `${field} applies to ${applies}, not ${algorithm}; remove it`);
  };
  const hashing = algorithm !== 'range' && algorithm !== 'directory';
  for (const field of HASHING_ONLY) if (!hashing && given(field)) refuse(field, 'the hash algorithms');
  for (const field of RANGE_ONLY) if (algorithm !== 'range' && given(field)) refuse(field, 'range');
  for (const field of DIRECTORY_ONLY) if (algorithm !== 'directory' && given(field)) refuse(field, 'directory');
  if (hashing && given('list_limit')) refuse('list_limit', 'range and directory');
  const uses = (field: string, algorithms: readonly PartitioningAlgorithm[]): void => {
    if (input.compare || algorithms.includes(effective)) return;
    refuse(field, algorithms.join(' and '));
  };
  if (input.virtual_nodes !== undefined) uses('virtual_nodes', ['ring', 'bounded_load']);
  if (input.epsilon !== undefined) uses('epsilon', ['bounded_load']);
  if (input.maglev_table_size !== undefined) uses('maglev_table_size', ['maglev']);
}

const SLICE = { unitsPerSlice: 2000 };

export async function runHashRing(input: Input, ctx: ToolContext): Promise<Output> {
  checkKnobs(input);
  const nodes = input.nodes.map(toNode);
  if (input.algorithm === 'range') return runRange(input, nodes);
  if (input.algorithm === 'directory') return runDirectory(input, nodes, ctx);
  const common = {
    nodes,
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
    notes: [...algorithmNotes(input.algorithm, input.compare), ...placement.warnings],
    summary: summarize(placement, comparison),
  };
}

/** Range partitioning is one synchronous pass (a sort and linear scans, well under a second at the bounds). */
function runRange(input: Input, nodes: RingNode[]): Output {
  const plan = planRangePartitioning({
    nodes,
    keys: input.keys.length > 0 ? input.keys : undefined,
    keyLoads: input.key_loads,
    sampleKeys: input.sample_keys,
    seed: input.seed,
    loadSkew: input.load_skew,
    splitPoints: input.split_points,
    partitions: input.partitions,
    splitBy: input.split_by,
    hotLoadFactor: input.hot_load_factor,
    hotLoadThreshold: input.hot_load_threshold,
    replicas: input.replicas,
    distinctZones: input.distinct_zones,
    query:
      input.range_start !== undefined || input.range_end !== undefined
        ? { start: input.range_start, end: input.range_end }
        : undefined,
  });
  const output = rangeResult(plan, input.list_limit);
  return { ...output, notes: [ALGORITHM_NOTES.range] };
}

async function runDirectory(input: Input, nodes: RingNode[], ctx: ToolContext): Promise<Output> {
  const job = planDirectory({
    nodes,
    defaultAlgorithm: input.directory_default,
    virtualNodes: input.virtual_nodes,
    tableSize: input.maglev_table_size,
    entries: input.directory,
    keys: input.keys,
    moves: input.move_keys,
    replicas: input.replicas,
    distinctZones: input.distinct_zones,
    directoryReplicas: input.directory_replicas,
    sampleKeys: input.sample_keys,
    seed: input.seed,
  });
  await runInSlices(job, ctx, SLICE);
  const output = directoryResult(job.result(), input.list_limit);
  return { ...output, notes: [ALGORITHM_NOTES.directory] };
}

export const hashRingTool = defineTool({
  name: 'hash_ring',
  title: 'Partition keys: consistent hashing, ranges or a directory; balance, movement, hot spots',
  description:
    'Compute which node owns a key (and its replicas) under consistent hashing with virtual nodes, ketama ' +
    '(byte-compatible with libketama clients), jump, rendezvous, Maglev or bounded-load hashing; how even the ' +
    'load is (exact over the hash space where the layout allows, else on a seeded key sample); and how many keys ' +
    'move, from where to where, when nodes join, leave or change weight, against the ideal. compare: true runs ' +
    'every hash algorithm side by side. algorithm "range": ordered key ranges from keys with loads (or a seeded, ' +
    'optionally Zipf-skewed sample, or explicit split_points), hot ranges split and the keys that move, range ' +
    'scans and the nodes they touch. algorithm "directory": an explicit key/prefix routing table over a hash ' +
    'placement, moves of single keys or prefixes (checked to move nothing else) and the quorum the replicated ' +
    `directory needs. Bounds: ${L.maxNodes} nodes, ${L.maxKeys} keys, ${L.maxSampleKeys} sample keys.`,
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint: 'Ask for less in one call: fewer sample_keys or nodes, fewer virtual_nodes, or compare false.',
  run: runHashRing,
});
