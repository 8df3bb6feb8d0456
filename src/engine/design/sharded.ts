import { assert } from '../errors.js';
import { planPartitioningChoice, type PartitioningChoice } from '../partitioning/choose.js';
import { planHashPlacement, type HashPlacement } from '../partitioning/placement.js';
import { DEFAULT_VIRTUAL_NODES } from '../partitioning/ring.js';
import type { MembershipChange, RingNode } from '../partitioning/nodes.js';
import { percentiles } from '../sim/result.js';
import { Rng } from '../sim/rng.js';
import type { GroupLayout } from './group.js';
import type { DesignSpec, FailureScenario } from './types.js';

/** Keys sampled to measure balance and movement of the placement. */
const PLACEMENT_SAMPLE_KEYS = 10_000;

/** The partitioning schemes a sharded design can use, by the names its configuration reports. */
export type PartitionSchemeName = 'consistent_hashing' | 'range' | 'directory';

export interface PartitionScheme {
  readonly scheme: PartitionSchemeName;
  /** One rationale line: what the caller said, the scheme, and the measured reasons. */
  readonly reason: string;
  readonly choice: PartitioningChoice;
}

/** The cluster's nodes as the partitioning engine sees them: node-1..node-n, spread over the regions in order. */
function clusterNodes(spec: DesignSpec): RingNode[] {
  const regions = spec.regions && spec.regions.length > 0 ? spec.regions : undefined;
  return Array.from({ length: spec.nodes }, (_, i) => ({
    id: `node-${i + 1}`,
    weight: 1,
    ...(regions ? { zone: regions[i % regions.length] } : {}),
  }));
}

/**
 * How keys are split over the cluster, chosen by the partitioning engine from what the caller says (range queries,
 * skew, keys arriving in order, manual placement) and measured on the same keys under each scheme: a directory when
 * placement is manual, ranges when scans need key order, consistent hashing otherwise.
 */
function schemeOf(spec: DesignSpec, choice: PartitioningChoice): PartitionScheme {
  const needs = spec.partitioning ?? {};
  const scheme: PartitionSchemeName = choice.scheme === 'hash' ? 'consistent_hashing' : choice.scheme;
  const said = [
    needs.rangeQueries ? 'range queries' : '',
    needs.manualPlacement ? 'manual placement' : '',
    needs.sequentialKeys ? 'keys arriving in order' : '',
    needs.loadSkew !== undefined ? `Zipf skew ${needs.loadSkew}` : '',
  ].filter(Boolean);
  const given = said.length > 0 ? `given ${said.join(', ')}` : 'no range queries, skew or placement constraints given';
  return {
    scheme,
    reason: `Partitioning by ${scheme.replace('_', ' ')} (${given}): ${choice.reasons.join(' ')}`,
    choice,
  };
}

/** The scheme and, for hashing and the directory's default ring, the placement figures: both as one sliced step. */
export interface PartitionSchemeJob {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  result(): { scheme: PartitionScheme; placement: PlacementFigures | undefined };
}

/**
 * Chooses the scheme, then measures the ring's placement with the design's replicas (ranges move by splits instead,
 * so they get no ring figures). Work at 1000 nodes takes a few hundred ms, so it runs in slices like the simulations.
 */
export function startPartitionScheme(spec: DesignSpec, replicas: number, seed: number): PartitionSchemeJob {
  const choosing = planPartitioningChoice({
    nodes: clusterNodes(spec),
    ...(spec.partitioning ?? {}),
    sampleKeys: PLACEMENT_SAMPLE_KEYS,
    seed: spec.verify.seed,
  });
  let scheme: PartitionScheme | undefined;
  let placing: ReturnType<typeof planPlacement> | undefined;
  let done = false;
  return {
    advance(budget) {
      if (done) return true;
      if (!scheme) {
        if (!choosing.advance(budget)) return false;
        scheme = schemeOf(spec, choosing.result());
        if (scheme.scheme !== 'range') placing = planPlacement(spec, replicas, seed);
        return (done = placing === undefined);
      }
      return (done = placing?.advance(budget) ?? true);
    },
    progress() {
      const p = choosing.progress();
      const total = (p.total ?? 1) + 1;
      return { done: (scheme ? total - 1 : p.done) + (done ? 1 : 0), total, message: p.message ?? 'partitioning' };
    },
    result() {
      assert(done && scheme !== undefined, 'the scheme is read once its step is done');
      return { scheme, placement: placing ? placementFigures(spec, placing.result()) : undefined };
    },
  };
}

/** The chosen scheme's evidence as verification figures (the same keys measured under hashing and ranges). */
export function schemeFigures(scheme: PartitionScheme): Record<string, number> {
  const e = scheme.choice.evidence;
  return {
    scan_nodes_range: e.scanNodesRange,
    scan_nodes_hash: e.scanNodesHash,
    range_max_over_mean: Math.round(e.maxOverMeanRange * 10_000) / 10_000,
    range_max_over_mean_after_splits: Math.round(e.maxOverMeanRangeAfterSplits * 10_000) / 10_000,
    hot_ranges: e.hotRanges,
    hottest_key_share: Math.round(e.hottestKey.share * 10_000) / 10_000,
    ...(e.sequential
      ? {
          insert_max_over_mean_plain_ranges: Math.round(e.sequential.insertMaxOverMeanRange * 10_000) / 10_000,
          insert_max_over_mean_bucketed_ranges: Math.round(e.sequential.insertMaxOverMeanBucketed * 10_000) / 10_000,
          insert_max_over_mean_hash: Math.round(e.sequential.insertMaxOverMeanHash * 10_000) / 10_000,
        }
      : {}),
  };
}

/** Failure scenarios of the chosen scheme beyond a membership change: a hot range, or losing directory copies. */
export function schemeScenarios(p: PartitionScheme): FailureScenario[] {
  const range = p.choice.range;
  if (p.scheme === 'range' && range) {
    const e = p.choice.evidence;
    const moved = range.movedKeys.length / Math.max(1, range.keyCount);
    const stored =
      range.hot.length === 0
        ? `No range is over the split threshold on the measured stored keys (busiest node ${e.maxOverMeanRange.toFixed(2)}x its fair load); a range whose load grows past ${range.threshold.toFixed(0)} is split.`
        : `${range.hot.length} range(s) exceed the split threshold; splitting them at their load medians moves ${(100 * moved).toFixed(1)}% of the keys, only from those ranges, and takes the busiest node from ${e.maxOverMeanRange.toFixed(2)}x to ${e.maxOverMeanRangeAfterSplits.toFixed(2)}x its fair load.`;
    const s = e.sequential;
    return [
      {
        scenario: s ? 'Hot range (inserts of keys arriving in order)' : 'Hot range',
        behavior: s
          ? `Every new key sorts after the last split point: on plain keys all ${s.inserts} measured inserts land on ${s.insertRangesRange} range on ${s.insertNodesRange} node, ${s.insertMaxOverMeanRange.toFixed(2)}x its fair insert load, and splitting it only moves the hot tail to the new last piece. ` +
            (p.choice.keyBuckets
              ? `With keys prefixed by one of ${s.buckets} hash buckets they land on ${s.insertRangesBucketed} tail ranges on ${s.insertNodesBucketed} node(s), ${s.insertMaxOverMeanBucketed.toFixed(2)}x. `
              : '') +
            `Stored keys: ${stored}`
          : stored,
        recovery: s
          ? `Prefix each key with its hash bucket (${s.buckets} here) and pre-split at the bucket boundaries; scans then ask every bucket. With more nodes than buckets, only ${s.buckets} nodes take inserts: raise the bucket count, or hash the keys if scans can be given up.`
          : 'Split busy ranges at their load median and move the pieces to the least loaded groups; merge cold neighbours. A single hot key cannot be split: cache it or spread it.',
        simulated: false,
      },
    ];
  }
  const directory = p.choice.directory;
  if (p.scheme === 'directory' && directory) {
    const r = directory.replication;
    return [
      {
        scenario: 'Directory copies lost',
        behavior: `The routing table is kept on ${r.replicas} copies: updates (moves) need ${r.updateQuorum} and stop after ${r.updateFailuresTolerated + 1} copies fail; lookups are served by any live copy until all ${r.replicas} are gone.`,
        recovery:
          'Restore or replace copies from a live one before more fail; routers keep serving from their cached table meanwhile (moves wait).',
        simulated: false,
      },
    ];
  }
  return [];
}

export interface PlacementFigures {
  readonly maxOverMean: number;
  readonly cv: number;
  readonly movedFraction: number;
  readonly idealMovedFraction: number;
  readonly change: string;
}

/**
 * Balance of the ring over the cluster's nodes and the keys that move when one node joins: a join probe, so at 1000
 * nodes the engine builds the 1001st.
 */
function planPlacement(spec: DesignSpec, replicas: number, seed: number): ReturnType<typeof planHashPlacement> {
  const regions = spec.regions && spec.regions.length > 0 ? spec.regions : undefined;
  const change: MembershipChange = {
    add: [{ id: `node-${spec.nodes + 1}`, weight: 1, ...(regions ? { zone: regions[0] } : {}) }],
  };
  return planHashPlacement(
    {
      algorithm: 'ring',
      nodes: clusterNodes(spec),
      virtualNodes: DEFAULT_VIRTUAL_NODES,
      replicas: Math.min(replicas, spec.nodes),
      distinctZones: regions !== undefined && regions.length >= replicas,
      change,
      sampleKeys: PLACEMENT_SAMPLE_KEYS,
      seed,
    },
    { joinProbe: true },
  );
}

function placementFigures(spec: DesignSpec, p: HashPlacement): PlacementFigures {
  const r4 = (v: number): number => Math.round(v * 10_000) / 10_000;
  return {
    maxOverMean: r4(p.balance.maxOverMean),
    cv: r4(p.balance.cv),
    movedFraction: r4(p.movement?.movedFraction ?? 0),
    idealMovedFraction: r4(p.movement?.idealFraction ?? 0),
    change: `node-${spec.nodes + 1} joins`,
  };
}

export function placementScenario(f: PlacementFigures): FailureScenario {
  return {
    scenario: `Membership change (${f.change})`,
    behavior:
      `${(100 * f.movedFraction).toFixed(1)}% of the keys change owner (the least possible is ` +
      `${(100 * f.idealMovedFraction).toFixed(1)}%); before it the most loaded node held ${f.maxOverMean}x the mean ` +
      `(load CV ${f.cv}).`,
    recovery: 'Stream the moving ranges to their new replica groups before switching ownership; nothing else moves.',
    simulated: false,
  };
}

/**
 * Two-phase commit over consensus groups (Gray & Lamport 2006, Paxos Commit; Spanner): a transaction's latency is
 * a round trip to the participants, the slowest participant group committing its prepare record, then the
 * coordinator's group committing the decision. Drawn by Monte Carlo from the commit latencies the group's runs
 * measured (the 2PC layer itself is not simulated).
 */
export function transactionLatency(
  groupLatenciesMs: readonly number[],
  participants: number,
  roundTripMs: number,
  seed: number,
): { p50: number | null; p99: number | null } {
  if (groupLatenciesMs.length === 0) return { p50: null, p99: null };
  const rng = Rng.fromSeed((seed + 11_000_000) >>> 0);
  const pick = (): number => groupLatenciesMs[rng.int(0, groupLatenciesMs.length - 1)] as number;
  const samples: number[] = [];
  for (let i = 0; i < 10_000; i++) {
    let prepare = 0;
    for (let k = 0; k < participants; k++) prepare = Math.max(prepare, pick());
    samples.push(roundTripMs + prepare + pick());
  }
  const p = percentiles(samples);
  const r1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  return { p50: r1(p.p50), p99: r1(p.p99) };
}

export function transactionScenarios(g: GroupLayout, failoverP50Ms: number | null): FailureScenario[] {
  const failover =
    failoverP50Ms === null ? 'one election' : `about ${Math.round(failoverP50Ms)} ms (the measured failover)`;
  return [
    {
      scenario: 'Coordinator crash between prepare and commit',
      behavior:
        `The decision is a log entry in the coordinator's own ${g.voters}-replica group, so the crash does not block ` +
        `participants (classic 2PC would hold their locks until the coordinator returns): a new leader of that group ` +
        `finishes or aborts the transaction after ${failover}.`,
      recovery:
        "Automatic: the coordinator group's new leader reads the decision (or its absence: abort) and tells the participants.",
      simulated: false,
    },
    {
      scenario: 'Participant group unavailable during prepare',
      behavior:
        'The coordinator cannot collect a yes vote within the prepare timeout and aborts; transactions touching that ' +
        'group fail (retryable) while transactions on other groups proceed.',
      recovery: 'Clients retry with backoff under the same idempotency key once the group has a leader again.',
      simulated: false,
    },
  ];
}
