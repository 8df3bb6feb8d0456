import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAMED_LOG_ODDS, PRIOR_LOG_ODDS, troubleshoot } from '../../../src/engine/troubleshoot/diagnose.js';
import { KB } from '../../../src/engine/troubleshoot/kb.js';
import { ISSUE_IDS } from '../../../src/engine/troubleshoot/types.js';
import { elected, metrics } from './helpers.js';

describe('troubleshoot', () => {
  it('should answer an unmatched symptom with the checklist and narrowing questions, not a guess', () => {
    const report = troubleshoot({ symptom: 'something feels off with the database since Tuesday' });
    expect(report.matched).toBe(false);
    expect(report.diagnoses).toEqual([]);
    expect(report.checklist).toHaveLength(6);
    expect(report.questions.length).toBeGreaterThanOrEqual(3);
    expect(report.questions[0]?.input).toBe('metrics.leader_elections_total');
    expect(report.nextSteps.every((s) => s.startsWith('Answer:'))).toBe(true);
  });

  it('should not ask for what was already given', () => {
    const report = troubleshoot({ symptom: 'hmm', metrics: metrics({ nodes_up: 5 }), events: [elected('n1', 1, 0)] });
    expect(report.questions.map((q) => q.input)).not.toContain('events');
    expect(report.questions.map((q) => q.input)).not.toContain('metrics.nodes_up');
  });

  it('should let evidence overturn the issue the caller named', () => {
    const report = troubleshoot({
      symptom: 'split brain',
      issue: 'split_brain',
      cluster_config: { nodes: 5, quorum_size: 3, check_quorum: true },
      metrics: metrics({ nodes_up: 2, partition_events_total: { detected: 0 } }),
      answers: { fencing: true },
    });
    expect(report.diagnoses[0]?.issue).toBe('quorum_loss');
    expect(report.diagnoses.find((d) => d.issue === 'split_brain')?.status).toBe('ruled_out');
  });

  it('should list an issue nobody mentioned once its evidence is strong enough', () => {
    const report = troubleshoot({
      symptom: 'the leader keeps changing',
      metrics: metrics({ retries_per_second: 900, requests_per_second: 300 }),
    });
    expect(report.diagnoses.map((d) => d.issue)).toEqual(['leader_flapping', 'retry_storm']);
  });

  it('should give the same report for the same input', () => {
    const input = { symptom: 'two leaders and lag growing', events: [elected('a', 1, 0), elected('b', 1, 1)] };
    expect(JSON.stringify(troubleshoot(input))).toBe(JSON.stringify(troubleshoot(input)));
  });

  it('should always report a confidence that is the logistic of the log-odds it lists (the basis is honest)', () => {
    fc.assert(
      fc.property(arbitraryInput(), (input) => {
        for (const d of troubleshoot(input, 12).diagnoses) {
          const evidence = [...d.supporting, ...d.contradicting].reduce((s, x) => s + x.weight, 0);
          const text = /\+ ([\d.]+) (symptom text|named issue)/.exec(d.confidenceBasis);
          const claim = text ? Number(text[1]) : 0;
          if (input.issue === d.issue) expect(claim).toBeGreaterThanOrEqual(NAMED_LOG_ODDS);
          const expected = 1 / (1 + Math.exp(-(PRIOR_LOG_ODDS + claim + evidence)));
          const decisive = d.status === 'confirmed' || d.supporting.some((x) => x.decisive);
          const clamp = decisive ? expected : Math.min(0.99, Math.max(0.01, expected));
          expect(d.confidence).toBeCloseTo(clamp, 1);
        }
      }),
    );
  });

  it('should never lower an issue when a supporting observation is added', () => {
    fc.assert(
      fc.property(arbitraryInput(), fc.integer({ min: 10, max: 1000 }), (input, splitVotes) => {
        const before = troubleshoot({ ...input, issue: 'leader_flapping' }, 12).diagnoses.find(
          (d) => d.issue === 'leader_flapping',
        );
        const after = troubleshoot(
          {
            ...input,
            issue: 'leader_flapping',
            metrics: {
              ...(input.metrics ?? { window_seconds: 3600 }),
              leader_elections_total: { success: splitVotes, split_vote: splitVotes },
            },
          },
          12,
        ).diagnoses.find((d) => d.issue === 'leader_flapping');
        expect(after?.confidence ?? 0).toBeGreaterThanOrEqual(before?.confidence ?? 0);
      }),
    );
  });
});

describe('KB', () => {
  it('should cover the seed five with its causes and resolutions, then the others', () => {
    expect(KB.map((k) => k.id)).toEqual([...ISSUE_IDS]);
    const seed = Object.fromEntries(
      KB.slice(0, 5).map((k) => [k.id, `${k.causes[0]?.text} ${k.causes[0]?.resolutions[0]}`]),
    );
    expect(seed['split_brain']).toMatch(/^Network partition: .* Implement proper fencing: /);
    expect(seed['leader_flapping']).toMatch(/^Unstable network: .* Increase election timeout: /);
    expect(seed['stale_reads']).toMatch(/^Replication lag: .* Route to leader or read-repair: /);
    expect(seed['deadlock']).toMatch(/^Lock ordering: .* Timeout \+ retry with backoff: /);
    expect(seed['data_divergence']).toMatch(/^Concurrent writes: .* Implement conflict resolution: /);
  });

  it('should give every issue causes with ranked resolutions, signals both ways and references', () => {
    for (const k of KB) {
      expect(k.causes.length, k.id).toBeGreaterThanOrEqual(2);
      for (const c of k.causes) expect(c.resolutions.length, `${k.id}.${c.id}`).toBeGreaterThanOrEqual(1);
      expect(k.signals.length, k.id).toBeGreaterThanOrEqual(3);
      expect(k.references.length, k.id).toBeGreaterThanOrEqual(1);
    }
  });
});

// Helpers

function arbitraryInput() {
  return fc.record({
    symptom: fc.constantFrom('', 'leader keeps changing', 'two leaders', 'stale reads', 'hot shard', 'help'),
    issue: fc.option(fc.constantFrom(...ISSUE_IDS), { nil: undefined }),
    cluster_config: fc.record(
      {
        nodes: fc.integer({ min: 1, max: 9 }),
        quorum_size: fc.integer({ min: 1, max: 9 }),
        election_timeout_min_ms: fc.integer({ min: 50, max: 2000 }),
        election_timeout_max_ms: fc.integer({ min: 2000, max: 4000 }),
        pre_vote: fc.boolean(),
        check_quorum: fc.boolean(),
        read_from: fc.constantFrom('leader' as const, 'followers' as const),
      },
      { requiredKeys: [] },
    ),
    metrics: fc.option(
      fc.record(
        {
          window_seconds: fc.constant(3600),
          partition_events_total: fc.record({ detected: fc.nat(20) }),
          rtt_p99_ms: fc.integer({ min: 1, max: 300 }),
          nodes_up: fc.nat(9),
          stale_reads_total: fc.nat(50),
          clock_skew_ms: fc.nat(500),
        },
        { requiredKeys: ['window_seconds'] },
      ),
      { nil: undefined },
    ),
    answers: fc.record({ fencing: fc.boolean(), recent_failover: fc.boolean() }, { requiredKeys: [] }),
  });
}
