import { describe, expect, it } from 'vitest';
import { troubleshoot } from '../../../src/engine/troubleshoot/diagnose.js';
import type { LogRecord } from '../../../src/engine/troubleshoot/types.js';
import { elected, judged, metrics, ts } from './helpers.js';

const growing = [0.1, 0.4, 0.9, 1.6, 2.2, 3.0, 3.9, 4.6];
const oscillating = [0.2, 0.9, 0.1, 0.8, 0.2, 0.9, 0.1, 0.7];

describe('troubleshoot: stale reads', () => {
  it('should diagnose stale reads from followers when lag grows while reads return old values', () => {
    const report = troubleshoot({
      symptom: 'users see old data',
      cluster_config: { read_from: 'followers' },
      metrics: metrics({
        replication_lag_seconds: [
          { follower_id: 'f2', samples: growing },
          { follower_id: 'f3', lag_seconds: 0.02 },
        ],
        stale_reads_total: 85,
      }),
    });
    const d = report.diagnoses.find((x) => x.issue === 'stale_reads');
    expect(d?.status).toBe('likely');
    expect(d?.cause.id).toBe('follower_reads_lag');
    expect(d?.supporting[0]?.observation).toContain(
      'lag on f2 grows from 0.1 s to 4.6 s while reads return old values',
    );
    expect(d?.resolutions[0]).toMatch(/leader/);
  });

  it('should blame non-overlapping quorums when R + W <= N (computed by validateCluster)', () => {
    const d = judged(
      { cluster_config: { nodes: 3, read_quorum: 1, write_quorum: 2 }, answers: { reads_return_old_values: true } },
      'stale_reads',
    );
    expect(d.cause.id).toBe('non_overlapping_quorums');
    expect(d.supporting.map((s) => s.observation).join(' ')).toContain('R=1 + W=2 = 3');
  });

  it('should rule stale reads out when reads go through the leader, quorums overlap and no stale read is seen', () => {
    const d = judged(
      {
        symptom: 'stale reads?',
        cluster_config: { nodes: 3, read_quorum: 2, write_quorum: 2, read_from: 'leader' },
        metrics: metrics({ stale_reads_total: 0, replication_lag_seconds: [{ follower_id: 'f1', lag_seconds: 0.01 }] }),
      },
      'stale_reads',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: growing replication lag', () => {
  it('should compute the backlog growth from write and apply rates (the seed: 1000/s vs 800/s for 60 s = 12000)', () => {
    const d = judged(
      { metrics: metrics({ window_seconds: 60, write_rate_per_second: 1000, apply_rate_per_second: 800 }) },
      'replication_lag_growth',
    );
    expect(d.cause.id).toBe('apply_slower_than_writes');
    expect(d.supporting[0]?.observation).toContain('grows by 200 entries/s (12000 over the 60 s window)');
    expect(d.supporting[0]?.observation).toContain('by 0.25 s every second');
  });

  it('should single out one slow follower when only it is growing', () => {
    const d = judged(
      {
        metrics: metrics({
          replication_lag_seconds: [
            { follower_id: 'f1', samples: growing },
            { follower_id: 'f2', samples: [0.1, 0.1, 0.2, 0.1] },
          ],
        }),
      },
      'replication_lag_growth',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('slow_follower');
  });

  it('should rule growing lag out when the lag oscillates and followers apply as fast as writes arrive', () => {
    const d = judged(
      {
        symptom: 'replication lag growing?',
        metrics: metrics({
          replication_lag_seconds: [{ follower_id: 'f1', samples: oscillating }],
          write_rate_per_second: 500,
          apply_rate_per_second: 900,
        }),
      },
      'replication_lag_growth',
    );
    expect(d.status).toBe('ruled_out');
    expect(d.contradicting[0]?.observation).toContain('oscillates');
  });
});

describe('troubleshoot: lost writes after failover', () => {
  it('should confirm lost writes as a safety violation when an applied index changes value across a leader change', () => {
    const events: LogRecord[] = [
      { event: 'commit_applied', node_id: 'n1', timestamp: ts(0), context: { index: 12, value: 'order-17' } },
      elected('n2', 6, 500),
      { event: 'commit_applied', node_id: 'n2', timestamp: ts(900), context: { index: 12, value: 'order-18' } },
    ];
    const report = troubleshoot({ symptom: 'an order vanished after failover', events });
    const d = report.diagnoses.find((x) => x.issue === 'lost_writes_after_failover');
    expect(d?.status).toBe('confirmed');
    expect(d?.safetyViolation).toBe(true);
    expect(d?.cause.id).toBe('unsafe_election');
  });

  it('should blame async replication when a failover happened and writes are missing', () => {
    const d = judged(
      {
        cluster_config: { replication_mode: 'async' },
        answers: { recent_failover: true, acknowledged_writes_missing: true },
      },
      'lost_writes_after_failover',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('async_replication');
  });

  it('should rule lost writes out with quorum acknowledgement, no failover and nothing missing', () => {
    const d = judged(
      {
        symptom: 'did we lose writes?',
        cluster_config: { replication_mode: 'quorum' },
        metrics: metrics({ lost_writes_total: 0, leader_elections_total: { success: 0 } }),
        answers: { acknowledged_writes_missing: false },
      },
      'lost_writes_after_failover',
    );
    expect(d.status).toBe('ruled_out');
  });
});

describe('troubleshoot: data divergence', () => {
  it('should confirm divergence when two replicas applied different values at one index (Raft §5.4.3)', () => {
    const d = judged(
      {
        events: [
          { event: 'commit_applied', node_id: 'n1', context: { index: 4, value: 'a' } },
          { event: 'commit_applied', node_id: 'n2', context: { index: 4, value: 'b' } },
        ],
      },
      'data_divergence',
    );
    expect(d.status).toBe('confirmed');
    expect(d.cause.id).toBe('safety_violation');
  });

  it('should blame concurrent writes without resolution in a leaderless store with divergent keys', () => {
    const d = judged(
      {
        cluster_config: { protocol: 'leaderless', conflict_resolution: 'none', nodes: 3, write_quorum: 1 },
        metrics: metrics({ divergent_keys: 312 }),
      },
      'data_divergence',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('concurrent_writes');
    expect(d.supporting.map((s) => s.input)).toContain('cluster_config.write_quorum');
  });

  it('should rule divergence out with CRDTs and no divergent key', () => {
    const d = judged(
      {
        symptom: 'replicas disagree?',
        cluster_config: { conflict_resolution: 'crdt' },
        metrics: metrics({ divergent_keys: 0 }),
      },
      'data_divergence',
    );
    expect(d.status).toBe('ruled_out');
  });
});
