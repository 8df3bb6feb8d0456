import type { NodeId } from './protocol.js';
import type { Rng } from './rng.js';

export const FAULT_ACTIONS = [
  'crash',
  'restart',
  'crash_leader',
  'partition',
  'partition_one_way',
  'isolate_leader',
  'isolate_leader_region',
  'heal',
  'slow_link',
  'packet_loss',
  'byzantine_silent',
  'byzantine_equivocate',
  'byzantine_wrong_replies',
] as const;

export type FaultAction = (typeof FAULT_ACTIONS)[number];

/**
 * What a byzantine replica does. `silent` (sends nothing) and `wrong_replies` (answers clients with values it never
 * read) are applied by the kernel to any protocol; `equivocate` is the protocol's own (PBFT: a primary that tells
 * replicas different requests for one sequence number, and backups that collude with it).
 */
export const BYZANTINE_BEHAVIOURS = ['silent', 'equivocate', 'wrong_replies'] as const;
export type ByzantineBehaviour = (typeof BYZANTINE_BEHAVIOURS)[number];

/** The behaviour a byzantine fault action turns on, undefined for other actions. */
export function byzantineBehaviourOf(action: FaultAction): ByzantineBehaviour | undefined {
  if (action === 'byzantine_silent') return 'silent';
  if (action === 'byzantine_equivocate') return 'equivocate';
  if (action === 'byzantine_wrong_replies') return 'wrong_replies';
  return undefined;
}

/** A value a `wrong_replies` replica returns instead of the true one: negative, so no client ever wrote it. */
export const wrongValue = (value: number | null): number => -1 - (value ?? 0);

/**
 * One scripted fault. `nodes` and `targets` are node indexes; a partition cuts `nodes` from `targets` (default: every
 * other node), a one-way partition drops only what `nodes` send to `targets`, a slow link adds `latencyMs` to every
 * message between them. With `durationMs` the fault undoes itself (restart, heal that cut, restore the link).
 */
export interface FaultSpec {
  readonly atMs: number;
  readonly action: FaultAction;
  readonly nodes: readonly NodeId[];
  readonly targets?: readonly NodeId[] | undefined;
  readonly durationMs?: number | undefined;
  /** slow_link: extra one-way delay in ms. */
  readonly latencyMs?: number | undefined;
  /** packet_loss: loss probability while the fault lasts. */
  readonly probability?: number | undefined;
}

/** Faults drawn from the seed: crashes as a Poisson process per node, partitions started by a per-second chance. */
export interface RandomFaults {
  /** Crashes per node per minute (0 for none). */
  readonly crashRatePerMinute: number;
  /** Chance per second that a new random partition starts while none of these is active. */
  readonly partitionProbability: number;
  /** Mean time to repair: mean crash downtime and mean partition length (exponential). */
  readonly mttrMs: number;
}

export const NO_RANDOM_FAULTS: RandomFaults = { crashRatePerMinute: 0, partitionProbability: 0, mttrMs: 1000 };

/** Time of a node's next random crash after `fromMs`. */
export function nextCrashMs(rf: RandomFaults, fromMs: number, rng: Rng): number {
  return rf.crashRatePerMinute > 0 ? fromMs + rng.exponential(60_000 / rf.crashRatePerMinute) : Infinity;
}

/**
 * A random partition: a random minority (1..floor(n/2) nodes) cut from the rest, symmetric most of the time and
 * one-way (the minority cannot send) otherwise, lasting an exponential time with mean MTTR.
 */
export function randomPartition(nodes: number, atMs: number, rf: RandomFaults, rng: Rng): FaultSpec {
  const size = rng.int(1, Math.max(1, Math.floor(nodes / 2)));
  const order = Array.from({ length: nodes }, (_, i) => i);
  for (let i = nodes - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const side = order.slice(0, size).sort((a, b) => a - b);
  const oneWay = rng.chance(0.2);
  return {
    atMs,
    action: oneWay ? 'partition_one_way' : 'partition',
    nodes: side,
    durationMs: Math.max(1, Math.round(rng.exponential(rf.mttrMs))),
  };
}
