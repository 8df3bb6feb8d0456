import { assert } from '../errors.js';
import { measureSequential, type SequentialEvidence } from './choose-sequential.js';
import type { PartitioningEvidence, PartitioningNeeds } from './choose.js';
import { joiningNode } from './compare.js';
import { createPartitioner } from './create.js';
import type { RingNode } from './nodes.js';
import type { Partitioner } from './partitioner.js';
import { planHashPlacement, type HashPlacement } from './placement.js';
import { keyData, type KeyData } from './range/key-data.js';
import { planRangePartitioning, type RangePartitioning } from './range/plan.js';
import { DEFAULT_VIRTUAL_NODES } from './ring.js';

/** The measurement of one choice, in phases (each returns true when done) and its result once they have run. */
export interface EvidenceJob {
  readonly phases: readonly ((budget: number) => boolean)[];
  result(): { evidence: PartitioningEvidence; range: RangePartitioning };
}

/** The same data under a ring and under ranges: scan fan-out, load spread, hot ranges, movement on a join. */
export function startEvidence(needs: PartitioningNeeds, seed: number, sampleKeys: number): EvidenceJob {
  const given = needs.keys !== undefined && needs.keys.length > 0;
  const source = {
    keys: given ? needs.keys : undefined,
    keyLoads: given ? needs.keyLoads : undefined,
    loadSkew: given ? undefined : needs.loadSkew,
    sampleKeys,
    seed,
  };
  let data: KeyData | undefined;
  let range: RangePartitioning | undefined;
  let ring: Partitioner | undefined;
  let ringMaxOverMean = 0;
  let join: ReturnType<typeof planHashPlacement> | undefined;
  let sequential: SequentialEvidence | undefined;
  const phases = [
    (): boolean => {
      data = keyData(source);
      // A scan over the first tenth of the keys in order (at least two keys): the locality question made concrete.
      const scanEnd = data.keys[Math.max(2, Math.floor(data.keys.length / 10))];
      range = planRangePartitioning({
        ...source,
        nodes: needs.nodes,
        partitions: needs.partitions,
        query: { end: scanEnd },
      });
      return true;
    },
    (): boolean => {
      ring = createPartitioner({ algorithm: 'ring', nodes: needs.nodes, virtualNodes: DEFAULT_VIRTUAL_NODES });
      ringMaxOverMean = ringLoadSpread(needs.nodes, ring, data as KeyData);
      return true;
    },
    (): boolean => {
      // The engine's own join probe: at 1000 nodes it builds the 1001st (the one placement allowed past the cap).
      join = planHashPlacement(
        { algorithm: 'ring', nodes: needs.nodes, change: { add: [joiningNode(needs.nodes)] }, sampleKeys: 1 },
        { joinProbe: true },
      );
      return true;
    },
    (budget: number): boolean => join?.advance(budget) ?? true,
    // Keys arriving in order: inserts measured on a sequence, not on the uniform sample above.
    ...(needs.sequentialKeys
      ? [
          (): boolean => {
            const exact = join?.result().balance.maxOverMean ?? 0;
            const partitions = needs.partitions ?? needs.nodes.length;
            sequential = measureSequential(
              needs.nodes,
              ring as Partitioner,
              (data as KeyData).keys.length,
              partitions,
              exact,
            );
            return true;
          },
        ]
      : []),
  ];
  return {
    phases,
    result() {
      assert(data !== undefined && range !== undefined && join, 'the evidence is read after its phases');
      const evidence = evidenceOf(data, range, join.result(), ringMaxOverMean);
      return { evidence: sequential ? { ...evidence, sequential } : evidence, range };
    },
  };
}

function evidenceOf(
  data: KeyData,
  range: RangePartitioning,
  joined: HashPlacement,
  ringMaxOverMean: number,
): PartitioningEvidence {
  let hottest = 0;
  data.loads.forEach((l, i) => (hottest = l > (data.loads[hottest] ?? 0) ? i : hottest));
  return {
    keys: data.keys.length,
    scanNodesHash: range.query?.hashedNodes ?? 0,
    scanNodesRange: range.query?.nodes.length ?? 0,
    // With equal loads the ring's exact share of the hash space is the figure (no sampling noise); with loads, the sum.
    maxOverMeanHash: data.unitLoads ? joined.balance.maxOverMean : ringMaxOverMean,
    maxOverMeanRange: range.balance.maxOverMean,
    maxOverMeanRangeAfterSplits: (range.balanceAfter ?? range.balance).maxOverMean,
    hotRanges: range.hot.length,
    hottestKey: { key: data.keys[hottest] ?? '', share: (data.loads[hottest] ?? 0) / data.totalLoad },
    movedOnJoinHash: joined.movement?.movedFraction ?? 0,
    idealOnJoin: joined.movement?.idealFraction ?? 0,
  };
}

/** Busiest node over its fair share when the keys, with their loads, are placed by a ring. */
function ringLoadSpread(nodes: readonly RingNode[], ring: Partitioner, data: KeyData): number {
  const loads = new Float64Array(nodes.length);
  data.keys.forEach((key, i) => {
    const owner = ring.lookup(key);
    loads[owner] = (loads[owner] ?? 0) + (data.loads[i] ?? 0);
  });
  const total = loads.reduce((s, l) => s + l, 0);
  const weights = nodes.reduce((s, n) => s + n.weight, 0);
  return Math.max(...nodes.map((n, i) => (loads[i] ?? 0) / total / (n.weight / weights)));
}
