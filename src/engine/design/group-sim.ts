import { SIM_PROTOCOLS } from '../protocols/index.js';
import type { SimulationConfig } from '../sim/config.js';
import { DEFAULT_CLIENTS, DEFAULT_DEDUP_WINDOW_MS } from '../sim/defaults.js';
import { NO_RANDOM_FAULTS, type FaultSpec, type RandomFaults } from '../sim/faults.js';
import type { Message } from '../sim/protocol.js';
import { Simulation } from '../sim/simulation.js';
import type { ConsensusSim } from './consensus.js';

export interface GroupRun {
  readonly seed: number;
  readonly durationMs: number;
  readonly writesPerSecond: number;
  readonly faults: readonly FaultSpec[];
  readonly randomFaults?: RandomFaults | undefined;
  /** Stop offering new client operations after this many (so a run can end with nothing in flight). */
  readonly maxOps?: number | undefined;
}

/** Events a single design run may take: far above what seconds of a small group need, well below the kernel cap. */
const MAX_EVENTS_PER_RUN = 5_000_000;

/** The simulator configuration of one run of the design's group: its protocol, timing, placement and clients. */
export function groupConfig(sim: ConsensusSim, run: GroupRun): SimulationConfig {
  const entry = SIM_PROTOCOLS[sim.protocol];
  const net = sim.group.network;
  const regions = sim.group.regionNames.length;
  const matrix = Array.from({ length: regions }, (_, r) =>
    Array.from({ length: regions }, (_, s) => (r === s ? net.intraRegionMs : net.interRegionMs)),
  );
  const clients = entry.clients(sim.group.voters, {
    ...DEFAULT_CLIENTS,
    writesPerSecond: run.writesPerSecond,
    readsPerSecond: Math.round(run.writesPerSecond / 4),
    timeoutMs: sim.clientTimeoutMs,
    readMode: sim.readMode,
    maxOps: run.maxOps ?? DEFAULT_CLIENTS.maxOps,
  });
  return {
    ...entry.configure(sim.tuning),
    nodes: sim.group.voters,
    seed: run.seed,
    durationMs: run.durationMs,
    network: {
      latency: { distribution: 'normal', meanMs: net.intraRegionMs, jitterMs: net.intraRegionMs * 0.2 },
      regionOf: regions > 1 ? net.regionOf : undefined,
      regionLatencyMs: regions > 1 ? matrix : undefined,
      lossProbability: 0,
      duplicateProbability: 0,
    },
    clients,
    faults: run.faults,
    randomFaults: run.randomFaults ?? NO_RANDOM_FAULTS,
    dedupWindowMs: DEFAULT_DEDUP_WINDOW_MS,
    diskLatencyMs: 0,
    maxEvents: MAX_EVENTS_PER_RUN,
    traceCapacity: 16,
  };
}

export function startGroupRun(sim: ConsensusSim, run: GroupRun): Simulation<Message, unknown> {
  return new Simulation(groupConfig(sim, run));
}

/** First leader elected after `atMs`: the failover that followed a fault at that time. */
export function failoverAfter(sim: Simulation<Message, unknown>, atMs: number): number | null {
  const next = sim.stats.leaders.find((l) => l.atMs > atMs);
  return next ? Math.round((next.atMs - atMs) * 1000) / 1000 : null;
}

/** Time without a writable leader inside [fromMs, toMs]. */
export function unavailableWithin(sim: Simulation<Message, unknown>, fromMs: number, toMs: number): number {
  let total = 0;
  for (const o of sim.stats.outages) total += Math.max(0, Math.min(o.toMs, toMs) - Math.max(o.fromMs, fromMs));
  return Math.round(total * 1000) / 1000;
}
