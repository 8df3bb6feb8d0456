import { describe, expect, it } from 'vitest';
import { computeChecklist, type ChecklistItem } from '../../../src/engine/troubleshoot/checklist.js';
import { deriveFacts } from '../../../src/engine/troubleshoot/facts.js';
import type { TroubleshootInput } from '../../../src/engine/troubleshoot/types.js';
import { elected, metrics } from './helpers.js';

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

  it('should fail fencing on evidence of two leaders even when the answer claims fencing', () => {
    const fencing = byId(
      check({ answers: { fencing: true }, events: [elected('a', 2, 0), elected('b', 2, 5)] }),
      'fencing',
    );
    expect(fencing?.status).toBe('fail');
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
