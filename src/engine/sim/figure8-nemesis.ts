import { viewLeader, type AdaptiveNemesis, type NemesisView } from './adaptive-nemesis.js';
import type { FaultSpec } from './faults.js';
import type { NodeId } from './protocol.js';
import { Rng } from './rng.js';

interface Leader {
  readonly id: NodeId;
  readonly term: number;
  /** Its last log index when the nemesis cut it off (its next entry stays its own). */
  readonly baseIndex: number;
}

type Phase =
  | { readonly kind: 'settle'; readonly untilMs: number }
  | { readonly kind: 'firstWrite'; readonly sinceMs: number; readonly first: Leader }
  | { readonly kind: 'second'; readonly sinceMs: number; readonly first: Leader; readonly entry: number }
  | {
      readonly kind: 'secondWrite';
      readonly sinceMs: number;
      readonly first: Leader;
      readonly entry: number;
      readonly second: Leader;
    }
  | {
      readonly kind: 'third';
      readonly sinceMs: number;
      readonly first: Leader;
      readonly entry: number;
      readonly second: Leader;
    }
  | { readonly kind: 'fourth'; readonly untilMs: number };

/** How long a step may wait for the cluster (a new leader, a client write) before the round is given up. */
const STEP_TIMEOUT_MS = 3000;

const all = (nodes: number): NodeId[] => Array.from({ length: nodes }, (_, i) => i);

/** Every node cut off from every other: no one can be elected, and what a leader appends stays its own. */
function scatter(now: number, nodes: number): FaultSpec[] {
  return all(nodes).map((n) => ({
    atMs: now,
    action: 'partition',
    nodes: [n],
    targets: all(nodes).filter((m) => m !== n),
  }));
}

/** The nodes other than the hubs cut off from each other: only a hub (connected to all) can gather a quorum. */
function star(now: number, hubs: readonly NodeId[], nodes: number): FaultSpec[] {
  const spokes = all(nodes).filter((i) => !hubs.includes(i));
  return spokes.map((n) => ({ atMs: now, action: 'partition', nodes: [n], targets: spokes.filter((m) => m !== n) }));
}

const crash = (at: number, id: NodeId): FaultSpec => ({ atMs: at, action: 'crash', nodes: [id] });
const restart = (at: number, ids: readonly NodeId[] = []): FaultSpec => ({ atMs: at, action: 'restart', nodes: ids });
const heal = (at: number): FaultSpec => ({ atMs: at, action: 'heal', nodes: [] });

/**
 * A nemesis that plays the Raft paper's Figure 8 (§5.4.2) over and over, watching the cluster every millisecond and
 * steering elections with partitions. (a) Cut every node off from the others and wait until the leader S1 appends a
 * client write (entry E, term t1, on S1 alone); crash S1 and heal. (b) When a leader S5 of a later term is elected,
 * cut everyone off again, wait until S5 appends a write of its own term, crash it, restart S1, and cut the other
 * nodes off from each other so that only S1 (whose log is the longest of the last term) can be elected. (c) Once S1
 * leads again, crash it the moment its commit index covers E: a correct Raft commits E only together with an entry
 * of the new term stored on a majority, a Raft that counts replicas of old entries commits E while the majority's
 * last term is still t1. (d) Restart S5, whose last term is above theirs, as the only node that can win: it is
 * elected and overwrites E. Everyone then heals and restarts, and the next round starts after a pause; a round that
 * goes another way is given up the same way. Deterministic: its pauses come from its own seeded stream.
 */
export function figure8Nemesis(seed: number): () => AdaptiveNemesis {
  return () => {
    const rng = Rng.fromSeed((seed + 8_000_000) >>> 0);
    const pause = (now: number): Phase => ({ kind: 'settle', untilMs: now + 300 + rng.int(0, 700) });
    let phase: Phase = pause(0);
    const giveUp = (now: number): FaultSpec[] => {
      phase = pause(now);
      return [heal(now), restart(now)];
    };
    const wroteSince = (view: NemesisView, l: Leader): boolean | undefined => {
      const s = view.nodes[l.id]?.status;
      if (!s?.leader || s.term !== l.term) return undefined; // it lost leadership: the round is off
      return s.lastIndex > l.baseIndex;
    };
    const next = (view: NemesisView): FaultSpec[] => {
      const now = view.nowMs;
      const n = view.nodes.length;
      const leader = viewLeader(view);
      if (phase.kind === 'settle') {
        if (now < phase.untilMs || !leader) return [];
        const first = { id: leader.id, term: leader.status.term, baseIndex: leader.status.lastIndex };
        phase = { kind: 'firstWrite', sinceMs: now, first };
        return scatter(now, n);
      }
      if (phase.kind === 'fourth') return now < phase.untilMs ? [] : giveUp(now);
      if (now - phase.sinceMs > STEP_TIMEOUT_MS) return giveUp(now);
      switch (phase.kind) {
        case 'firstWrite': {
          const wrote = wroteSince(view, phase.first);
          if (wrote === undefined) return giveUp(now);
          if (!wrote) return [];
          const entry = view.nodes[phase.first.id]?.status?.lastIndex ?? 0;
          phase = { kind: 'second', sinceMs: now, first: phase.first, entry };
          return [crash(now, phase.first.id), heal(now)];
        }
        case 'second': {
          if (!leader || leader.status.term <= phase.first.term) return [];
          const second = { id: leader.id, term: leader.status.term, baseIndex: leader.status.lastIndex };
          phase = { ...phase, kind: 'secondWrite', sinceMs: now, second };
          return scatter(now, n);
        }
        case 'secondWrite': {
          const wrote = wroteSince(view, phase.second);
          if (wrote === undefined) return giveUp(now);
          if (!wrote) return [];
          const { first, second } = phase;
          phase = { ...phase, kind: 'third', sinceMs: now };
          return [crash(now, second.id), heal(now), restart(now, [first.id]), ...star(now, [first.id, second.id], n)];
        }
        case 'third': {
          if (!leader || leader.status.term <= phase.second.term) return [];
          if (leader.id !== phase.first.id) return giveUp(now);
          if (leader.status.commitIndex < phase.entry) return [];
          const { first, second } = phase;
          phase = { kind: 'fourth', untilMs: now + 1000 + rng.int(0, 1000) };
          return [crash(now, first.id), restart(now, [second.id])];
        }
      }
    };
    return { everyMs: 1, next };
  };
}
