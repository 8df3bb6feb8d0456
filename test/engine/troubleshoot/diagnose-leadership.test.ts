import { describe, expect, it } from 'vitest';
import { troubleshoot } from '../../../src/engine/troubleshoot/diagnose.js';
import { diagnosisOf, elected, judged, metrics, ts } from './helpers.js';

describe('troubleshoot: split-brain', () => {
  it('should confirm split-brain as a safety violation from two leaders in one term', () => {
    const report = troubleshoot({
      symptom: 'writes are acting strange',
      events: [elected('node-1', 7, 0), elected('node-3', 7, 40), elected('node-3', 8, 900)],
    });
    const [top] = report.diagnoses;
    expect(top?.issue).toBe('split_brain');
    expect(top?.status).toBe('confirmed');
    expect(top?.safetyViolation).toBe(true);
    expect(top?.cause.id).toBe('election_safety_violation');
    expect(top?.supporting[0]?.input).toBe('events[0], events[1]');
    expect(top?.supporting[0]?.observation).toContain('term 7 has 2 leaders (node-1, node-3)');
    expect(report.nextSteps[0]).toMatch(/^Safety violation/);
  });

  it('should blame a sub-majority quorum when two leaders share a term and quorum_size <= n/2', () => {
    const d = judged(
      { cluster_config: { nodes: 4, quorum_size: 2 }, events: [elected('a', 3, 0), elected('c', 3, 10)] },
      'split_brain',
    );
    expect(d.cause.id).toBe('quorum_below_majority');
  });

  it('should point at missing fencing when a deposed leader keeps replicating', () => {
    const d = judged(
      {
        events: [
          elected('n1', 3, 0),
          { event: 'partition_detected', node_id: 'n2', timestamp: ts(100), context: { isolated_nodes: ['n1'] } },
          elected('n2', 4, 600),
          { event: 'log_replicated', node_id: 'n1', term: 3, timestamp: ts(700), context: { index: 41 } },
        ],
        answers: { fencing: false },
      },
      'split_brain',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('partition_without_fencing');
    expect(d.resolutions[0]).toMatch(/fencing/);
  });

  it('should rule split-brain out when every term has one leader, fencing and CheckQuorum are on and no partition occurred', () => {
    const d = judged(
      {
        symptom: 'we think we had split brain',
        cluster_config: { nodes: 5, quorum_size: 3, check_quorum: true },
        metrics: metrics({ partition_events_total: { detected: 0, healed: 0 } }),
        events: [elected('n1', 1, 0), elected('n2', 2, 5000), elected('n2', 3, 9000)],
        answers: { fencing: true },
      },
      'split_brain',
    );
    expect(d.status).toBe('ruled_out');
    expect(d.contradicting.map((c) => c.input)).toContain('events (leader_elected, log_replicated)');
  });
});

describe('troubleshoot: leader flapping', () => {
  it('should blame timeouts too close together when many elections are split votes (Raft §9.3)', () => {
    const d = judged(
      {
        symptom: 'leader keeps changing',
        cluster_config: { election_timeout_min_ms: 150, election_timeout_max_ms: 155 },
        metrics: metrics({ leader_elections_total: { success: 20, split_vote: 25, timeout: 2 } }),
      },
      'leader_flapping',
    );
    expect(d.status).toBe('likely');
    expect(d.cause.id).toBe('timeouts_too_close');
    expect(d.supporting.some((s) => s.input === 'metrics.leader_elections_total.split_vote')).toBe(true);
  });

  it('should blame timeouts too short for the network when elections are frequent, partitions flat and latency high', () => {
    const d = judged(
      {
        symptom: 'flapping leader',
        cluster_config: { election_timeout_min_ms: 150, election_timeout_max_ms: 300 },
        metrics: metrics({
          leader_elections_total: { success: 30 },
          partition_events_total: { detected: 0 },
          consensus_latency_seconds: { p50: 0.03, p99: 0.12 },
        }),
      },
      'leader_flapping',
    );
    expect(d.cause.id).toBe('timeouts_too_short');
    expect(d.supporting.map((s) => s.observation).join(' ')).toContain('no partition was detected');
  });

  it('should not read the one start-up election of a one-minute window as elections that keep happening', () => {
    const d = diagnosisOf(
      {
        metrics: metrics({
          window_seconds: 60,
          leader_elections_total: { success: 1 },
          partition_events_total: { detected: 0 },
          consensus_latency_seconds: { p50: 0.046, p99: 0.409 },
        }),
      },
      'leader_flapping',
    );
    expect(d).toBeUndefined();
  });

  it('should change the cause with the evidence: partitions and loss point at the network, pauses at the leader', () => {
    const base = {
      symptom: 'the leader keeps changing',
      metrics: metrics({ leader_elections_total: { success: 12 } }),
    };
    const network = judged(
      {
        ...base,
        metrics: metrics({
          leader_elections_total: { success: 12 },
          partition_events_total: { detected: 9 },
          packet_loss_ratio: 0.04,
        }),
      },
      'leader_flapping',
    );
    const pauses = judged(
      {
        ...base,
        cluster_config: { election_timeout_min_ms: 1000 },
        metrics: metrics({ leader_elections_total: { success: 12 }, gc_pause_max_ms: 1400 }),
      },
      'leader_flapping',
    );
    expect(network.cause.id).toBe('unstable_network');
    expect(pauses.cause.id).toBe('leader_pauses');
  });

  it('should find flapping from log records alone and name the node that keeps starting elections', () => {
    const events = [
      ...Array.from({ length: 8 }, (_, i) => elected(i % 2 ? 'n1' : 'n2', i * 2 + 1, i * 20_000)),
      ...Array.from({ length: 6 }, (_, i) => ({
        event: 'election_started' as const,
        node_id: 'n5',
        term: i * 2 + 2,
        timestamp: ts(i * 20_000 + 5),
      })),
      { event: 'election_started' as const, node_id: 'n1', term: 30, timestamp: ts(150_000) },
    ];
    const d = judged({ events }, 'leader_flapping');
    expect(d.status).toBe('likely');
    expect(d.supporting.map((s) => s.observation).join(' ')).toContain('n5 started 6 of 7 elections');
  });

  it('should rule flapping out when no election happened in the window and timing is sound', () => {
    const d = judged(
      {
        symptom: 'is the leader flapping?',
        cluster_config: {
          election_timeout_min_ms: 1000,
          election_timeout_max_ms: 2000,
          heartbeat_ms: 100,
          pre_vote: true,
          check_quorum: true,
        },
        metrics: metrics({ leader_elections_total: { success: 0, timeout: 0, split_vote: 0 }, rtt_p99_ms: 8 }),
      },
      'leader_flapping',
    );
    expect(d.status).toBe('ruled_out');
    expect(d.contradicting[0]?.observation).toContain('no elections');
  });
});

describe('troubleshoot: quorum loss', () => {
  it('should confirm quorum loss when fewer nodes are up than the quorum', () => {
    const report = troubleshoot({
      symptom: 'writes fail with QUORUM_UNREACHABLE',
      cluster_config: { nodes: 5 },
      metrics: metrics({ nodes_up: 2 }),
    });
    expect(report.diagnoses[0]).toMatchObject({ issue: 'quorum_loss', status: 'confirmed' });
    expect(report.diagnoses[0]?.supporting[0]?.observation).toContain('2 of 5 nodes are up and a quorum needs 3');
  });

  it('should compute that an even split leaves no side with a majority', () => {
    const d = judged(
      {
        cluster_config: { nodes: 4 },
        events: [{ event: 'partition_detected', node_id: 'n1', context: { isolated_nodes: ['n3', 'n4'] } }],
      },
      'quorum_loss',
    );
    expect(d.cause.id).toBe('partition_no_majority');
    expect(d.supporting[0]?.observation).toContain('neither side can elect');
  });

  it('should count a leader elected during the partition against quorum loss', () => {
    const d = judged(
      {
        cluster_config: { nodes: 4 },
        events: [
          { event: 'partition_detected', node_id: 'n1', timestamp: ts(0), context: { isolated_nodes: ['n3', 'n4'] } },
          elected('n1', 8, 400),
        ],
      },
      'quorum_loss',
    );
    expect(d.contradicting.map((c) => c.input)).toEqual(['events[1]']);
  });

  it('should rule quorum loss out when a quorum is up and elections succeed', () => {
    const d = judged(
      {
        symptom: 'no leader?',
        cluster_config: { nodes: 5 },
        metrics: metrics({ nodes_up: 4, leader_elections_total: { success: 1 } }),
      },
      'quorum_loss',
    );
    expect(d.status).toBe('ruled_out');
  });

  it('should not list quorum loss unprompted when nothing points at it', () => {
    expect(
      diagnosisOf({ cluster_config: { nodes: 5 }, metrics: metrics({ nodes_up: 5 }) }, 'quorum_loss'),
    ).toBeUndefined();
  });
});
