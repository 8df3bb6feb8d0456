import { assert } from '../errors.js';
import type { SimulationConfig } from './config.js';
import type { Message } from './protocol.js';
import { percentiles, type Percentiles } from './result.js';
import { Rng } from './rng.js';
import { Simulation } from './simulation.js';

export interface FailoverOptions {
  readonly trials: number;
  /** When the leader is crashed (after the first election has settled). */
  readonly crashAfterMs: number;
  /** The crash moment is spread uniformly over this window (the paper spreads it over one heartbeat interval). */
  readonly crashJitterMs: number;
  /** A trial with no new leader this long after the crash is reported as censored. */
  readonly giveUpAfterMs: number;
}

export interface FailoverMeasurement {
  /** Milliseconds from the leader crash to the next leader elected, one per trial that elected one, sorted. */
  readonly samplesMs: readonly number[];
  /** Trials that elected no leader within `giveUpAfterMs`. */
  readonly censored: number;
  readonly percentilesMs: Percentiles;
  readonly meanMs: number | null;
}

export const MAX_FAILOVER_TRIALS = 5000;

/**
 * Raft §9.3 (Figure 16): crash the leader at a random moment of its heartbeat interval and time how long the cluster
 * takes to elect another. Each trial is an independent seeded run (seed = base seed + trial), without clients.
 */
export function measureFailover<M extends Message, S, O>(
  base: SimulationConfig<M, S, O>,
  options: FailoverOptions,
): FailoverMeasurement {
  assert(options.trials >= 1 && options.trials <= MAX_FAILOVER_TRIALS, 'trials out of range');
  const jitter = Rng.fromSeed(base.seed);
  const samples: number[] = [];
  let censored = 0;
  for (let t = 0; t < options.trials; t++) {
    const crashAt = Math.round((options.crashAfterMs + options.crashJitterMs * jitter.float()) * 1000) / 1000;
    const sim = new Simulation<M, S>({
      ...base,
      seed: (base.seed + t) >>> 0,
      durationMs: crashAt + options.giveUpAfterMs,
      faults: [{ atMs: crashAt, action: 'crash_leader', nodes: [] }],
      clients: { ...base.clients, writesPerSecond: 0, readsPerSecond: 0 },
    });
    let elected: number | undefined;
    while (elected === undefined && !sim.advance(256)) {
      elected = sim.stats.leaders.find((l) => l.atMs > crashAt)?.atMs;
    }
    elected ??= sim.stats.leaders.find((l) => l.atMs > crashAt)?.atMs;
    if (elected === undefined) censored++;
    else samples.push(Math.round((elected - crashAt) * 1000) / 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    samplesMs: samples,
    censored,
    percentilesMs: percentiles(samples),
    meanMs: samples.length > 0 ? samples.reduce((a, b) => a + b, 0) / samples.length : null,
  };
}
