import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateReplication, type ReplicationSpec } from '../../../src/engine/index.js';
import { blockedMs, replicaOutages } from '../../../src/engine/replication/outages.js';

const ALL = ['sync', 'semi_sync', 'quorum', 'async'] as const;
const mode = (r: ReturnType<typeof simulateReplication>, m: string) => r.modes.find((x) => x.mode === m)!;

describe('simulateReplication: the seed figures', () => {
  it('should commit sync at the slowest replica, semi-sync at the first, a W=2 quorum at the second', () => {
    const r = simulateReplication({ modes: [...ALL], latenciesMs: [10, 20, 30], writeQuorum: 2 });
    expect(mode(r, 'sync').commitLatency?.meanMs).toBe(30);
    expect(mode(r, 'semi_sync').commitLatency?.meanMs).toBe(10);
    expect(mode(r, 'quorum').commitLatency?.meanMs).toBe(20);
    expect(mode(r, 'async').commitLatency?.meanMs).toBe(0);
    expect(r.modes.every((m) => !m.latencyVaries)).toBe(true);
  });

  it('should leave an async follower 12 000 writes and 15 s behind at 1000 writes/s applied at 800/s for 60 s', () => {
    const r = simulateReplication({ modes: ['async'], writeRate: 1000, applyRate: 800, durationSeconds: 60 });
    expect(r.lagMessages).toBe(200 * 60);
    expect(r.lagSeconds).toBe(15);
    // The oldest write it lacks arrived at 48 s: 12 s old, while the backlog takes 15 s to apply.
    expect(r.stalenessSeconds).toBe(12);
    expect(r.lagSeries.map((p) => p.lagMessages)).toEqual(Array.from({ length: 12 }, (_, i) => 1000 * (i + 1)));
    expect(r.replicationLagSeconds).toEqual({ 'replica-1': 15, 'replica-2': 15, 'replica-3': 15 });
  });
});

describe('simulateReplication: agreement with the closed forms', () => {
  it('should always commit at the required-th smallest of constant latencies (max, min, W-th)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 16 }),
        fc.nat(),
        fc.integer({ min: 1, max: 5000 }),
        (micros, w, rate) => {
          const latenciesMs = micros.map((u) => u / 1000);
          const writeQuorum = 1 + (w % latenciesMs.length);
          const r = simulateReplication({
            modes: [...ALL],
            latenciesMs,
            writeQuorum,
            writeRate: rate,
            durationSeconds: 1,
          });
          const sorted = [...latenciesMs].sort((a, b) => a - b);
          const expected = { sync: sorted.at(-1), semi_sync: sorted[0], quorum: sorted[writeQuorum - 1], async: 0 };
          for (const m of r.modes) {
            expect(m.commitLatency?.meanMs, m.mode).toBe(expected[m.mode]);
            expect(m.closedFormLatencyMs, m.mode).toBe(expected[m.mode]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('should always leave a follower (write_rate - apply_rate) x t writes behind when nothing is in flight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 6000 }),
        fc.integer({ min: 1, max: 60 }),
        (writeRate, applyRate, seconds) => {
          fc.pre(writeRate * seconds <= 300_000);
          const r = simulateReplication({
            modes: ['async'],
            writeRate,
            applyRate,
            durationSeconds: seconds,
            replicas: 1,
          });
          expect(r.lagMessages).toBe(Math.max(0, (writeRate - applyRate) * seconds));
          expect(r.closedFormLag?.lagMessages).toBe(r.lagMessages);
          // lag_seconds is reported rounded to the microsecond, so it may differ from the quotient by half of that.
          expect(Math.abs(r.lagSeconds - r.lagMessages / applyRate)).toBeLessThanOrEqual(5e-7 + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('should add only the writes in flight to the fluid lag when the network has a delay', () => {
    // One-way delay 25 ms at 1000 writes/s: 25 more writes are on the wire at any time.
    const r = simulateReplication({
      modes: ['async'],
      writeRate: 1000,
      applyRate: 800,
      latenciesMs: [50],
      durationSeconds: 60,
    });
    expect(r.closedFormLag?.lagMessages).toBe(12_000);
    expect(r.lagMessages - 12_000).toBeGreaterThanOrEqual(0);
    expect(r.lagMessages - 12_000).toBeLessThanOrEqual(25);
  });

  it('should match the order-statistic quantiles of independent latency draws (p50, p95)', () => {
    // Uniform latencies a +- j; a write spaced further apart than any delay sees independent draws.
    const dists = [
      { distribution: 'uniform' as const, meanMs: 10, jitterMs: 4 },
      { distribution: 'uniform' as const, meanMs: 14, jitterMs: 6 },
      { distribution: 'uniform' as const, meanMs: 20, jitterMs: 10 },
    ];
    const r = simulateReplication({
      modes: ['sync', 'semi_sync', 'quorum'],
      latencyDistributions: dists,
      writeQuorum: 2,
      writeRate: 20,
      durationSeconds: 1200,
      seed: 7,
    });
    for (const [m, need] of [
      ['sync', 3],
      ['semi_sync', 1],
      ['quorum', 2],
    ] as const) {
      const l = mode(r, m).commitLatency!;
      expect(mode(r, m).latencyVaries).toBe(true);
      for (const [p, got] of [
        [0.5, l.p50Ms],
        [0.95, l.p95Ms],
      ] as const) {
        const exact = quantile(
          (x) =>
            atLeast(
              dists.map((d) => uniformCdf(d.meanMs, d.jitterMs, x)),
              need,
            ),
          p,
        );
        expect(Math.abs(got - exact) / exact, `${m} p${p * 100}: ${got} vs ${exact}`).toBeLessThan(0.02);
      }
    }
  });

  it('should give the M/D/1 mean wait of Pollaczek-Khinchine for Poisson writes and a fixed apply rate', () => {
    // Poisson arrivals (lambda = 640/s) into a replica applying one write per 1.25 ms: rho = 0.8,
    // Wq = lambda s^2 / (2 (1 - rho)) = 2.5 ms (Kleinrock, Queueing Systems I, eq. 5.73 with deterministic service).
    const lambda = 640;
    const s = 1 / 800;
    const wq = ((lambda * s * s) / (2 * (1 - lambda * s))) * 1000;
    const r = simulateReplication({
      modes: ['async'],
      writeRate: lambda,
      applyRate: 800,
      arrivals: 'poisson',
      durationSeconds: 1800,
      replicas: 1,
      seed: 3,
    });
    expect(Math.abs(r.followers[0]!.meanReplicationDelayMs! - wq) / wq).toBeLessThan(0.05);
  });
});

describe('simulateReplication: determinism', () => {
  const spec: ReplicationSpec = {
    modes: [...ALL],
    latencyDistributions: [
      { distribution: 'normal', meanMs: 8, jitterMs: 2 },
      { distribution: 'lognormal', meanMs: 25, jitterMs: 10 },
      { distribution: 'uniform', meanMs: 15, jitterMs: 5 },
    ],
    writeRate: 2000,
    applyRate: 1900,
    arrivals: 'poisson',
    durationSeconds: 10,
    primaryFailureAtSeconds: 9,
    replicaFailures: [{ replica: 1, atSeconds: 2, durationSeconds: 1 }],
    seed: 42,
  };

  it('should give byte-identical results for the same spec and seed, and different ones for another seed', () => {
    const a = JSON.stringify(simulateReplication(spec));
    expect(JSON.stringify(simulateReplication(spec))).toBe(a);
    expect(JSON.stringify(simulateReplication({ ...spec, seed: 43 }))).not.toBe(a);
  });

  it("should never change a replica's figures when another replica is added (forked streams)", () => {
    const three = simulateReplication({ ...spec, arrivals: 'uniform' });
    const four = simulateReplication({
      ...spec,
      arrivals: 'uniform',
      latencyDistributions: [...spec.latencyDistributions!, { distribution: 'normal', meanMs: 50, jitterMs: 20 }],
    });
    expect(four.followers.slice(0, 3)).toEqual(three.followers);
  });

  it('should give each mode of a comparison exactly its figures when run alone', () => {
    const all = simulateReplication(spec);
    for (const m of ALL) expect(simulateReplication({ ...spec, modes: [m] }).modes[0]).toEqual(mode(all, m));
  });
});

describe('replica outages', () => {
  it('should hold writes across a crash until a round trip after the restart (sync waits, blocked 5 s)', () => {
    const r = simulateReplication({
      modes: ['sync', 'semi_sync'],
      latenciesMs: [10, 10],
      replicaFailures: [{ replica: 0, atSeconds: 10, durationSeconds: 5 }],
    });
    // The write sent at 9.995 s reaches the replica at 10 s, just as it crashes: the restarted replica fetches it
    // at 15 s + 10 ms and its ack is back 5 ms later, 5020 ms after the write.
    expect(mode(r, 'sync').commitLatency?.maxMs).toBe(5020);
    expect(mode(r, 'sync').availability.blockedSeconds).toBe(5);
    expect(mode(r, 'semi_sync').commitLatency?.maxMs).toBe(10);
    expect(mode(r, 'semi_sync').availability.blockedSeconds).toBe(0);
  });

  it('should deliver across a healed partition one one-way delay after the heal', () => {
    const r = simulateReplication({
      modes: ['sync'],
      latenciesMs: [10],
      replicaFailures: [{ replica: 0, atSeconds: 10, durationSeconds: 5, kind: 'partition' }],
    });
    expect(mode(r, 'sync').commitLatency?.maxMs).toBe(5015);
  });

  it('should block a write that needs a replica that never returns, for good', () => {
    const r = simulateReplication({
      modes: ['sync', 'quorum'],
      latenciesMs: [5, 5, 5],
      replicaFailures: [{ replica: 2, atSeconds: 30 }],
    });
    expect(mode(r, 'sync').availability.writesNeverCommitted).toBeGreaterThan(29_000);
    expect(mode(r, 'sync').availability.availability).toBe(0.5);
    expect(mode(r, 'quorum').availability.writesNeverCommitted).toBe(0);
  });

  it('should count blocked time exactly from overlapping outages', () => {
    const outages = replicaOutages(
      [
        { replica: 0, atSeconds: 1, durationSeconds: 4 },
        { replica: 1, atSeconds: 3, durationSeconds: 4 },
        { replica: 1, atSeconds: 4, durationSeconds: 1, kind: 'partition' },
        { replica: 2, atSeconds: 9 },
      ],
      3,
    );
    expect(blockedMs(outages, 3, 10_000)).toBe(4000 + 2000 + 1000); // any replica down: [1,7) and [9,10)
    expect(blockedMs(outages, 2, 10_000)).toBe(2000); // two down at once: [3,5)
    expect(blockedMs(outages, 1, 10_000)).toBe(0);
    expect(blockedMs(outages, 0, 10_000)).toBe(0);
  });
});

// Helpers

function uniformCdf(mean: number, jitter: number, x: number): number {
  return Math.min(1, Math.max(0, (x - (mean - jitter)) / (2 * jitter)));
}

/** P(at least `need` of independent events with these probabilities happen): Poisson-binomial by DP. */
function atLeast(probabilities: readonly number[], need: number): number {
  let dist = [1];
  for (const p of probabilities) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((q, k) => {
      next[k] = (next[k] ?? 0) + q * (1 - p);
      next[k + 1] = (next[k + 1] ?? 0) + q * p;
    });
    dist = next;
  }
  return dist.slice(need).reduce((a, b) => a + b, 0);
}

function quantile(cdf: (x: number) => number, p: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return hi;
}
