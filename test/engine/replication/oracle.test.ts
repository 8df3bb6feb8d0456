import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplicationJob } from '../../../src/engine/replication/job.js';
import { replicationResult } from '../../../src/engine/replication/report.js';
import { resolveReplicationSpec } from '../../../src/engine/replication/resolve.js';
import type { ReplicationSpec } from '../../../src/engine/replication/types.js';
import { runOracle } from './event-oracle.js';

// Rates whose spacing (1000 / rate ms) sits on the microsecond grid, so the oracle's summed spacing and the engine's
// multiplied spacing round to the same instants.
const RATES = [40, 100, 125, 200, 250, 400, 500, 800, 1000, 1250, 2000, 4000];

const latency = fc.oneof(
  fc.record({
    distribution: fc.constant('constant' as const),
    meanMs: fc.integer({ min: 0, max: 40 }),
    jitterMs: fc.constant(0),
  }),
  fc.record({
    distribution: fc.constantFrom('uniform' as const, 'normal' as const, 'lognormal' as const),
    meanMs: fc.integer({ min: 1, max: 40 }),
    jitterMs: fc.integer({ min: 0, max: 15 }),
  }),
);

const spec = fc
  .record({
    replicas: fc.integer({ min: 1, max: 4 }),
    writeRate: fc.constantFrom(...RATES),
    applyRate: fc.option(fc.constantFrom(...RATES), { nil: undefined }),
    durationSeconds: fc.constantFrom(0.5, 1, 2),
    arrivals: fc.constantFrom('uniform' as const, 'poisson' as const),
    durableOn: fc.constantFrom('apply' as const, 'receive' as const),
    failAt: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
    seed: fc.nat(),
    lat: fc.array(latency, { minLength: 4, maxLength: 4 }),
    w: fc.integer({ min: 1, max: 4 }),
  })
  .map((s): ReplicationSpec => ({
    modes: ['sync', 'semi_sync', 'quorum', 'async'],
    replicas: s.replicas,
    latencyDistributions: s.lat.slice(0, s.replicas),
    writeQuorum: Math.min(s.w, s.replicas),
    writeRate: s.writeRate,
    applyRate: s.applyRate,
    durationSeconds: s.durationSeconds,
    arrivals: s.arrivals,
    durableOn: s.durableOn,
    primaryFailureAtSeconds:
      s.failAt === undefined ? undefined : Math.round(s.failAt * s.durationSeconds * 1000) / 1000,
    seed: s.seed,
    seriesPoints: 5,
  }));

describe('replication engine against an event-driven oracle', () => {
  it('should always give the figures of a message-by-message run on the kernel EventQueue', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const resolved = resolveReplicationSpec(s);
        const job = new ReplicationJob(resolved);
        while (!job.advance(997));
        const tally = job.result();
        const result = replicationResult(tally);
        const oracle = runOracle(resolved, tally.instantsMs);
        expect(result.writes).toBe(oracle.writes);
        expect(result.lagSeries.map((p) => p.byReplica)).toEqual(oracle.lag);
        expect(result.followers.map((f) => f.meanReplicationDelayMs ?? NaN)).toEqual(oracle.meanDelayMs);
        const failAt = resolved.primaryFailureAtMs ?? Infinity;
        for (const m of result.modes) {
          const commits = oracle.commitMs.get(m.mode)!;
          const latencies = [...commits].flatMap((c, k) =>
            c < failAt ? [Math.round((c - oracle.sentMs[k]!) * 1000) / 1000] : [],
          );
          expect(m.availability.writesCommitted, m.mode).toBe(latencies.length);
          if (latencies.length > 0) {
            const sorted = [...latencies].sort((a, b) => a - b);
            expect(m.commitLatency?.maxMs, m.mode).toBe(sorted[sorted.length - 1]);
            expect(m.commitLatency?.p50Ms, m.mode).toBe(sorted[Math.ceil(0.5 * sorted.length) - 1]);
            expect(m.commitLatency?.p99Ms, m.mode).toBe(sorted[Math.ceil(0.99 * sorted.length) - 1]);
          }
          // The RPO is taken at the primary failure, or at the end of the run when none is given.
          const endMs = Math.min(resolved.durationMs, failAt);
          const ackedByEnd = [...commits].filter((c) => c < endMs).length;
          const held = Math.max(...oracle.heldBeforeFailure);
          expect(m.recovery.failureAssumed).toBe(resolved.primaryFailureAtMs === undefined);
          expect(m.recovery.acknowledgedWrites, m.mode).toBe(ackedByEnd);
          expect(m.recovery.acknowledgedWritesLost, m.mode).toBe(Math.max(0, ackedByEnd - held));
        }
      }),
      { numRuns: 60 },
    );
  });
});
