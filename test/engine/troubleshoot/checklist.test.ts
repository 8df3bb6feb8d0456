import { describe, expect, it } from 'vitest';
import { computeChecklist, type ChecklistItem } from '../../../src/engine/troubleshoot/checklist.js';
import { deriveFacts } from '../../../src/engine/troubleshoot/facts.js';
import type { TroubleshootInput } from '../../../src/engine/troubleshoot/types.js';
import { elected, metrics, ts } from './helpers.js';

const check = (input: Partial<TroubleshootInput>) => computeChecklist(deriveFacts({ symptom: '', ...input }));
const byId = (items: readonly ChecklistItem[], id: ChecklistItem['item']) => items.find((i) => i.item === id);

describe('computeChecklist', () => {
  it('should fail a 4-node cluster with quorum 2 and no fencing, and flag the even node count', () => {
    const items = check({
      cluster_config: { protocol: 'raft', nodes: 4, quorum_size: 2 },
      answers: { fencing: false },
    });
    const quorum = byId(items, 'quorum_size');
    expect(quorum?.status).toBe('fail');
    expect(quorum?.reason).toContain('quorum_size 2 is below the majority, floor(n/2)+1, of 4 nodes, which is 3');
    expect(quorum?.reason).toContain('4 nodes tolerate 1 crash failure(s), the same as 3');
    expect(byId(items, 'fencing')).toMatchObject({ status: 'fail', inputs: ['answers.fencing'] });
    expect(items.map((i) => i.status)).toEqual(['fail', 'unknown', 'unknown', 'fail', 'unknown', 'unknown']);
  });

  it('should pass the quorum of an even cluster configured with the majority, still noting the wasted node', () => {
    const quorum = byId(check({ cluster_config: { nodes: 4, quorum_size: 3 } }), 'quorum_size');
    expect(quorum?.status).toBe('pass');
    expect(quorum?.reason).toMatch(/tolerates 1 failure.*same as 3/);
  });

  it('should fail an oversized quorum and R + W <= N, using the cluster engine', () => {
    expect(byId(check({ cluster_config: { nodes: 5, quorum_size: 5 } }), 'quorum_size')?.reason).toContain(
      'stops after 0 failure(s) instead of 2',
    );
    expect(byId(check({ cluster_config: { nodes: 3, read_quorum: 1, write_quorum: 1 } }), 'quorum_size')).toMatchObject(
      { status: 'fail' },
    );
  });

  it('should leave the quorum unknown without a node count, and derive it for a majority protocol', () => {
    expect(byId(check({}), 'quorum_size')?.status).toBe('unknown');
    expect(byId(check({ cluster_config: { nodes: 5, protocol: 'raft' } }), 'quorum_size')).toMatchObject({
      status: 'pass',
    });
    expect(byId(check({ cluster_config: { nodes: 5 } }), 'quorum_size')?.status).toBe('unknown');
  });

  it('should judge clock skew against its bound, and fail a clock seen stepping back', () => {
    expect(
      byId(
        check({ cluster_config: { clock_skew_bound_ms: 100 }, metrics: metrics({ clock_skew_ms: 40 }) }),
        'clock_skew',
      )?.status,
    ).toBe('pass');
    expect(
      byId(
        check({ cluster_config: { clock_skew_bound_ms: 100 }, metrics: metrics({ clock_skew_ms: 140 }) }),
        'clock_skew',
      )?.status,
    ).toBe('fail');
    expect(byId(check({ metrics: metrics({ clock_skew_ms: 140 }) }), 'clock_skew')?.status).toBe('unknown');
    expect(byId(check({ answers: { clock_sync: 'none' } }), 'clock_skew')?.status).toBe('fail');
    const stepped = check({
      events: [
        { event: 'commit_applied', node_id: 'n1', timestamp: '2025-01-10T12:00:01Z' },
        { event: 'commit_applied', node_id: 'n1', timestamp: '2025-01-10T12:00:00.5Z' },
      ],
    });
    expect(byId(stepped, 'clock_skew')?.reason).toContain('went back 500 ms');
  });

  it('should not fail fencing for two leaders of one term (no term fencing separates them), pointing at the quorum instead', () => {
    const twoInTerm2 = [elected('a', 2, 0), elected('b', 2, 5)];
    const claimed = byId(check({ answers: { fencing: true }, events: twoInTerm2 }), 'fencing');
    expect(claimed?.status).toBe('pass');
    expect(claimed?.reason).toContain('fencing by term cannot tell apart leaders of the same term');
    expect(claimed?.reason).toContain('see the quorum_size item');
    expect(claimed?.inputs).toEqual(['answers.fencing', 'events[0]']);
    const unanswered = byId(check({ events: twoInTerm2 }), 'fencing');
    expect(unanswered?.status).toBe('unknown');
    expect(unanswered?.reason).toContain('Two leaders in term 2 (a, b, events[0])');
  });

  it('should fail fencing on stale-term writes of a deposed leader, even when the answer claims fencing', () => {
    const fencing = byId(
      check({
        answers: { fencing: true },
        events: [
          elected('a', 2, 0),
          elected('b', 3, 1000),
          { event: 'log_replicated', node_id: 'a', term: 2, timestamp: ts(1500), context: { index: 7 } },
        ],
      }),
      'fencing',
    );
    expect(fencing).toMatchObject({ status: 'fail', inputs: ['events[2]'] });
    expect(fencing?.reason).toContain('a kept replicating for term 2 after term 3 began');
    expect(fencing?.reason).toContain('the events say it did not work');
  });

  it('should take idempotency, partition testing and recovery from the answers', () => {
    const items = check({
      cluster_config: { retry_max_attempts: 5 },
      answers: { idempotency_keys: false, partition_tested: true, recovery_documented: true },
    });
    expect(byId(items, 'idempotency')?.reason).toContain('Clients retry up to 5 times');
    expect(items.map((i) => i.status).slice(2)).toEqual(['pass', 'unknown', 'fail', 'pass']);
  });
});
