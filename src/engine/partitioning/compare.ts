import { isEngineError } from '../errors.js';
import { balanceOf, movementOf, type ShareMethod } from './analysis.js';
import { createPartitioner, type PartitionerSpec } from './create.js';
import type { RingNode } from './nodes.js';
import { HASH_ALGORITHMS, compareIds, type HashAlgorithm, type Partitioner } from './partitioner.js';
import { DEFAULT_SAMPLE_KEYS } from './placement.js';
import { DEFAULT_VIRTUAL_NODES } from './ring.js';
import { createSampleJob, idSpace, type IncrementalJob, type SampledPlacement } from './sample.js';

export interface ComparisonRow {
  readonly algorithm: HashAlgorithm;
  /** False when the algorithm cannot place these nodes (jump with unequal weights); `note` says why. */
  readonly supported: boolean;
  /** Why the row is unsupported, or why its movement figures are missing (the layout cannot take one more node). */
  readonly note?: string | undefined;
  readonly balanceMethod?: ShareMethod | undefined;
  readonly maxOverMean?: number | undefined;
  readonly cv?: number | undefined;
  readonly movementMethod?: ShareMethod | undefined;
  /** Keys that move when one node joins. */
  readonly movedFractionAddOne?: number | undefined;
  readonly idealFractionAddOne?: number | undefined;
  readonly churnFractionAddOne?: number | undefined;
  readonly memoryBytes?: number | undefined;
  readonly stepsPerLookup?: number | undefined;
  readonly hashing?: string | undefined;
}

export interface ComparisonSpec extends Omit<PartitionerSpec, 'algorithm' | 'expectedKeys'> {
  readonly sampleKeys?: number | undefined;
  readonly seed?: number | undefined;
}

/** The node `compare` adds: an unused id, the common weight (or the mean), in the zone with the fewest nodes. */
export function joiningNode(nodes: readonly RingNode[]): RingNode {
  const ids = new Set(nodes.map((n) => n.id));
  let k = nodes.length + 1;
  while (ids.has(`node-${k}`)) k++;
  const weight = nodes.reduce((s, n) => s + n.weight, 0) / nodes.length;
  const zones = new Map<string, number>();
  for (const n of nodes) if (n.zone !== undefined) zones.set(n.zone, (zones.get(n.zone) ?? 0) + 1);
  const zone = [...zones].sort((a, b) => a[1] - b[1] || compareIds(a[0], b[0]))[0]?.[0];
  const allEqual = nodes.every((n) => n.weight === nodes[0]?.weight);
  return { id: `node-${k}`, weight: allEqual ? (nodes[0]?.weight ?? 1) : weight, zone };
}

interface RowJob {
  readonly job: ReturnType<typeof createSampleJob>;
  readonly finish: (s: SampledPlacement) => ComparisonRow;
}

const issuesOf = (error: unknown): string => {
  if (!isEngineError(error)) throw error;
  return error.issues.map((i) => i.message).join('; ');
};

/**
 * One algorithm's row: balance on `nodes`, movement when `nodesAfter` (one more node) replaces them. A layout that
 * cannot take the extra node (a Maglev table with one slot per node, a ring at its point limit) still gets its
 * balance, with the movement left out and a note saying why.
 */
function rowJob(spec: ComparisonSpec, algorithm: HashAlgorithm, nodesAfter: readonly RingNode[]): RowJob {
  const sampleKeys = spec.sampleKeys ?? DEFAULT_SAMPLE_KEYS;
  const common = { ...spec, algorithm, expectedKeys: sampleKeys };
  const before = createPartitioner(common);
  let after: Partitioner | undefined;
  let note: string | undefined;
  try {
    after = createPartitioner({ ...common, nodes: nodesAfter }, { joinProbe: true });
  } catch (error) {
    note = `movement when one node joins not measured: ${issuesOf(error)}`;
  }
  const space = idSpace(before.nodes, after?.nodes ?? before.nodes);
  const job = createSampleJob({ before, after, space, sampleKeys, seed: spec.seed ?? 0 });
  const finish = (sample: SampledPlacement): ComparisonRow => {
    const balance = balanceOf(before, sample.countsBefore, sample.keys, spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES);
    const movement = after ? movementOf(before, after, space, sample) : undefined;
    return {
      algorithm,
      supported: true,
      note,
      balanceMethod: balance.method,
      maxOverMean: balance.maxOverMean,
      cv: balance.cv,
      movementMethod: movement?.method,
      movedFractionAddOne: movement?.movedFraction,
      idealFractionAddOne: movement?.idealFraction,
      churnFractionAddOne: movement?.churnFraction,
      memoryBytes: before.memoryBytes,
      // Both placements looked up every sample key; count the first only.
      stepsPerLookup: before.steps.value / Math.max(1, sample.keys),
      hashing: before.hashing,
    };
  };
  return { job, finish };
}

/**
 * Runs every algorithm on the same nodes and seeded sample, and on the same nodes plus one. The joining node may take
 * the count one past the node limit: it is a probe of this comparison, not a cluster anyone asked to build.
 */
export function planComparison(spec: ComparisonSpec): IncrementalJob & { result(): ComparisonRow[] } {
  const nodesAfter = [...spec.nodes, joiningNode(spec.nodes)];
  const rows: ComparisonRow[] = [];
  let current: RowJob | undefined;
  let next = 0;
  const start = (algorithm: HashAlgorithm): void => {
    try {
      current = rowJob(spec, algorithm, nodesAfter);
    } catch (error) {
      rows.push({ algorithm, supported: false, note: issuesOf(error) });
    }
  };
  return {
    advance(budget) {
      while (budget > 0) {
        if (!current) {
          const algorithm = HASH_ALGORITHMS[next++];
          if (algorithm === undefined) return true;
          start(algorithm);
          continue;
        }
        const before = current.job.progress().done;
        const finished = current.job.advance(budget);
        budget -= current.job.progress().done - before;
        if (!finished) return false;
        rows.push(current.finish(current.job.result()));
        current = undefined;
      }
      return next >= HASH_ALGORITHMS.length && !current;
    },
    progress: () => ({
      done: rows.length,
      total: HASH_ALGORITHMS.length,
      message: current?.job.progress().message ?? `${rows.length} of ${HASH_ALGORITHMS.length} algorithms`,
    }),
    result: () => rows,
  };
}
