import type { z } from 'zod';
import { EngineError, startClusterSimulation, type SimulationResult } from '../engine/index.js';
import { clusterSpec, inputSchema } from '../tools/simulate-cluster.js';

/** simulate_cluster's input, with its defaults: the fields and units SKILL.md documents (snake_case). */
export type SimulateClusterOptions = z.input<typeof inputSchema>;

/**
 * Runs simulate_cluster's deterministic simulation to the end and returns the engine's result: leaders, the safety
 * invariants checked on every event, client outcomes, metrics, trace and the client history (which `checkHistory`
 * takes as is, model "kv"). The same options and seed give the same result. Invalid options throw an EngineError
 * naming the field.
 */
export function simulateCluster(options: SimulateClusterOptions): SimulationResult {
  const parsed = inputSchema.safeParse(options);
  if (!parsed.success) {
    throw new EngineError(
      'config',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(input)', message: issue.message })),
    );
  }
  const run = startClusterSimulation(clusterSpec(parsed.data));
  while (!run.advance(1_000_000));
  return run.result(parsed.data.trace);
}
