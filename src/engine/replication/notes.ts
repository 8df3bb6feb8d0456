import type { ResolvedReplicationSpec } from './types.js';

/** Plain-language caveats about what the figures of a run rest on. */
export function replicationNotes(spec: ResolvedReplicationSpec, endMs: number): string[] {
  const notes: string[] = [];
  if (spec.latencies.every((l) => l.meanMs === 0)) {
    notes.push(
      'No latencies given: replicas receive and acknowledge writes instantly; lag comes from apply_rate alone.',
    );
  }
  const a = spec.applyRate;
  if (a !== undefined && a < spec.writeRate) {
    const growth = spec.writeRate - a;
    notes.push(
      `Replicas apply ${a} writes/s but writes arrive at ${spec.writeRate}/s: the backlog grows by about ${growth} writes every second and never drains while writes continue.` +
        (spec.durableOn === 'apply' && spec.modes.some((m) => m !== 'async')
          ? ' Replicas acknowledge on apply (durable_on = apply), so every mode that waits for them slows down with it.'
          : ''),
    );
  }
  if (spec.latencies.some((l) => l.distribution !== 'constant' && l.jitterMs > 0)) {
    notes.push(
      'Each replica stream is in order (like TCP): a slow write holds back the acknowledgments queued behind it, so tail latencies at high write rates exceed those of independent draws.',
    );
  }
  if (spec.primaryFailureAtMs !== undefined) {
    notes.push(
      `The primary fails at ${spec.primaryFailureAtMs / 1000} s: writes stop there, and the recovery figures assume a failover to the most up-to-date replica still up.`,
    );
  } else {
    notes.push(
      `No primary_failure_at_seconds given: the RPO figures assume the primary fails at the end of the run (${endMs / 1000} s), with a failover to the most up-to-date replica still up; give primary_failure_at_seconds to ask about another moment.`,
    );
  }
  if (spec.failures.length > 0 && spec.durableOn === 'apply' && a !== undefined) {
    notes.push('A replica that comes back catches up at apply_rate; writes waiting for it stay blocked until it has.');
  }
  if (endMs < spec.durationMs && spec.primaryFailureAtMs === undefined) notes.push('The run stopped early.');
  return notes;
}
