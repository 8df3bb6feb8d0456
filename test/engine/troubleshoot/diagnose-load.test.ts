import { describe, expect, it } from 'vitest';
import { judged, elected, metrics, ts } from './helpers.js';

describe('troubleshoot: commit latency spikes', () => {
  it('should find a heavy tail from the seed histogram buckets and blame slow fsync', () => {
    const d = judged(
      {
        metrics: metrics({
          consensus_latency_seconds: { bucket_counts: [200, 900, 960, 975, 980, 995, 1000] },
          fsync_p99_ms: 45,
        }),
      },
      'commit_latency_spikes',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('slow_fsync');
    expect(d.supporting.map((s) => s.input)).toContain('metrics.consensus_latency_seconds.bucket_counts');
  });

  it('should rule spikes out when p99 is close to p50 and to its baseline', () => {
    const d = judged(
      {
        symptom: 'latency spikes?',
        metrics: metrics({ consensus_latency_seconds: { p50: 0.004, p99: 0.009, baseline_p99: 0.008 } }),
      },
      'commit_latency_spikes',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: clock skew', () => {
  it('should confirm skew beyond the bound and prove a lower bound from causality in the logs', () => {
    const d = judged(
      {
        cluster_config: { clock_skew_bound_ms: 100 },
        metrics: metrics({ clock_skew_ms: 250 }),
        events: [elected('n1', 9, 1000), { event: 'log_replicated', node_id: 'n2', term: 9, timestamp: ts(700) }],
      },
      'clock_skew',
    );
    expect(d.status).toBe('likely');
    expect(d.supporting.map((s) => s.observation).join(' ')).toContain('differ by at least 300 ms');
  });

  it('should rule skew out when it is well inside the bound and NTP runs', () => {
    const d = judged(
      {
        symptom: 'clock drift?',
        cluster_config: { clock_skew_bound_ms: 500 },
        metrics: metrics({ clock_skew_ms: 3 }),
        answers: { clock_sync: 'ntp' },
      },
      'clock_skew',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: hot partition', () => {
  it('should blame monotonic keys when the last range partition is the hot one', () => {
    const d = judged(
      {
        cluster_config: { partitioning: 'range' },
        metrics: metrics({
          partition_load: ['r1', 'r2', 'r3', 'r4'].map((p, i) => ({
            partition: p,
            ops_per_second: i === 3 ? 2400 : 150,
          })),
        }),
      },
      'hot_partition',
    );
    expect(d.cause.id).toBe('monotonic_keys');
    expect(d.supporting[0]?.observation).toContain('r4 carries 84.2% of the load');
  });

  it('should rule a hot partition out when load is even and no key dominates', () => {
    const d = judged(
      {
        symptom: 'hot shard?',
        metrics: metrics({
          partition_load: [
            { partition: 'a', ops_per_second: 100 },
            { partition: 'b', ops_per_second: 110 },
          ],
          hot_key_share: 0.004,
        }),
      },
      'hot_partition',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: retry storm', () => {
  it('should diagnose a storm from retries outnumbering requests and a policy without backoff or jitter', () => {
    const d = judged(
      {
        cluster_config: { retry_multiplier: 1, retry_jitter: 0, retry_max_attempts: 3, retry_layers: 3 },
        metrics: metrics({ requests_per_second: 2000, retries_per_second: 5200 }),
      },
      'retry_storm',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('no_backoff');
    expect(d.supporting.map((s) => s.observation).join(' ')).toContain('can become 27 calls');
  });

  it('should rule a storm out with few retries and the seed policy', () => {
    const d = judged(
      {
        symptom: 'retry storm?',
        cluster_config: { retry_multiplier: 2, retry_jitter: 0.25, retry_max_attempts: 10, retry_initial_delay_ms: 50 },
        metrics: metrics({ requests_per_second: 2000, retries_per_second: 12 }),
      },
      'retry_storm',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: deadlock', () => {
  it('should diagnose deadlock from detected deadlocks, idle CPU with long lock waits, and inconsistent ordering', () => {
    const d = judged(
      {
        metrics: metrics({ deadlocks_total: 14, lock_wait_p99_seconds: 8, cpu_utilization: 0.05 }),
        answers: { consistent_lock_order: false },
      },
      'deadlock',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('lock_ordering');
  });

  it('should rule deadlock out with no deadlocks, short waits and one lock order', () => {
    const d = judged(
      {
        symptom: 'deadlock?',
        cluster_config: { lock_timeout_ms: 2000 },
        metrics: metrics({ deadlocks_total: 0, lock_wait_p99_seconds: 0.004 }),
        answers: { consistent_lock_order: true },
      },
      'deadlock',
    );
    expect(d.status).toBe('ruled_out');
  });
});
