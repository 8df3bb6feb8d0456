/** Shared fault plans for protocol tests on the simulator. */
import type { FaultSpec } from '../../../src/engine/sim/faults.js';
import { Rng } from '../../../src/engine/sim/rng.js';

/**
 * A Jepsen-style nemesis from the seed: every 100-500 ms, for 50-500 ms, isolate the leader, crash it, or cut one or
 * two random nodes off. Faults aimed at the leader exercise leader change, recovery and commit rules.
 */
export function leaderFaults(seed: number, nodes: number, durationMs: number): FaultSpec[] {
  const rng = Rng.fromSeed((seed + 1_000_000) >>> 0);
  const faults: FaultSpec[] = [];
  for (let t = 300; t < durationMs; t += 100 + rng.int(0, 400)) {
    const k = rng.float();
    const lasts = 50 + rng.int(0, 450);
    if (k < 0.4) faults.push({ atMs: t, action: 'isolate_leader', nodes: [], durationMs: lasts });
    else if (k < 0.7) faults.push({ atMs: t, action: 'crash_leader', nodes: [], durationMs: lasts });
    else {
      const cut = [...new Set([rng.int(0, nodes - 1), rng.int(0, nodes - 1)])];
      faults.push({ atMs: t, action: 'partition', nodes: cut, durationMs: lasts });
    }
  }
  return faults;
}

/** A WAN-like network: log-normal delays around 10 ms and 1% loss. */
export const SLOW_NET = {
  latency: { distribution: 'lognormal' as const, meanMs: 10, jitterMs: 8 },
  lossProbability: 0.01,
};
