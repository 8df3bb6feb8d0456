import { planHashPlacement } from '../partitioning/placement.js';
import { DEFAULT_VIRTUAL_NODES } from '../partitioning/ring.js';
import { RING_LIMITS, type MembershipChange, type RingNode } from '../partitioning/nodes.js';
import { percentiles } from '../sim/result.js';
import { Rng } from '../sim/rng.js';
import type { GroupLayout } from './group.js';
import type { DesignSpec, FailureScenario } from './types.js';

/** Keys sampled to measure balance and movement of the placement. */
const PLACEMENT_SAMPLE_KEYS = 10_000;

/**
 * How keys are split over the cluster. Consistent hashing today: it needs nothing from the caller, spreads load
 * evenly and moves only ~1/(n+1) of the keys when a node joins. This is the seam where range partitioning (ordered
 * scans, hot-range splits) and a directory (manual placement) are chosen once the caller can say it needs them:
 * both layouts exist in the partitioning engine behind `hash_ring`.
 */
export function choosePartitionScheme(_spec: DesignSpec): { scheme: 'consistent_hashing'; reason: string } {
  return {
    scheme: 'consistent_hashing',
    reason:
      'Consistent hashing with virtual nodes: no range queries or placement constraints were given, so even load and ' +
      'minimal movement on membership changes matter most (range partitioning would add ordered scans at the risk ' +
      'of hot ranges; a directory adds manual placement at the cost of a replicated routing table).',
  };
}

export interface PlacementFigures {
  readonly maxOverMean: number;
  readonly cv: number;
  readonly movedFraction: number;
  readonly idealMovedFraction: number;
  readonly change: string;
}

/** Balance of the ring over the cluster's nodes and the keys that move when one node joins (or leaves, at 1000). */
export function measurePlacement(spec: DesignSpec, replicas: number, seed: number): PlacementFigures {
  const regions = spec.regions && spec.regions.length > 0 ? spec.regions : undefined;
  const nodes: RingNode[] = Array.from({ length: spec.nodes }, (_, i) => ({
    id: `node-${i + 1}`,
    weight: 1,
    ...(regions ? { zone: regions[i % regions.length] } : {}),
  }));
  const adding = spec.nodes < RING_LIMITS.maxNodes;
  const change: MembershipChange = adding
    ? { add: [{ id: `node-${spec.nodes + 1}`, weight: 1, ...(regions ? { zone: regions[0] } : {}) }] }
    : { remove: [`node-${spec.nodes}`] };
  const job = planHashPlacement({
    algorithm: 'ring',
    nodes,
    virtualNodes: DEFAULT_VIRTUAL_NODES,
    replicas: Math.min(replicas, spec.nodes),
    distinctZones: regions !== undefined && regions.length >= replicas,
    change,
    sampleKeys: PLACEMENT_SAMPLE_KEYS,
    seed,
  });
  while (!job.advance(100_000));
  const p = job.result();
  const r4 = (v: number): number => Math.round(v * 10_000) / 10_000;
  return {
    maxOverMean: r4(p.balance.maxOverMean),
    cv: r4(p.balance.cv),
    movedFraction: r4(p.movement?.movedFraction ?? 0),
    idealMovedFraction: r4(p.movement?.idealFraction ?? 0),
    change: adding ? `node-${spec.nodes + 1} joins` : `node-${spec.nodes} leaves`,
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
