import type { FaultSpec } from './faults.js';
import { Rng } from './rng.js';

/**
 * A Jepsen-style nemesis drawn from a seed: every 100-500 ms, for 50-500 ms, isolate the leader (40%), crash it
 * (30%) or cut one or two random nodes off (30%). Faults aimed at the leader are the ones that exercise elections,
 * log repair and commit rules, so protocol bugs surface in far fewer seeds than under uniform random faults.
 */
export function leaderNemesis(seed: number, nodes: number, durationMs: number): FaultSpec[] {
  const rng = Rng.fromSeed((seed + 1_000_000) >>> 0);
  const faults: FaultSpec[] = [];
  for (let t = 300; t < durationMs; t += 100 + rng.int(0, 400)) {
    const kind = rng.float();
    const lasts = 50 + rng.int(0, 450);
    if (kind < 0.4) faults.push({ atMs: t, action: 'isolate_leader', nodes: [], durationMs: lasts });
    else if (kind < 0.7) faults.push({ atMs: t, action: 'crash_leader', nodes: [], durationMs: lasts });
    else {
      const cut = [...new Set([rng.int(0, nodes - 1), rng.int(0, nodes - 1)])];
      faults.push({ atMs: t, action: 'partition', nodes: cut, durationMs: lasts });
    }
  }
  return faults;
}
