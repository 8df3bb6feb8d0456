import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeEvents } from '../../../src/engine/troubleshoot/event-facts.js';
import { parseIsoMs, parseTimestampMs } from '../../../src/engine/troubleshoot/iso-time.js';
import type { LogRecord } from '../../../src/engine/troubleshoot/types.js';

describe('analyzeEvents', () => {
  it('should find two leaders in one term (Raft §5.2 Election Safety), with the seed example shape', () => {
    const facts = analyzeEvents([
      { level: 'INFO', event: 'leader_elected', context: { node_id: 'node-3', term: 42 } },
      { level: 'INFO', event: 'leader_elected', context: { node_id: 'node-1', term: 42 } },
      { level: 'INFO', event: 'leader_elected', context: { node_id: 'node-1', term: 43 } },
    ]);
    expect(facts.duplicateLeaders).toEqual([{ term: 42, nodes: ['node-1', 'node-3'], indexes: [0, 1] }]);
    expect(facts.leaderChanges).toBe(1);
  });

  it('should not call the same leader logged twice a duplicate', () => {
    const facts = analyzeEvents([elected('n1', 5, 0), elected('n1', 5, 10)]);
    expect(facts.duplicateLeaders).toEqual([]);
  });

  it('should find a deposed leader still replicating after a newer term (Raft §6.4 stale leader)', () => {
    const facts = analyzeEvents([
      elected('n1', 3, 0),
      { event: 'partition_detected', node_id: 'n2', timestamp: ts(100), context: { isolated_nodes: ['n1'] } },
      elected('n2', 4, 400),
      { event: 'log_replicated', node_id: 'n1', term: 3, timestamp: ts(500), context: { index: 9 } },
    ]);
    expect(facts.staleLeaderWrites).toEqual([{ node: 'n1', term: 3, newerTerm: 4, index: 3 }]);
    expect(facts.isolated).toEqual([{ index: 1, nodes: ['n1'] }]);
  });

  it('should find an index applied with two values and whether a leader change sits between (Raft §5.4.3)', () => {
    const facts = analyzeEvents([
      applied('n1', 7, 'x=1', 0),
      elected('n2', 5, 10),
      applied('n2', 7, 'x=2', 20),
      applied('n1', 8, 'y=1', 30),
      applied('n2', 8, 'y=1', 40),
    ]);
    expect(facts.applyConflicts).toHaveLength(1);
    expect(facts.applyConflicts[0]).toMatchObject({ logIndex: 7, leaderChangeBetween: true });
  });

  it('should find a clock stepping back on one node and a causal skew across nodes (Raft §5.3)', () => {
    const facts = analyzeEvents([
      { event: 'commit_applied', node_id: 'n2', term: 1, timestamp: ts(1000) },
      { event: 'commit_applied', node_id: 'n2', term: 1, timestamp: ts(700) },
      elected('n1', 2, 2000),
      { event: 'log_replicated', node_id: 'n3', term: 2, timestamp: ts(1750) },
    ]);
    expect(facts.clockBackwards).toEqual([{ node: 'n2', backMs: 300, index: 1 }]);
    expect(facts.causalSkew).toMatchObject({ node: 'n3', leader: 'n1', term: 2, skewMs: 250 });
  });

  it('should count terms skipped between leaders and elections started per node', () => {
    const facts = analyzeEvents([
      elected('n1', 1, 0),
      { event: 'election_started', node_id: 'n3', term: 2 },
      { event: 'election_started', node_id: 'n3', term: 3 },
      elected('n2', 4, 900),
    ]);
    expect(facts.termsSkipped).toBe(2);
    expect(facts.startsByNode.get('n3')).toBe(2);
  });

  it('should never report Election Safety broken on logs with one leader per term, and always when one is planted', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('n1', 'n2', 'n3', 'n4', 'n5'), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (leaders, pick) => {
          const log: LogRecord[] = leaders.map((node, term) => elected(node, term + 1, term * 100));
          expect(analyzeEvents(log).duplicateLeaders).toEqual([]);
          // Plant the bug: a second node claims one of the terms.
          const term = (pick % leaders.length) + 1;
          const other = leaders[term - 1] === 'n1' ? 'n2' : 'n1';
          const planted = [...log, elected(other, term, leaders.length * 100)];
          expect(analyzeEvents(planted).duplicateLeaders.map((d) => d.term)).toEqual([term]);
        },
      ),
    );
  });
});

describe('parseIsoMs', () => {
  it('should agree with Date.parse on every ISO 8601 instant with Z or an offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Z', '+02:00', '-05:30', '+0100'),
        (date, zone) => {
          const offsetMin =
            zone === 'Z'
              ? 0
              : (zone.startsWith('-') ? -1 : 1) *
                (Number(zone.slice(1, 3)) * 60 + Number(zone.replace(':', '').slice(3, 5)));
          const local = new Date(date.getTime() + offsetMin * 60_000).toISOString().slice(0, -1);
          const text = local + zone;
          expect(parseIsoMs(text)).toBe(date.getTime());
        },
      ),
    );
  });

  it('should reject text that is not a timestamp', () => {
    expect(parseIsoMs('yesterday')).toBeUndefined();
    expect(parseIsoMs('2025-13-01T00:00:00Z')).toBeUndefined();
  });
});

describe('parseTimestampMs', () => {
  it('should read epoch seconds, milliseconds, microseconds and nanoseconds, as digits or numbers', () => {
    const at = Date.UTC(2025, 0, 10, 12, 0, 0, 250);
    expect(parseTimestampMs('1736510400.25')).toBe(at);
    expect(parseTimestampMs(1736510400.25)).toBe(at);
    expect(parseTimestampMs('1736510400250')).toBe(at);
    expect(parseTimestampMs(1736510400250)).toBe(at);
    expect(parseTimestampMs('1736510400250000')).toBe(at);
    expect(parseTimestampMs('1736510400250000000')).toBe(at);
    expect(parseTimestampMs('1736510400')).toBe(at - 250);
    expect(parseTimestampMs('2025-01-10T12:00:00.250Z')).toBe(at);
  });

  it('should agree with Date on every epoch-millisecond instant from 2001 to 2286', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e12, max: 1e13 - 1 }), (ms) => {
        expect(parseTimestampMs(String(ms))).toBe(new Date(ms).getTime());
      }),
    );
  });

  it('should not take a counter, an id, a syslog date or garbage for a time', () => {
    for (const text of ['garbage0000', 'Nov 24 10:00:01', '12345', '99999999999', '1736510400250.5', '', '-1736510400'])
      expect(parseTimestampMs(text), text).toBeUndefined();
  });
});

describe('analyzeEvents with timestamps it cannot read', () => {
  it('should list them, keep their terms and leaders, and time only the readable ones', () => {
    const facts = analyzeEvents([
      { event: 'leader_elected', node_id: 'a', term: 5, timestamp: 'garbage0000' },
      { event: 'leader_elected', node_id: 'b', term: 9, timestamp: 'Nov 24 10:00:01' },
      { event: 'leader_elected', node_id: 'a', term: 12, timestamp: '1736510400000' },
      { event: 'leader_elected', node_id: 'b', term: 20, timestamp: '1736510430000' },
    ]);
    expect(facts.unreadableTimestamps).toEqual([
      { index: 0, text: 'garbage0000' },
      { index: 1, text: 'Nov 24 10:00:01' },
    ]);
    expect(facts.leaders.map((c) => c.term)).toEqual([5, 9, 12, 20]);
    expect(facts.termSpan).toEqual({ from: 5, to: 20 });
    expect(facts.spanMs).toBe(30_000);
  });
});

// Helpers

function ts(ms: number): string {
  return new Date(Date.UTC(2025, 0, 10, 12) + ms).toISOString();
}

function elected(node: string, term: number, at: number): LogRecord {
  return { level: 'INFO', event: 'leader_elected', node_id: node, term, timestamp: ts(at), context: {} };
}

function applied(node: string, index: number, value: string, at: number): LogRecord {
  return { level: 'INFO', event: 'commit_applied', node_id: node, timestamp: ts(at), context: { index, value } };
}
