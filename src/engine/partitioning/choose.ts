import { configError } from '../errors.js';
import { planDirectory, type DirectoryPlan } from './directory/plan.js';
import { checkNodes, type RingNode } from './nodes.js';
import { joiningNode } from './compare.js';
import { createPartitioner } from './create.js';
import { planHashPlacement, type HashPlacement } from './placement.js';
import { keyData } from './range/key-data.js';
import { planRangePartitioning, type RangePartitioning } from './range/plan.js';
import { DEFAULT_VIRTUAL_NODES } from './ring.js';

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
}

export interface PartitioningChoice {
  readonly scheme: PartitioningScheme;
  /** The hash_ring algorithm that computes it: "ring", "range" or "directory". */
  readonly algorithm: 'ring' | 'range' | 'directory';
  readonly reasons: readonly string[];
  readonly rejected: readonly { readonly scheme: PartitioningScheme; readonly why: string }[];
  readonly warnings: readonly string[];
  readonly evidence: PartitioningEvidence;
  /** The computed layout of the chosen scheme. */
  readonly range?: RangePartitioning | undefined;
  readonly hash?: HashPlacement | undefined;
  readonly directory?: DirectoryPlan | undefined;
}

const fixed = (x: number): string => x.toFixed(2);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Chooses hashing, ranges or a directory from the user's needs and measures the same keys under each: manual
 * placement needs a directory (nothing else can put a chosen key on a chosen node); range scans need ordered ranges
 * (hashing scatters a scan over every node); otherwise hashing spreads load and moves the least on a change.
 */
export function choosePartitioning(needs: PartitioningNeeds): PartitioningChoice {
  checkNodes(needs.nodes);
  if (needs.keys !== undefined && needs.keys.length > 0 && needs.loadSkew !== undefined) {
    throw configError('load_skew', 'load_skew shapes sampled keys; with keys given, give their loads instead');
  }
  const seed = needs.seed ?? 0;
  const sampleKeys = needs.sampleKeys ?? 10_000;
  const { evidence, range } = measure(needs, seed, sampleKeys);
  const scheme: PartitioningScheme = needs.manualPlacement ? 'directory' : needs.rangeQueries ? 'range' : 'hash';
  const warnings = commonWarnings(needs, evidence);
  const common = {
    reasons: reasonsFor(scheme, needs, evidence),
    rejected: rejected(scheme, needs, evidence),
    warnings,
    evidence,
  };
  if (scheme === 'range') return { scheme, algorithm: 'range', ...common, range };
  if (scheme === 'directory') {
    const job = planDirectory({ nodes: needs.nodes, keys: needs.keys?.slice(0, 256), sampleKeys, seed });
    while (!job.advance(1_000_000));
    return { scheme, algorithm: 'directory', ...common, directory: job.result() };
  }
  const job = planHashPlacement({
    algorithm: 'ring',
    nodes: needs.nodes,
    keys: needs.keys?.slice(0, 256),
    sampleKeys,
    seed,
  });
  while (!job.advance(1_000_000));
  return { scheme, algorithm: 'ring', ...common, hash: job.result() };
}

/** The same data under a ring and under ranges: scan fan-out, load spread, hot ranges, movement on a join. */
function measure(
  needs: PartitioningNeeds,
  seed: number,
  sampleKeys: number,
): { evidence: PartitioningEvidence; range: RangePartitioning } {
  const given = needs.keys !== undefined && needs.keys.length > 0;
  const source = {
    keys: given ? needs.keys : undefined,
    keyLoads: given ? needs.keyLoads : undefined,
    loadSkew: given ? undefined : needs.loadSkew,
    sampleKeys,
    seed,
  };
  const data = keyData(source);
  // A scan over the first tenth of the keys in order (at least two keys): the locality question made concrete.
  const scanEnd = data.keys[Math.max(2, Math.floor(data.keys.length / 10))];
  const range = planRangePartitioning({
    ...source,
    nodes: needs.nodes,
    partitions: needs.partitions,
    query: { end: scanEnd },
  });
  const ring = createPartitioner({ algorithm: 'ring', nodes: needs.nodes, virtualNodes: DEFAULT_VIRTUAL_NODES });
  const loads = new Float64Array(needs.nodes.length);
  data.keys.forEach((key, i) => {
    const owner = ring.lookup(key);
    loads[owner] = (loads[owner] ?? 0) + (data.loads[i] ?? 0);
  });
  // The engine's own join probe: at 1000 nodes it builds the 1001st (the one placement allowed past the cap).
  const joinJob = planHashPlacement(
    {
      algorithm: 'ring',
      nodes: needs.nodes,
      change: { add: [joiningNode(needs.nodes)] },
      sampleKeys: 1,
    },
    { joinProbe: true },
  );
  while (!joinJob.advance(1_000_000));
  const joined = joinJob.result();
  const join = joined.movement;
  let hottest = 0;
  data.loads.forEach((l, i) => (hottest = l > (data.loads[hottest] ?? 0) ? i : hottest));
  const evidence = {
    keys: data.keys.length,
    scanNodesHash: range.query?.hashedNodes ?? 0,
    scanNodesRange: range.query?.nodes.length ?? 0,
    // With equal loads the ring's exact share of the hash space is the figure (no sampling noise); with loads, the sum.
    maxOverMeanHash: data.unitLoads ? joined.balance.maxOverMean : maxOverMean(needs.nodes, loads),
    maxOverMeanRange: range.balance.maxOverMean,
    maxOverMeanRangeAfterSplits: (range.balanceAfter ?? range.balance).maxOverMean,
    hotRanges: range.hot.length,
    hottestKey: { key: data.keys[hottest] ?? '', share: (data.loads[hottest] ?? 0) / data.totalLoad },
    movedOnJoinHash: join?.movedFraction ?? 0,
    idealOnJoin: join?.idealFraction ?? 0,
  };
  return { evidence, range };
}

function maxOverMean(nodes: readonly RingNode[], loads: Float64Array): number {
  const total = loads.reduce((s, l) => s + l, 0);
  const weights = nodes.reduce((s, n) => s + n.weight, 0);
  return Math.max(...nodes.map((n, i) => (loads[i] ?? 0) / total / (n.weight / weights)));
}

function reasonsFor(scheme: PartitioningScheme, needs: PartitioningNeeds, e: PartitioningEvidence): string[] {
  const scan = `a scan over a tenth of the ${e.keys} keys contacts ${e.scanNodesRange} node(s) with ranges and ${e.scanNodesHash} of ${needs.nodes.length} with hashing`;
  if (scheme === 'directory') {
    return [
      'Keys or tenants must sit on chosen nodes: only an explicit routing table can put a given key on a given node and move it alone; everything it does not name falls back to a hash ring.',
      'The table is consulted on every lookup, so it is cached by routers and replicated: with 3 copies an update needs 2 and survives 1 failure.',
    ];
  }
  if (scheme === 'range') {
    const split =
      e.hotRanges > 0
        ? ` ${e.hotRanges} range(s) run hot; splitting them takes the busiest node from ${fixed(e.maxOverMeanRange)} to ${fixed(e.maxOverMeanRangeAfterSplits)} x its fair load (hashing: ${fixed(e.maxOverMeanHash)}).`
        : ` No range is hot: busiest node ${fixed(e.maxOverMeanRange)} x its fair load (hashing: ${fixed(e.maxOverMeanHash)}).`;
    return [`Range queries are needed: ${scan}.`, `Keys stay in order, so neighbours share a range.${split}`];
  }
  const balance =
    e.maxOverMeanRange < e.maxOverMeanHash
      ? `ranges cut from these very keys are more even now (${fixed(e.maxOverMeanRange)}), but must be re-split as keys and load drift`
      : `ranges: ${fixed(e.maxOverMeanRange)} before splitting`;
  return [
    `No range queries or manual placement are needed, so key order buys nothing and hashing places keys without knowing their distribution in advance: busiest node ${fixed(e.maxOverMeanHash)} x its fair load (${balance}).`,
    `Adding a node moves ${pct(e.movedOnJoinHash)} of the keys (ideal ${pct(e.idealOnJoin)}), all onto the new node, with no split points to maintain.`,
  ];
}

function rejected(
  scheme: PartitioningScheme,
  needs: PartitioningNeeds,
  e: PartitioningEvidence,
): { scheme: PartitioningScheme; why: string }[] {
  const out: { scheme: PartitioningScheme; why: string }[] = [];
  if (scheme !== 'hash') {
    out.push({
      scheme: 'hash',
      why: needs.manualPlacement
        ? 'a hash decides where each key goes; it cannot honour a chosen placement'
        : `hashing scatters a scan over ${e.scanNodesHash} of ${needs.nodes.length} nodes (ranges: ${e.scanNodesRange})`,
    });
  }
  if (scheme !== 'range') {
    out.push({
      scheme: 'range',
      why: needs.manualPlacement
        ? 'ranges place contiguous keys together, not chosen keys on chosen nodes'
        : `no scans need key order, and ranges need split points kept up to date as keys and load drift (busiest node now ${fixed(e.maxOverMeanRange)} x fair, ${e.hotRanges} hot range(s))`,
    });
  }
  if (scheme !== 'directory') {
    out.push({
      scheme: 'directory',
      why: 'no key needs a chosen node; a directory adds a lookup and a replicated table to keep consistent',
    });
  }
  return out;
}

function commonWarnings(needs: PartitioningNeeds, e: PartitioningEvidence): string[] {
  const warnings: string[] = [];
  if (needs.sequentialKeys && (needs.rangeQueries || needs.manualPlacement)) {
    warnings.push(
      'Keys arrive in increasing order: every new key sorts after every split point, so all inserts land on the last range and its one node; split the key (a hashed or bucketed prefix before the timestamp) or accept one hot writer.',
    );
  }
  if (e.hottestKey.share > 1 / needs.nodes.length) {
    warnings.push(
      `Key ${e.hottestKey.key} alone carries ${pct(e.hottestKey.share)} of the load, more than a node's fair share: no partitioning divides one key; cache it, replicate its reads or spread its writes over suffixed keys.`,
    );
  }
  return warnings;
}
