import { configError } from '../errors.js';
import { SIM_PROTOCOLS, type ProtocolTuning, type SimProtocolName } from '../protocols/index.js';
import type { ClientConfig } from './workload.js';
import { validateSimulation, type SimulationConfig } from './config.js';
import type { FaultSpec, RandomFaults } from './faults.js';
import type { LatencySpec } from './latency.js';
import { simulationResult, type SimulationResult } from './result.js';
import { Simulation } from './simulation.js';

/** A cluster and its workload as a caller describes them (node indexes 0-based). */
export interface ClusterSimulationSpec {
  readonly protocol: SimProtocolName;
  readonly tuning: ProtocolTuning;
  readonly nodes: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly latency: LatencySpec;
  /** Region of each node and the mean one-way delay between regions (absent: one region). */
  readonly regions?:
    { readonly regionOf: readonly number[]; readonly latencyMs: readonly (readonly number[])[] } | undefined;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
  readonly diskLatencyMs: number;
  readonly clients: ClientConfig;
  readonly faults: readonly FaultSpec[];
  readonly randomFaults: RandomFaults;
  readonly dedupWindowMs: number;
  readonly maxEvents: number;
}

/** A simulation as an incremental job: `advance(budget)` runs at most `budget` events and says when it is done. */
export interface ClusterSimulation {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  result(traceLimit: number): SimulationResult;
}

/** Builds and validates a simulation; a config the kernel cannot run throws a config error naming the field. */
export function startClusterSimulation(spec: ClusterSimulationSpec): ClusterSimulation {
  const entry = SIM_PROTOCOLS[spec.protocol];
  if (!entry) throw configError('protocol', `unknown protocol; use one of ${Object.keys(SIM_PROTOCOLS).join(', ')}`);
  const config: SimulationConfig = {
    ...entry.configure(spec.tuning),
    nodes: spec.nodes,
    seed: spec.seed,
    durationMs: spec.durationMs,
    network: {
      latency: spec.latency,
      regionOf: spec.regions?.regionOf,
      regionLatencyMs: spec.regions?.latencyMs,
      lossProbability: spec.lossProbability,
      duplicateProbability: spec.duplicateProbability,
    },
    clients: entry.clients(spec.nodes, spec.clients),
    faults: spec.faults,
    randomFaults: spec.randomFaults,
    dedupWindowMs: spec.dedupWindowMs,
    diskLatencyMs: spec.diskLatencyMs,
    maxEvents: spec.maxEvents,
    traceCapacity: 2000,
  };
  validateSimulation(config);
  const sim = new Simulation(config);
  return {
    advance: (budget) => sim.advance(budget),
    progress: () => sim.progress(),
    result: (traceLimit) => simulationResult(sim, traceLimit),
  };
}
