import { ReplicationJob } from './job.js';
import { replicationResult } from './report.js';
import { resolveReplicationSpec } from './resolve.js';
import type { ReplicationResult } from './result.js';
import type { ReplicationSpec } from './types.js';

/** A replication run as an incremental job (for the tool layer's `runInSlices`): units are writes. */
export interface ReplicationSimulation {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  result(): ReplicationResult;
}

/** Validates `spec` (throwing a config error that names the field) and prepares the run. */
export function startReplicationSimulation(spec: ReplicationSpec): ReplicationSimulation {
  const job = new ReplicationJob(resolveReplicationSpec(spec));
  return {
    advance: (budget) => job.advance(budget),
    progress: () => job.progress(),
    result: () => replicationResult(job.result()),
  };
}

/** Runs a replication simulation to the end in one call (library callers; tools slice it instead). */
export function simulateReplication(spec: ReplicationSpec): ReplicationResult {
  const run = startReplicationSimulation(spec);
  while (!run.advance(100_000));
  return run.result();
}
