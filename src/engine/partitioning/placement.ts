import { assert, configError, limitError } from '../errors.js';
import { balanceOf, movementOf, type Balance, type Movement } from './analysis.js';
import { createPartitioner, type PartitionerSpec, type ProbeOptions } from './create.js';
import {
  JOIN_PROBE_MAX_NODES,
  RING_LIMITS,
  applyChange,
  isChange,
  type MembershipChange,
  type ResolvedChange,
  type RingNode,
} from './nodes.js';
import type { Partitioner } from './partitioner.js';
import { DEFAULT_VIRTUAL_NODES } from './ring.js';
import { createSampleJob, idSpace, type IncrementalJob } from './sample.js';

export const DEFAULT_SAMPLE_KEYS = 10_000;

/** A question about one algorithm: where do these keys go, how even is the load, what moves on a change. */
export interface HashPlacementSpec extends Omit<PartitionerSpec, 'expectedKeys'> {
  readonly keys?: readonly string[] | undefined;
  /** Nodes in each key's preference list (1 = the owner only). */
  readonly replicas?: number | undefined;
  /** No two replicas in one zone; defaults to true when nodes have zones. */
  readonly distinctZones?: boolean | undefined;
  readonly change?: MembershipChange | undefined;
  readonly sampleKeys?: number | undefined;
  readonly seed?: number | undefined;
}

export interface KeyAssignment {
  readonly key: string;
  readonly node: string;
  /** The preference list, owner first. */
  readonly replicas: readonly string[];
  readonly nodeAfter?: string | undefined;
  readonly replicasAfter?: readonly string[] | undefined;
  readonly moved?: boolean | undefined;
}

export interface HashPlacement {
  readonly algorithm: PartitionerSpec['algorithm'];
  readonly seed: number;
  readonly hashing: string;
  readonly nodes: readonly RingNode[];
  readonly nodesAfter?: readonly RingNode[] | undefined;
  readonly distinctZones: boolean;
  readonly assignments: readonly KeyAssignment[];
  readonly balance: Balance;
  readonly balanceAfter?: Balance | undefined;
  readonly movement?: (Movement & { readonly change: ResolvedChange }) | undefined;
  readonly memoryBytes: number;
  /** Search iterations, probes or node scores per lookup, averaged over the sample: a deterministic cost proxy. */
  readonly stepsPerLookup: number;
  readonly warnings: readonly string[];
}

/** Checks the replica count against the nodes (and their zones) it must be drawn from. */
export function checkReplicas(
  nodes: readonly RingNode[],
  replicas: number,
  distinctZones: boolean,
  path: string,
): void {
  if (replicas < 1 || replicas > RING_LIMITS.maxReplicas) {
    throw limitError('replicas', `replicas must be 1..${RING_LIMITS.maxReplicas}`);
  }
  if (replicas > nodes.length) {
    throw configError(
      path,
      `replicas is ${replicas} but only ${nodes.length} node(s) would hold them; lower replicas or add nodes`,
    );
  }
  const zones = new Set(nodes.map((n) => n.zone)).size;
  if (distinctZones && replicas > zones) {
    throw configError(
      path,
      `replicas is ${replicas} in distinct zones but there are only ${zones} zone(s); lower replicas, add zones or set distinct_zones false`,
    );
  }
}

/**
 * Places keys and the seeded sample with one algorithm, before and after an optional membership change. With
 * `probe.joinProbe` the change is the engine's own one-node join, allowed to take the membership one past the cap.
 */
export function planHashPlacement(
  spec: HashPlacementSpec,
  probe: ProbeOptions = {},
): IncrementalJob & { result(): HashPlacement } {
  const keys = spec.keys ?? [];
  const replicas = spec.replicas ?? 1;
  const sampleKeys = spec.sampleKeys ?? DEFAULT_SAMPLE_KEYS;
  const seed = spec.seed ?? 0;
  if (sampleKeys < 1 || sampleKeys > RING_LIMITS.maxSampleKeys) {
    throw limitError('sample_keys', `sample_keys must be 1..${RING_LIMITS.maxSampleKeys}`);
  }
  if (keys.length > RING_LIMITS.maxKeys) throw limitError('keys', `at most ${RING_LIMITS.maxKeys} keys`);
  const distinctZones = spec.distinctZones ?? spec.nodes.every((n) => n.zone !== undefined);
  const expectedKeys = sampleKeys + keys.length;
  const before = createPartitioner({ ...spec, expectedKeys });
  checkReplicas(before.nodes, replicas, distinctZones, 'replicas');
  const change = spec.change && isChange(spec.change) ? spec.change : undefined;
  // A join probe is the engine's own "what if one node joined": the one change allowed past the node cap.
  assert(
    !probe.joinProbe || (change?.add?.length === 1 && !change.remove?.length && !change.reweight?.length),
    'a join probe adds exactly one node and changes nothing else',
  );
  const nodesAfter = change
    ? applyChange(spec.nodes, change, probe.joinProbe ? JOIN_PROBE_MAX_NODES : RING_LIMITS.maxNodes)
    : undefined;
  if (nodesAfter) checkReplicas(nodesAfter, replicas, distinctZones, 'remove_nodes');
  const after = nodesAfter ? createPartitioner({ ...spec, nodes: nodesAfter, expectedKeys }, probe) : undefined;
  const space = idSpace(before.nodes, after?.nodes ?? []);
  const job = createSampleJob({ before, after, space, sampleKeys, seed });
  return {
    advance: (budget) => job.advance(budget),
    progress: () => job.progress(),
    result: () => {
      const sample = job.result();
      const virtualNodes = spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES;
      const stepsPerLookup = before.steps.value / Math.max(1, sample.keys);
      // Bounded loads place the looked-up keys after the sample, as keys arriving on a loaded cluster.
      const assignments = keys.map((key) => assign(key, before, after, replicas, distinctZones));
      return {
        algorithm: spec.algorithm,
        seed,
        hashing: before.hashing,
        nodes: before.nodes,
        nodesAfter,
        distinctZones,
        assignments,
        balance: balanceOf(before, sample.countsBefore, sample.keys, virtualNodes),
        balanceAfter:
          after && sample.countsAfter ? balanceOf(after, sample.countsAfter, sample.keys, virtualNodes) : undefined,
        movement:
          after && change
            ? {
                ...movementOf(before, after, space, sample),
                change: { add: change.add ?? [], remove: change.remove ?? [], reweight: change.reweight ?? [] },
              }
            : undefined,
        memoryBytes: before.memoryBytes,
        stepsPerLookup,
        warnings: [...before.warnings, ...(after?.warnings ?? []).filter((w) => !before.warnings.includes(w))],
      };
    },
  };
}

function assign(
  key: string,
  before: Partitioner,
  after: Partitioner | undefined,
  replicas: number,
  distinctZones: boolean,
): KeyAssignment {
  const list = before.preference(key, replicas, distinctZones).map((i) => before.nodes[i]?.id ?? '');
  if (!after) return { key, node: list[0] ?? '', replicas: list };
  const listAfter = after.preference(key, replicas, distinctZones).map((i) => after.nodes[i]?.id ?? '');
  return {
    key,
    node: list[0] ?? '',
    replicas: list,
    nodeAfter: listAfter[0] ?? '',
    replicasAfter: listAfter,
    moved: list[0] !== listAfter[0],
  };
}
