import { describe, expect, it } from 'vitest';
import { latencySampler } from '../../../src/engine/sim/latency.js';
import { toPrometheus, newHistogram, observe } from '../../../src/engine/sim/metrics.js';
import { backoffMs, DEFAULT_RETRY_POLICY } from '../../../src/engine/sim/retry.js';
import { Rng } from '../../../src/engine/sim/rng.js';
import { Trace, virtualTimestamp } from '../../../src/engine/sim/trace.js';
import { KvStateMachine } from '../../../src/engine/sim/host.js';
import { dedupKey, idempotencyKey } from '../../../src/engine/sim/command.js';

function mean(sample: (rng: Rng) => number, n = 20_000): { mean: number; min: number } {
  const rng = Rng.fromSeed(11);
  let sum = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = sample(rng);
    sum += v;
    min = Math.min(min, v);
  }
  return { mean: sum / n, min };
}

describe('latencySampler', () => {
  it.each(['constant', 'uniform', 'normal', 'lognormal'] as const)(
    'should give %s delays with the asked mean',
    (distribution) => {
      const m = mean(latencySampler({ distribution, meanMs: 20, jitterMs: 5 }));
      expect(m.mean).toBeGreaterThan(19.5);
      expect(m.mean).toBeLessThan(20.5);
      expect(m.min).toBeGreaterThan(0);
    },
  );

  it('should give log-normal delays a heavier right tail than normal ones of the same mean and spread', () => {
    const rng = Rng.fromSeed(1);
    const tail = (d: 'normal' | 'lognormal'): number => {
      const s = latencySampler({ distribution: d, meanMs: 10, jitterMs: 5 });
      let over = 0;
      for (let i = 0; i < 20_000; i++) if (s(rng) > 25) over++;
      return over;
    };
    expect(tail('lognormal')).toBeGreaterThan(tail('normal'));
  });
});

describe('backoffMs (the seed retry policy)', () => {
  it('should start at 50 ms, double, cap at 10 s, and stay within the 0.25 jitter', () => {
    const rng = Rng.fromSeed(5);
    const bases = [50, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000];
    bases.forEach((base, i) => {
      const d = backoffMs(DEFAULT_RETRY_POLICY, i + 1, rng);
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base * 1.25);
    });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(10);
  });
});

describe('KvStateMachine', () => {
  const put = (id: number, requestId: number, sentAtMs: number) => ({
    id,
    op: 'put' as const,
    key: 'k',
    value: id,
    idempotencyKey: idempotencyKey(`req-${requestId}`, 'put'),
    dedupKey: dedupKey(requestId, 'put'),
    sentAtMs,
  });

  it('should apply a retried write once within the dedup window, and again after it', () => {
    const sm = new KvStateMachine(300_000);
    expect(sm.apply(1, put(1, 1, 0)).mutated).toBe(true);
    expect(sm.apply(2, put(2, 1, 1000)).duplicate).toBe(true);
    expect(sm.apply(3, put(3, 1, 400_000)).mutated).toBe(true);
  });
});

describe('metrics and trace', () => {
  it('should expose the seed metrics in Prometheus text format with cumulative buckets', () => {
    const write = newHistogram();
    for (const s of [0.0005, 0.003, 0.2, 2]) observe(write, s);
    const text = toPrometheus({
      leader_elections_total: { success: 2, timeout: 1, split_vote: 3 },
      replication_lag_seconds: { 'node-2': 0.25 },
      consensus_latency_seconds: { write, read: newHistogram() },
      partition_events_total: { detected: 1, healed: 1 },
    });
    expect(text).toContain('# TYPE leader_elections_total counter');
    expect(text).toContain('leader_elections_total{result="split_vote"} 3');
    expect(text).toContain('replication_lag_seconds{follower_id="node-2"} 0.25');
    expect(text).toContain('consensus_latency_seconds_bucket{operation_type="write",le="0.001"} 1');
    expect(text).toContain('consensus_latency_seconds_bucket{operation_type="write",le="0.5"} 3');
    expect(text).toContain('consensus_latency_seconds_bucket{operation_type="write",le="+Inf"} 4');
    expect(text).toContain('partition_events_total{type="healed"} 1');
  });

  it('should stamp records from the fixed epoch plus virtual time', () => {
    expect(virtualTimestamp(0)).toBe('2025-01-01T00:00:00.000Z');
    expect(virtualTimestamp(3_723_456.9)).toBe('2025-01-01T01:02:03.456Z');
  });

  it('should keep every rare record and thin the frequent ones evenly within its capacity', () => {
    const trace = new Trace(100);
    for (let i = 0; i < 10_000; i++) {
      trace.record({ level: 'INFO', node_id: 'node-1', term: 1, event: 'commit_applied', context: {}, at_ms: i });
    }
    trace.record({ level: 'INFO', node_id: 'node-1', term: 2, event: 'leader_elected', context: {}, at_ms: 5000.5 });
    const sample = trace.sample(20);
    expect(sample).toHaveLength(20);
    expect(sample.some((r) => r.event === 'leader_elected')).toBe(true);
    expect(sample[sample.length - 1]?.at_ms).toBeGreaterThan(8000); // spread over the whole run
    expect(trace.counts.commit_applied).toBe(10_000);
    expect(sample[0]).toMatchObject({ skill: 'distributed-systems', timestamp: '2025-01-01T00:00:00.000Z' });
  });
});
