import type { FaultSpec } from './faults.js';
import { Rng } from './rng.js';

/** How often the nemesis strikes and how long each fault lasts, as [min, max] ms (uniform). */
export interface NemesisPace {
  readonly everyMs: readonly [number, number];
  readonly lastsMs: readonly [number, number];
}

/** The default pace: a fault every 100-500 ms, lasting 50-500 ms (fast enough to keep Raft elections busy). */
export const RAFT_PACE: NemesisPace = { everyMs: [100, 500], lastsMs: [50, 500] };

/**
 * PBFT's view change waits a view-change timeout (doubled per failed view), far longer than a Raft election: at
 * Raft's pace it would never leave view changes. A fault every 0.5-1.5 s, lasting 0.1-0.8 s, still forces many.
 */
export const VIEW_CHANGE_PACE: NemesisPace = { everyMs: [500, 1500], lastsMs: [100, 800] };

/**
 * A Jepsen-style nemesis drawn from a seed: at the given pace, isolate the leader (40%), crash it (30%) or cut one
 * or two random nodes off (30%). Faults aimed at the leader are the ones that exercise elections, log repair and
 * commit rules, so protocol bugs surface in far fewer seeds than under uniform random faults.
 */
export function leaderNemesis(seed: number, nodes: number, durationMs: number, pace = RAFT_PACE): FaultSpec[] {
  const rng = Rng.fromSeed((seed + 1_000_000) >>> 0);
  const draw = ([min, max]: readonly [number, number]): number => min + rng.int(0, max - min);
  const faults: FaultSpec[] = [];
  for (let t = 300; t < durationMs; t += draw(pace.everyMs)) {
    const kind = rng.float();
    const lasts = draw(pace.lastsMs);
    if (kind < 0.4) faults.push({ atMs: t, action: 'isolate_leader', nodes: [], durationMs: lasts });
    else if (kind < 0.7) faults.push({ atMs: t, action: 'crash_leader', nodes: [], durationMs: lasts });
    else {
      const cut = [...new Set([rng.int(0, nodes - 1), rng.int(0, nodes - 1)])];
      faults.push({ atMs: t, action: 'partition', nodes: cut, durationMs: lasts });
    }
  }
  return faults;
}
