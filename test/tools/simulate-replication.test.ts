import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { __plantReplicationBug } from '../../src/engine/index.js';
import { SILENT_CONTEXT, callTool, type ToolContext } from '../../src/tools/define-tool.js';
import {
  inputSchema,
  outputSchema,
  runSimulateReplication,
  simulateReplicationTool,
} from '../../src/tools/simulate-replication.js';

const run = (args: Record<string, unknown>, ctx: ToolContext = SILENT_CONTEXT) =>
  runSimulateReplication(inputSchema.parse(args), ctx);
const fail = async (args: Record<string, unknown>): Promise<string> => {
  const outcome = await callTool(simulateReplicationTool, args, SILENT_CONTEXT);
  expect(outcome.ok, JSON.stringify(args)).toBe(false);
  return outcome.ok ? '' : outcome.message;
};

afterEach(() => __plantReplicationBug(null));

describe('simulate_replication: the seed figures through the tool', () => {
  it('should commit sync at 30 ms, semi-sync at 10 ms and a W=2 quorum at 20 ms over latencies 10, 20, 30', async () => {
    const base = { replicas: 3, latencies_ms: [10, 20, 30] };
    expect((await run({ ...base, mode: 'sync' })).total_latency_ms).toBe(30);
    expect((await run({ ...base, mode: 'semi_sync' })).total_latency_ms).toBe(10);
    expect((await run({ ...base, mode: 'quorum', write_quorum: 2 })).total_latency_ms).toBe(20);
    const compare = await run({ ...base, mode: 'compare', write_quorum: 2 });
    expect(compare.compare?.map((r) => [r.mode, r.total_latency_ms, r.closed_form_latency_ms])).toEqual([
      ['sync', 30, 30],
      ['quorum', 20, 20],
      ['semi_sync', 10, 10],
      ['async', 0, 0],
    ]);
    expect(outputSchema.safeParse(compare).success).toBe(true);
  });

  it('should leave the async follower 12 000 writes and 15 s behind (write 1000/s, apply 800/s, 60 s)', async () => {
    const r = await run({ mode: 'async', write_rate: 1000, apply_rate: 800, duration_seconds: 60 });
    expect(r.lag_seconds).toBeGreaterThan(0);
    expect(r.lag_messages).toBe(200 * 60);
    expect(r.lag_seconds).toBe(15);
    expect(r.closed_form).toMatchObject({ lag_messages: 12_000, lag_seconds: 15 });
    expect(r.metrics.replication_lag_seconds['replica-1']).toBe(15);
    expect(r.prometheus).toContain('replication_lag_seconds{follower_id="replica-1"} 15');
    expect(r.lag_series.at(-1)).toMatchObject({ at_seconds: 60, lag_messages: 12_000 });
    expect(r.summary).toContain('12000 writes behind');
    expect(outputSchema.safeParse(r).success).toBe(true);
  });

  it('should show percentiles when latencies vary', async () => {
    const r = await run({
      mode: 'sync',
      latency_distributions: [
        { distribution: 'normal', mean_ms: 10, jitter_ms: 2 },
        { distribution: 'lognormal', mean_ms: 30, jitter_ms: 15 },
      ],
      seed: 5,
    });
    const p = r.latency_percentiles_ms!;
    expect(p.p50).toBeLessThanOrEqual(p.p95);
    expect(p.p95).toBeLessThanOrEqual(p.p99);
    expect(p.p99).toBeLessThan(p.max);
    expect(r.closed_form).toBeNull();
  });
});

describe('simulate_replication: what a primary failure loses', () => {
  it('should lose acknowledged async writes, more the further the follower lags', async () => {
    const lost = [];
    for (const at of [15, 30, 45, 60]) {
      const r = await run({
        mode: 'async',
        write_rate: 1000,
        apply_rate: 800,
        latencies_ms: [2, 4],
        primary_failure_at_seconds: at,
      });
      lost.push(r.rpo!.acknowledged_writes_lost);
      expect(r.rpo!.data_loss_seconds).toBeGreaterThan(0);
    }
    expect(lost[0]).toBeGreaterThan(0);
    for (let i = 1; i < lost.length; i++) expect(lost[i]).toBeGreaterThan(lost[i - 1]!);
    // Every follower is (1000 - 800) x t writes behind the primary, and those are the writes a failover loses.
    expect(lost).toEqual([3000, 6000, 9000, 12_000]);
  });

  it('should compute the RPO of a failure at the end of the run when no primary failure is given', async () => {
    const base = { mode: 'async', write_rate: 1000, apply_rate: 800, latencies_ms: [2, 4], duration_seconds: 60 };
    const assumed = await run(base);
    const explicit = await run({ ...base, primary_failure_at_seconds: 60 });
    // Writes stop at the end of the duration either way, so the figures are those of an explicit failure there.
    expect(assumed.rpo).toEqual({ ...explicit.rpo, failure_assumed: true });
    expect(explicit.rpo!.failure_assumed).toBe(false);
    expect(assumed.rpo).toMatchObject({ failure_at_seconds: 60, acknowledged_writes_lost: 12_000 });
    expect(assumed.summary).toContain('If the primary failed at the end of the run (60 s; assumed');
    expect(assumed.notes.join(' ')).toMatch(/No primary_failure_at_seconds given: the RPO figures assume/);
    expect((await run({ ...base, mode: 'sync' })).rpo).toMatchObject({
      failure_assumed: true,
      acknowledged_writes_lost: 0,
    });
    const compare = await run({ ...base, mode: 'compare' });
    expect(compare.compare!.map((row) => [row.mode, row.rpo_writes_lost])).toEqual([
      ['sync', 0],
      ['quorum', 0],
      ['semi_sync', 0],
      ['async', 12_000],
    ]);
    expect(compare.summary).toContain('assumed, as no primary_failure_at_seconds was given');
    expect(outputSchema.safeParse(assumed).success).toBe(true);
    expect(outputSchema.safeParse(compare).success).toBe(true);
  });

  it('should call writes cut off by the primary failure in flight, and not claim blocking without replica failures', async () => {
    const r = await run({ mode: 'sync', apply_rate: 800, primary_failure_at_seconds: 30 });
    const a = r.availability!;
    expect(a.writes_never_committed).toBeGreaterThan(0);
    expect(a.writes_in_flight_at_primary_failure).toBe(a.writes_never_committed);
    expect(r.summary).not.toContain('block writes');
    expect(r.summary).toContain(`${a.writes_never_committed} write(s) were in flight at the primary failure`);
    // A replica that never returns leaves writes blocked for good, told apart from those the failure cut off.
    const stuck = await run({
      mode: 'sync',
      latencies_ms: [5, 5],
      primary_failure_at_seconds: 30,
      replica_failures: [{ replica: 2, at_seconds: 20 }],
    });
    expect(stuck.summary).toContain('the replica failures given block writes for 10 s');
    expect(stuck.summary).toMatch(/\d+ write\(s\) never committed \(a replica they waited for never came back\)/);
  });

  it('should lose nothing acknowledged in sync mode while a replica survives, whatever else fails', async () => {
    await fc.assert(syncKeepsAcknowledgedWrites, { numRuns: 25 });
  });

  it('should lose nothing acknowledged under a quorum while fewer than W replicas are down at the failure', async () => {
    await fc.assert(
      fc.asyncProperty(failureScenario, async (s) => {
        const { survivors, ...args } = s;
        const r = await run({ ...args, mode: 'quorum' });
        if (s.replicas - survivors < r.write_quorum!) expect(r.rpo!.acknowledged_writes_lost).toBe(0);
      }),
      { numRuns: 25 },
    );
  });

  it('should lose nothing acknowledged in semi-sync mode unless the acknowledging replica fails too', async () => {
    const base = { mode: 'semi_sync', latencies_ms: [10, 40, 60], write_rate: 1000, primary_failure_at_seconds: 30 };
    const alone = await run(base);
    expect(alone.rpo!.acknowledged_writes_lost).toBe(0);
    expect(alone.rpo!.promoted_follower).toBe('replica-1');
    const slowerOneDown = await run({ ...base, replica_failures: [{ replica: 2, at_seconds: 29.9 }] });
    expect(slowerOneDown.rpo!.acknowledged_writes_lost).toBe(0);
    // replica-1 acknowledged every write; it crashes with the primary, and replica-2 (20 ms one way, against the
    // 10 ms round trip of replica-1's acks) lacks the last ~10 ms of acknowledged writes.
    const ackerDown = await run({ ...base, replica_failures: [{ replica: 1, at_seconds: 30 }] });
    expect(ackerDown.rpo!.acknowledged_writes_lost).toBe(10);
    expect(ackerDown.rpo!.promoted_follower).toBe('replica-2');
    expect(ackerDown.summary).toContain('10 acknowledged write(s) are lost');
  });

  it('should keep an applied-later backlog through a failover when replicas log on receipt, at a catch-up cost', async () => {
    const base = {
      mode: 'async',
      write_rate: 1000,
      apply_rate: 800,
      latencies_ms: [2],
      primary_failure_at_seconds: 30,
    };
    const onApply = await run(base);
    const onReceive = await run({ ...base, durable_on: 'receive' });
    expect(onApply.rpo!.acknowledged_writes_lost).toBe(6000);
    expect(onReceive.rpo!.acknowledged_writes_lost).toBe(1);
    expect(onReceive.rpo!.promotion_catch_up_seconds).toBe(5999 / 800); // received, not yet applied, at 800/s
  });

  it('should catch a replica that acknowledges before it holds the write (planted bug)', async () => {
    const base = {
      mode: 'semi_sync',
      latencies_ms: [10, 40],
      write_rate: 1000,
      apply_rate: 800,
      primary_failure_at_seconds: 30,
    };
    expect((await run(base)).rpo!.acknowledged_writes_lost).toBe(0);
    __plantReplicationBug('ack_before_durable');
    expect((await run(base)).rpo!.acknowledged_writes_lost).toBeGreaterThan(1000);
    // A fixed seed: whether one random scenario exposes the bug depends on its backlog, and a demonstration that
    // the property can fail must not itself be flaky (25 random runs once missed it).
    const details = await fc.check(syncKeepsAcknowledgedWrites, { numRuns: 100, seed: 7 });
    expect(details.failed, 'the sync durability property must catch the planted bug').toBe(true);
  });
});

describe('simulate_replication: write availability when replicas fail', () => {
  it('should block sync on any failed replica and keep a quorum writing through up to N - W failures', async () => {
    const oneDown = {
      latencies_ms: [5, 5, 5],
      replica_failures: [{ replica: 3, at_seconds: 10, duration_seconds: 6 }],
    };
    const r = await run({ ...oneDown, mode: 'compare', write_quorum: 2 });
    const row = (m: string) => r.compare!.find((x) => x.mode === m)!;
    expect(row('sync')).toMatchObject({ failures_tolerated: 0, write_availability: 0.9 });
    expect(row('quorum')).toMatchObject({ failures_tolerated: 1, write_availability: 1 });
    expect(row('semi_sync')).toMatchObject({ failures_tolerated: 2, write_availability: 1 });
    const twoDown = await run({
      ...oneDown,
      mode: 'quorum',
      write_quorum: 2,
      replica_failures: [
        ...oneDown.replica_failures,
        { replica: 1, at_seconds: 12, duration_seconds: 3, kind: 'partition' },
      ],
    });
    expect(twoDown.availability).toMatchObject({ blocked_seconds: 3, write_availability: 0.95 });
    expect(twoDown.summary).toContain('block writes for 3 s');
  });
});

describe('simulate_replication: consistency', () => {
  it('should promise quorum reads meet a write only when replicas acknowledge on apply', async () => {
    const base = { mode: 'quorum', latencies_ms: [5, 10, 15], write_rate: 1000, apply_rate: 800 };
    const onApply = await run(base);
    expect(onApply.consistency_detail).toContain('a read of R >= 2 replicas (R + W > N) meets it');
    const onReceive = await run({ ...base, durable_on: 'receive' });
    // Stored on two replicas but applied 12 s later: a quorum read finds the write logged, not applied.
    expect(onReceive.staleness_seconds).toBeGreaterThan(10);
    expect(onReceive.consistency_detail).not.toContain('meets it');
    expect(onReceive.consistency_detail).toContain('can miss it');
    expect(onReceive.summary).toContain('can miss it');
  });
});

describe('simulate_replication: determinism and bounds', () => {
  it('should give byte-identical output for the same input and seed', async () => {
    const args = {
      mode: 'compare',
      latency_distributions: [
        { distribution: 'normal', mean_ms: 5, jitter_ms: 1 },
        { distribution: 'lognormal', mean_ms: 40, jitter_ms: 20 },
        { distribution: 'uniform', mean_ms: 20, jitter_ms: 5 },
      ],
      write_rate: 3000,
      apply_rate: 2900,
      arrivals: 'poisson',
      duration_seconds: 20,
      primary_failure_at_seconds: 18,
      replica_failures: [{ replica: 2, at_seconds: 5, duration_seconds: 2 }],
      seed: 11,
    };
    const first = JSON.stringify(await run(args));
    expect(JSON.stringify(await run(args))).toBe(first);
    expect(JSON.stringify(await run({ ...args, seed: 12 }))).not.toBe(first);
  });

  it('should return isError naming the field for inconsistent input', async () => {
    expect(await fail({ replicas: 3, latencies_ms: [10, 20] })).toMatch(
      /latencies_ms: has 2 entries but replicas is 3/,
    );
    expect(await fail({ mode: 'quorum', latencies_ms: [1, 2, 3], write_quorum: 4 })).toMatch(/write_quorum: W = 4/);
    expect(await fail({ mode: 'async', apply_rate: 0 })).toMatch(/>=0\.001 at apply_rate/);
    // Found by the protocol fuzzer: a denormal rate made 1 / rate infinite and the lag NaN (an internal error).
    expect(await fail({ mode: 'async', apply_rate: 1.5e-323 })).toMatch(/apply_rate/);
    expect(await fail({ mode: 'async', write_rate: 1e-6 })).toMatch(/write_rate/);
    expect(await fail({ latencies_ms: [1], latency_distributions: [{ mean_ms: 1 }] })).toMatch(/latency_distributions/);
    expect(await fail({ replicas: 2, replica_failures: [{ replica: 3, at_seconds: 1 }] })).toMatch(
      /replica_failures\.0\.replica/,
    );
    expect(await fail({ write_rate: 100_000, duration_seconds: 60 })).toMatch(/duration_seconds: .*limit is 2000000/);
    expect(await fail({ duration_seconds: 10, primary_failure_at_seconds: 11 })).toMatch(/primary_failure_at_seconds/);
    expect(await fail({ replicas: 20 })).toMatch(/replicas/);
    expect(await fail({ mode: 'sync', latencies_ms: [1, 2, 3], write_quorum: 2 })).toMatch(
      /write_quorum: only the quorum/,
    );
  });

  it('should stop with a cancellation when the client cancels', async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = { signal: controller.signal, progress: () => Promise.resolve() };
    await expect(run({ write_rate: 10_000, duration_seconds: 100 }, ctx)).rejects.toMatchObject({ name: 'AbortError' });
  });
});

// Helpers

/** Random replica crashes, some permanent, and a primary failure; `survivors` counts replicas up at the failure. */
const failureScenario = fc
  .record({
    replicas: fc.integer({ min: 1, max: 4 }),
    latencies: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 4, maxLength: 4 }),
    crashes: fc.array(
      fc.record({
        replica: fc.integer({ min: 1, max: 4 }),
        at: fc.integer({ min: 0, max: 9_900 }),
        duration: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    failAt: fc.integer({ min: 100, max: 10_000 }),
    durable: fc.constantFrom('apply', 'receive'),
    applyRate: fc.option(fc.constantFrom(300, 500, 900), { nil: undefined }),
    seed: fc.nat(),
  })
  .map((s) => {
    const crashes = s.crashes.filter((c) => c.replica <= s.replicas);
    const downAt = (r: number) =>
      crashes.some(
        (c) => c.replica === r && c.at <= s.failAt && (c.duration === undefined || s.failAt < c.at + c.duration),
      );
    return {
      replicas: s.replicas,
      latencies_ms: s.latencies.slice(0, s.replicas),
      write_rate: 500,
      duration_seconds: 10,
      durable_on: s.durable,
      ...(s.applyRate ? { apply_rate: s.applyRate } : {}),
      primary_failure_at_seconds: s.failAt / 1000,
      replica_failures: crashes.map((c) => ({
        replica: c.replica,
        at_seconds: c.at / 1000,
        ...(c.duration ? { duration_seconds: c.duration / 1000 } : {}),
      })),
      seed: s.seed,
      survivors: Array.from({ length: s.replicas }, (_, i) => i + 1).filter((r) => !downAt(r)).length,
    };
  });

/** Sync never loses an acknowledged write while some replica is up at the primary failure. */
const syncKeepsAcknowledgedWrites = fc.asyncProperty(failureScenario, async (s) => {
  const { survivors, ...args } = s;
  const r = await run({ ...args, mode: 'sync' });
  if (survivors > 0) expect(r.rpo!.acknowledged_writes_lost).toBe(0);
});
