import { maxByzantineFailures, maxCrashFailures } from '../cluster/quorum.js';
import { spreadOver, type GroupNetwork } from './timing.js';
import type { DesignSpec } from './types.js';

/** One replication group (a consensus group, a shard's replicas): who votes, where they sit, how far apart. */
export interface GroupLayout {
  readonly voters: number;
  /** Nodes of the cluster outside the voting group (non-voting learners or the other shards). */
  readonly others: number;
  /** Failures the group tolerates. */
  readonly f: number;
  readonly byzantine: boolean;
  readonly regionNames: readonly string[];
  readonly network: GroupNetwork;
  readonly placement: readonly { readonly region: string; readonly nodes: number }[];
}

/** Assumed delay inside one region when the caller gives only the delay between regions. */
const INTRA_REGION_MS = 1;
/** Assumed delay between regions when the caller gives regions but no latency (a continent apart). */
const ASSUMED_INTER_REGION_MS = 30;
/** Voters beyond this buy little: every commit waits for a majority of them (etcd and Consul advise 3 or 5). */
const LARGE_GROUP = 7;

const oddFloor = (n: number): number => (n % 2 === 1 ? n : n - 1);

/**
 * The voting group for this cluster. Crash faults: 2f + 1 voters, all nodes when that is 7 or fewer (rounded down
 * to an odd count: an even one adds a vote but no tolerance), otherwise 2f + 1 with f defaulting to 2; the rest
 * are non-voting learners (Raft thesis §4.2.1). Byzantine faults: 3f + 1 replicas (more add O(n^2) messages and no
 * tolerance).
 */
export function consensusGroup(spec: DesignSpec, fRequested: number | undefined, assumptions: string[]): GroupLayout {
  const n = spec.nodes;
  let voters: number;
  let f: number;
  // A PBFT group forced on a crash-fault cluster is still sized 3f + 1: PBFT's quorums need it (found by the
  // protocol fuzzer: 4 nodes, protocol pbft, gave a 3-replica group the simulator refused).
  if (spec.byzantine || spec.protocol === 'pbft') {
    f = fRequested ?? maxByzantineFailures(n);
    voters = 3 * f + 1;
  } else {
    voters =
      n <= LARGE_GROUP ? Math.max(oddFloor(n), 2 * (fRequested ?? 0) + 1) : Math.max(5, 2 * (fRequested ?? 2) + 1);
    f = maxCrashFailures(voters);
  }
  return layout(spec, voters, n - voters, f, assumptions);
}

/** A group of `size` replicas (a shard), placed over the regions like the whole cluster. */
export function replicaGroup(spec: DesignSpec, size: number, f: number, assumptions: string[]): GroupLayout {
  return layout(spec, size, spec.nodes - size, f, assumptions);
}

function layout(spec: DesignSpec, voters: number, others: number, f: number, assumptions: string[]): GroupLayout {
  const regionNames = spec.regions && spec.regions.length > 0 ? [...spec.regions] : ['region-1'];
  const multi = regionNames.length > 1;
  let interRegionMs = spec.latencyMs ?? (multi ? ASSUMED_INTER_REGION_MS : INTRA_REGION_MS);
  if (spec.latencyMs === undefined) {
    assumptions.push(
      multi
        ? `latency_ms not given: ${ASSUMED_INTER_REGION_MS} ms one way between regions and ${INTRA_REGION_MS} ms inside one`
        : `latency_ms not given: ${INTRA_REGION_MS} ms one way between nodes (one data centre)`,
    );
  } else if (multi) {
    assumptions.push(
      `latency_ms (${spec.latencyMs} ms) is taken as the delay between regions; inside one, ${INTRA_REGION_MS} ms`,
    );
  }
  const intraRegionMs = multi ? Math.min(INTRA_REGION_MS, interRegionMs) : interRegionMs;
  if (!multi) interRegionMs = intraRegionMs;
  const regionOf = spreadOver(voters, regionNames.length);
  // Without regions there is nothing to place: the design then says nothing about placement.
  const placement =
    multi || spec.regions
      ? regionNames.map((region, r) => ({ region, nodes: regionOf.filter((x) => x === r).length }))
      : [];
  return {
    voters,
    others,
    f,
    byzantine: spec.byzantine,
    regionNames,
    network: { regionOf, intraRegionMs, interRegionMs },
    placement,
  };
}
