import { isEngineError } from '../errors.js';
import { balanceOf, movementOf, type ShareMethod } from './analysis.js';
import { createPartitioner, type PartitionerSpec } from './create.js';
import type { RingNode } from './nodes.js';
import { HASH_ALGORITHMS, compareIds, type HashAlgorithm } from './partitioner.js';
import { DEFAULT_SAMPLE_KEYS } from './placement.js';
import { DEFAULT_VIRTUAL_NODES } from './ring.js';
import { createSampleJob, idSpace, type IncrementalJob, type SampledPlacement } from './sample.js';

export interface ComparisonRow {
  readonly algorithm: HashAlgorithm;
  /** False when the algorithm cannot place these nodes (jump with unequal weights); `note` says why. */
  readonly supported: boolean;
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

/** Runs every algorithm on the same nodes and seeded sample, and on the same nodes plus one. */
export function planComparison(spec: ComparisonSpec): IncrementalJob & { result(): ComparisonRow[] } {
  const sampleKeys = spec.sampleKeys ?? DEFAULT_SAMPLE_KEYS;
  const seed = spec.seed ?? 0;
  const nodesAfter = [...spec.nodes, joiningNode(spec.nodes)];
  const rows: ComparisonRow[] = [];
  let current:
    | {
        algorithm: HashAlgorithm;
        job: ReturnType<typeof createSampleJob>;
        finish: (s: SampledPlacement) => ComparisonRow;
      }
    | undefined;
  let next = 0;
  const start = (algorithm: HashAlgorithm): void => {
    const common = { ...spec, algorithm, expectedKeys: sampleKeys };
    try {
      const before = createPartitioner(common);
      const after = createPartitioner({ ...common, nodes: nodesAfter });
      const space = idSpace(before.nodes, after.nodes);
      const job = createSampleJob({ before, after, space, sampleKeys, seed });
      const finish = (sample: SampledPlacement): ComparisonRow => {
        const balance = balanceOf(before, sample.countsBefore, sample.keys, spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES);
        const movement = movementOf(before, after, space, sample);
        return {
          algorithm,
          supported: true,
          balanceMethod: balance.method,
          maxOverMean: balance.maxOverMean,
          cv: balance.cv,
          movementMethod: movement.method,
          movedFractionAddOne: movement.movedFraction,
          idealFractionAddOne: movement.idealFraction,
          churnFractionAddOne: movement.churnFraction,
          memoryBytes: before.memoryBytes,
          // Both placements looked up every sample key; count the first only.
          stepsPerLookup: before.steps.value / Math.max(1, sample.keys),
          hashing: before.hashing,
        };
      };
      current = { algorithm, job, finish };
    } catch (error) {
      if (!isEngineError(error)) throw error;
      rows.push({ algorithm, supported: false, note: error.issues.map((i) => i.message).join('; ') });
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
