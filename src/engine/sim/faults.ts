import type { NodeId } from './protocol.js';
import type { Rng } from './rng.js';

export const FAULT_ACTIONS = [
  'crash',
  'restart',
  'crash_leader',
  'partition',
  'partition_one_way',
  'isolate_leader',
  'heal',
  'slow_link',
  'packet_loss',
] as const;

export type FaultAction = (typeof FAULT_ACTIONS)[number];

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
