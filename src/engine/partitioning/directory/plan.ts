import { validateCluster } from '../../cluster/validate.js';
import { configError, limitError } from '../../errors.js';
import { balanceOf, movementOf, type Balance, type Movement } from '../analysis.js';
import { createPartitioner, type PartitionerSpec } from '../create.js';
import { RING_LIMITS, checkNodes } from '../nodes.js';
import type { HashAlgorithm, Partitioner } from '../partitioner.js';
import { DEFAULT_SAMPLE_KEYS, checkReplicas } from '../placement.js';
import { DEFAULT_VIRTUAL_NODES } from '../ring.js';
import { createSampleJob, idSpace, sampleKey, type IncrementalJob } from '../sample.js';
import {
  DIRECTORY_LIMITS,
  buildTable,
  checkEntryShape,
  entryId,
  nodeIndex,
  type DirectoryEntry,
  type DirectoryVia,
  type RoutingTable,
} from './table.js';

/** Placements a directory can fall back on: every hash placement whose lookups do not depend on arrival order. */
export const DIRECTORY_DEFAULTS = [
  'ring',
  'ketama',
  'jump',
  'rendezvous',
  'maglev',
] as const satisfies readonly HashAlgorithm[];
export type DirectoryDefault = (typeof DIRECTORY_DEFAULTS)[number];
export const DEFAULT_DIRECTORY_REPLICAS = 3;

/** Re-route one key or one prefix to `to`; an entry that does not exist yet is created. */
export interface DirectoryMove {
  readonly key?: string | undefined;
  readonly prefix?: string | undefined;
  readonly to: string;
}

export interface DirectorySpec extends Omit<PartitionerSpec, 'algorithm' | 'expectedKeys'> {
  readonly defaultAlgorithm?: DirectoryDefault | undefined;
  readonly entries?: readonly DirectoryEntry[] | undefined;
  readonly keys?: readonly string[] | undefined;
  readonly moves?: readonly DirectoryMove[] | undefined;
  readonly replicas?: number | undefined;
  readonly distinctZones?: boolean | undefined;
  /** Copies of the directory itself, kept consistent by a majority quorum (default 3). */
  readonly directoryReplicas?: number | undefined;
  readonly sampleKeys?: number | undefined;
  readonly seed?: number | undefined;
  /** Test-only: a prefix move that also rewrites the keys pinned under it, to prove the unrequested-move check. */
  readonly __plantedBug?: 'prefix_move_drags_pinned_keys' | undefined;
}

export interface DirectoryAssignment {
  readonly key: string;
  readonly node: string;
  readonly replicas: readonly string[];
  readonly via: DirectoryVia;
  readonly entry?: string | undefined;
  readonly nodeAfter?: string | undefined;
  readonly viaAfter?: DirectoryVia | undefined;
  readonly entryAfter?: string | undefined;
  readonly moved?: boolean | undefined;
}

export interface DirectoryMoveReport {
  readonly key?: string | undefined;
  readonly prefix?: string | undefined;
  /** The node the entry pointed to; undefined when the move created the entry. */
  readonly from: string | undefined;
  readonly to: string;
  /** Known keys (given, or with an entry of their own) that changed node because of this entry. */
  readonly keysMoved: readonly string[];
  /** Sampled keys that changed node because of this entry. */
  readonly sampledKeysMoved: number;
}

/** The directory's own replication: it is a single point of failure unless copied, and copies need a quorum. */
export interface DirectoryReplication {
  readonly replicas: number;
  /** Copies that must acknowledge an update (a majority, so any two updates meet on one copy). */
  readonly updateQuorum: number;
  /** Copies that may fail while updates still commit. */
  readonly updateFailuresTolerated: number;
  /** Copies that may fail while lookups are still answered (from any copy, possibly a stale one). */
  readonly lookupFailuresTolerated: number;
  readonly warnings: readonly string[];
}

export interface DirectoryPlan {
  readonly defaultAlgorithm: DirectoryDefault;
  readonly hashing: string;
  readonly seed: number;
  readonly nodes: Partitioner['nodes'];
  readonly distinctZones: boolean;
  readonly entries: readonly DirectoryEntry[];
  readonly entriesAfter: readonly DirectoryEntry[] | undefined;
  readonly tableBytes: number;
  readonly assignments: readonly DirectoryAssignment[];
  readonly moves: readonly DirectoryMoveReport[];
  readonly balance: Balance;
  readonly balanceAfter: Balance | undefined;
  readonly movement: Movement | undefined;
  /** Keys (given and sampled) that changed node although no requested move governs them: 0 unless there is a bug. */
  readonly unrequestedMoves: number;
  /** Sampled keys the directory routed by an entry rather than the default scheme. */
  readonly sampledKeysRoutedByEntries: number;
  readonly replication: DirectoryReplication;
  readonly memoryBytes: number;
  readonly stepsPerLookup: number;
}

/**
 * Directory-based partitioning: an explicit table of keys and prefixes in front of a default hash placement. Moves
 * change single entries, so only the keys those entries govern change node; the check counts any other move.
 */
export function planDirectory(spec: DirectorySpec): IncrementalJob & { result(): DirectoryPlan } {
  checkNodes(spec.nodes);
  const defaultAlgorithm = spec.defaultAlgorithm ?? 'ring';
  const sampleKeys = spec.sampleKeys ?? DEFAULT_SAMPLE_KEYS;
  const seed = spec.seed ?? 0;
  if (sampleKeys < 1 || sampleKeys > RING_LIMITS.maxSampleKeys) {
    throw limitError('sample_keys', `sample_keys must be 1..${RING_LIMITS.maxSampleKeys}`);
  }
  const replicas = spec.replicas ?? 1;
  const distinctZones = spec.distinctZones ?? spec.nodes.every((n) => n.zone !== undefined);
  checkReplicas(spec.nodes, replicas, distinctZones, 'replicas');
  const fallback = createPartitioner({ ...spec, algorithm: defaultAlgorithm });
  const before = buildTable(spec.nodes, fallback, spec.entries ?? []);
  const moves = spec.moves ?? [];
  const after = moves.length > 0 ? applyMoves(before, moves, spec.__plantedBug) : undefined;
  const steps = { value: 0 };
  const p = (table: RoutingTable): Partitioner => asPartitioner(table, fallback, steps);
  const pBefore = p(before);
  const pAfter = after ? p(after) : undefined;
  const space = idSpace(spec.nodes, spec.nodes);
  const job = createSampleJob({ before: pBefore, after: pAfter, space, sampleKeys, seed });
  const audit = moveAudit(before, after, moves);
  // Known keys: the given ones and every key with an entry of its own, before or after.
  for (const key of new Set([...(spec.keys ?? []), ...before.pinnedKeys(), ...(after?.pinnedKeys() ?? [])])) {
    audit.visit(key, true);
  }
  const replication = directoryReplication(spec.directoryReplicas ?? DEFAULT_DIRECTORY_REPLICAS);
  return {
    advance: (budget) => {
      const from = job.progress().done;
      const done = job.advance(budget);
      for (let i = from; i < job.progress().done; i++) audit.visit(sampleKey(seed, i), false);
      return done;
    },
    progress: () => job.progress(),
    result: () => {
      const sample = job.result();
      const lookups = Math.max(1, sample.keys * (pAfter ? 2 : 1));
      const stepsPerLookup = steps.value / lookups;
      const { reports, unrequested, sampledByEntries } = audit.finish();
      return {
        defaultAlgorithm,
        hashing: `directory: exact key, else longest prefix, else ${fallback.hashing}`,
        seed,
        nodes: spec.nodes,
        distinctZones,
        entries: before.entries(),
        entriesAfter: after?.entries(),
        tableBytes: (after ?? before).bytes(),
        assignments: (spec.keys ?? []).map((key) => assign(key, before, after, replicas, distinctZones)),
        moves: reports,
        balance: balanceOf(pBefore, sample.countsBefore, sample.keys, spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES),
        balanceAfter:
          pAfter && sample.countsAfter
            ? balanceOf(pAfter, sample.countsAfter, sample.keys, spec.virtualNodes ?? DEFAULT_VIRTUAL_NODES)
            : undefined,
        movement: pAfter ? movementOf(pBefore, pAfter, space, sample) : undefined,
        unrequestedMoves: unrequested,
        sampledKeysRoutedByEntries: sampledByEntries,
        replication,
        memoryBytes: (after ?? before).bytes() + fallback.memoryBytes,
        stepsPerLookup,
      };
    },
  };
}

function asPartitioner(table: RoutingTable, fallback: Partitioner, steps: { value: number }): Partitioner {
  return {
    algorithm: 'directory',
    nodes: table.nodes,
    lookup: (key) => table.route(key, steps).node,
    preference: (key, count, distinctZones) => table.preference(key, count, distinctZones),
    memoryBytes: table.bytes() + fallback.memoryBytes,
    hashing: fallback.hashing,
    steps,
    warnings: fallback.warnings,
  };
}

function applyMoves(
  before: RoutingTable,
  moves: readonly DirectoryMove[],
  bug: DirectorySpec['__plantedBug'],
): RoutingTable {
  if (moves.length > DIRECTORY_LIMITS.maxMoves)
    throw limitError('move_keys', `at most ${DIRECTORY_LIMITS.maxMoves} moves`);
  const after = before.clone();
  const seen = new Map<string, number>();
  moves.forEach((move, i) => {
    checkEntryShape(move, `move_keys.${i}`);
    const to = nodeIndex(before.nodes, move.to, `move_keys.${i}.to`);
    const id = entryId(move);
    const first = seen.get(id);
    if (first !== undefined) {
      throw configError(
        `move_keys.${i}`,
        `moves the same entry as move_keys.${first}; give one target per key or prefix`,
      );
    }
    seen.set(id, i);
    after.set(move, to);
    if (bug === 'prefix_move_drags_pinned_keys' && move.prefix !== undefined) {
      for (const key of after.keysUnder(move.prefix)) after.set({ key }, to);
    }
  });
  return after;
}

/** Tallies of the move audit: what each moved entry moved, and what moved without one. */
interface MoveAudit {
  visit(key: string, known: boolean): void;
  finish(): { reports: DirectoryMoveReport[]; unrequested: number; sampledByEntries: number };
}

/**
 * Which keys moved and why: a key may change node only when, after the moves, it is routed by an entry a move named.
 * Fed the known keys and, slice by slice, the seeded sample; any other move is counted in `unrequested`.
 */
function moveAudit(before: RoutingTable, after: RoutingTable | undefined, moves: readonly DirectoryMove[]): MoveAudit {
  const moved = new Map(moves.map((m) => [entryId(m), { known: [] as string[], sampled: 0 }]));
  let unrequested = 0;
  let sampledByEntries = 0;
  const id = (i: number | undefined): string | undefined => (i === undefined ? undefined : before.nodes[i]?.id);
  return {
    visit(key, known) {
      const a = before.route(key);
      if (!known && a.via !== 'default') sampledByEntries++;
      if (!after) return;
      const b = after.route(key);
      if (a.node === b.node) return;
      const governing = b.via === 'key' ? `key:${key}` : b.via === 'prefix' ? `prefix:${b.entry ?? ''}` : '';
      const tally = moved.get(governing);
      if (!tally) unrequested++;
      else if (known) tally.known.push(key);
      else tally.sampled++;
    },
    finish: () => ({
      reports: moves.map((m) => {
        const tally = moved.get(entryId(m));
        return {
          ...(m.key !== undefined ? { key: m.key } : { prefix: m.prefix }),
          from: id(before.entryNode(m)),
          to: m.to,
          keysMoved: tally?.known ?? [],
          sampledKeysMoved: tally?.sampled ?? 0,
        };
      }),
      unrequested,
      sampledByEntries,
    }),
  };
}

function directoryReplication(replicas: number): DirectoryReplication {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > DIRECTORY_LIMITS.maxDirectoryReplicas) {
    throw limitError(
      'directory_replicas',
      `directory_replicas must be an integer in 1..${DIRECTORY_LIMITS.maxDirectoryReplicas}`,
    );
  }
  // The directory is a small replicated state machine: majority quorums (Raft §5.2, as in ZooKeeper or etcd).
  const cluster = validateCluster({ nodes: replicas });
  const warnings = cluster.warnings.map((w) => w.message);
  if (replicas === 1) {
    warnings.unshift(
      'a single directory copy is a single point of failure: when it is down no key can be routed; run 3 or 5 copies',
    );
  }
  return {
    replicas,
    updateQuorum: cluster.quorumSize,
    updateFailuresTolerated: cluster.maxFailureTolerance,
    lookupFailuresTolerated: replicas - 1,
    warnings,
  };
}

function assign(
  key: string,
  before: RoutingTable,
  after: RoutingTable | undefined,
  replicas: number,
  distinctZones: boolean,
): DirectoryAssignment {
  const id = (i: number): string => before.nodes[i]?.id ?? '';
  const a = before.route(key);
  const base = {
    key,
    node: id(a.node),
    replicas: before.preference(key, replicas, distinctZones).map(id),
    via: a.via,
    ...(a.entry !== undefined ? { entry: a.entry } : {}),
  };
  if (!after) return base;
  const b = after.route(key);
  return {
    ...base,
    nodeAfter: id(b.node),
    viaAfter: b.via,
    ...(b.entry !== undefined ? { entryAfter: b.entry } : {}),
    moved: a.node !== b.node,
  };
}
