/**
 * One test per rule of the Raft paper (Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm",
 * USENIX ATC 2014), on a hand-driven cluster. Reference sections are in the test names.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RAFT_OPTIONS,
  type RaftMessage,
  type RaftOptions,
} from '../../../../src/engine/protocols/raft/types.js';
import { Cluster } from './cluster.js';

const PAPER = { ...DEFAULT_RAFT_OPTIONS, noopOnElection: false };

function elect(c: Cluster, id: number, keep?: (m: RaftMessage) => boolean): void {
  c.timeout(id);
  c.deliver(keep);
  expect(c.node(id).role).toBe('leader');
}

describe('Raft §5.2 leader election', () => {
  it('should elect the candidate that gathers votes from a majority, once per term', () => {
    const c = new Cluster(5, PAPER);
    elect(c, 0);
    expect(c.node(0).term).toBe(1);
    expect([1, 2, 3, 4].map((i) => c.storages[i]?.votedFor)).toEqual([0, 0, 0, 0]);
    expect([1, 2, 3, 4].map((i) => c.node(i).leaderId)).toEqual([0, 0, 0, 0]);
  });

  it('should grant at most one vote per term, so a second candidate of that term loses', () => {
    const c = new Cluster(3, PAPER);
    c.timeout(0);
    c.timeout(1); // both candidates of term 1
    c.deliver();
    const leaders = [0, 1, 2].filter((i) => c.node(i).role === 'leader');
    expect(leaders.length).toBeLessThanOrEqual(1);
    expect(c.violations()).toEqual([]);
  });
});

describe('Raft §5.4.1 election restriction', () => {
  it('should refuse a vote to a candidate whose log is less up to date', () => {
    const c = new Cluster(3, PAPER);
    elect(c, 0);
    c.propose(0);
    c.deliver(Cluster.within(0, 1)); // node 2 misses the entry
    c.crash(0);
    c.timeout(2);
    c.deliver();
    expect(c.node(2).role).not.toBe('leader'); // node 1 has the longer log and refuses
  });

  it('should grant that vote with the planted bug voteWithoutLogCheck', () => {
    const c = new Cluster(3, { ...PAPER, __bugs: { voteWithoutLogCheck: true } });
    elect(c, 0);
    c.propose(0);
    c.deliver(Cluster.within(0, 1));
    c.crash(0);
    c.timeout(2);
    c.deliver();
    expect(c.node(2).role).toBe('leader');
  });
});

describe('Raft §5.3 log replication', () => {
  it('should commit an entry of the current term once a majority stores it, and tell followers', () => {
    const c = new Cluster(5, PAPER);
    elect(c, 0);
    const cmd = c.propose(0);
    c.deliver(Cluster.within(0, 1, 2));
    expect(c.node(0).commitIndex).toBe(1);
    expect(c.committed[0]?.get(1)).toBe(cmd.id);
    c.node(0).tick(c.nowMs + 1000); // heartbeat carries the commit index
    c.deliver();
    expect([1, 2, 3, 4].map((i) => c.node(i).commitIndex)).toEqual([1, 1, 1, 1]);
  });

  it('should reject AppendEntries whose previous entry does not match, and repair the follower', () => {
    const c = new Cluster(3, PAPER);
    elect(c, 0);
    c.propose(0);
    c.deliver(Cluster.within(0, 1)); // node 2 lags
    c.propose(0);
    c.deliver(); // node 2's copy of index 1 was lost, so it gets nothing until the next heartbeat
    expect(c.storages[2]?.lastIndex).toBe(0);
    c.node(0).tick(c.nowMs + 1000); // heartbeat: node 2 rejects (no index 1), the leader backs up and resends
    c.deliver();
    expect(c.storages[2]?.lastIndex).toBe(2);
    expect(c.storages[2]?.hashAt(2)).toBe(c.storages[0]?.hashAt(2));
    expect(c.violations()).toEqual([]);
  });
});

describe('Raft §5.1 terms', () => {
  it('should reject AppendEntries from a stale term and answer with the current term', () => {
    const { c, reply } = staleAppend(PAPER);
    expect(reply).toMatchObject({ type: 'AppendEntriesResponse', success: false, term: 2 });
    expect(c.node(2).leaderId).toBe(1);
  });

  it('should follow the stale leader with the planted bug acceptStaleAppendEntries', () => {
    const { c, reply } = staleAppend({ ...PAPER, __bugs: { acceptStaleAppendEntries: true } });
    expect(reply).toMatchObject({ success: true });
    expect(c.node(2).leaderId).toBe(0);
  });
});

/** Node 0 led term 1 and crashed; node 1 leads term 2; node 2 then gets an AppendEntries of term 1. */
function staleAppend(options: RaftOptions): { c: Cluster; reply: RaftMessage | undefined } {
  const c = new Cluster(3, options);
  elect(c, 0);
  c.crash(0);
  elect(c, 1, Cluster.within(1, 2));
  c.node(2).step(
    {
      type: 'AppendEntries',
      from: 0,
      to: 2,
      term: 1,
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries: [],
      leaderCommit: 0,
      readSeq: 0,
    },
    c.nowMs,
  );
  return { c, reply: c.inflight.pop() };
}

/**
 * Figure 8: (a) S1 leads term 2 and gets index 2 onto S2 only; (b) S1 crashes, S5 wins term 3 with S3 and S4 and
 * appends a different index 2; (c) S5 crashes, S1 wins term 4 and copies its term-2 entry onto S3, a majority;
 * (d) S1 crashes, S5 wins term 5 with S2, S3 and S4 (its last term 3 beats their 2) and overwrites index 2.
 */
function figure8(c: Cluster): void {
  elect(c, 0); // term 1
  c.propose(0);
  c.deliver(); // index 1, term 1 everywhere
  c.crash(0);
  c.restart(0);
  elect(c, 0); // term 2
  c.propose(0);
  c.deliver(Cluster.within(0, 1)); // (a) index 2 (term 2) on S1, S2
  c.crash(0);
  elect(c, 4, Cluster.within(2, 3, 4)); // (b) S5 leads term 3
  c.propose(4);
  c.deliver(() => false); // index 2 (term 3) stays on S5
  c.crash(4);
  c.restart(0);
  c.timeout(0);
  c.deliver(Cluster.within(0, 1, 2, 3)); // S1 is behind in term: rejected, learns term 3
  if (c.node(0).role !== 'leader') elect(c, 0, Cluster.within(0, 1, 2, 3)); // (c) S1 leads term 4
  expect(c.node(0).term).toBe(4);
}

describe('Raft §5.4.2 committing entries from previous terms (Figure 8)', () => {
  it('should not commit the term-2 entry by counting replicas, so S5 may safely overwrite it', () => {
    const c = new Cluster(5, PAPER);
    figure8(c);
    expect(c.storages[2]?.termAt(2)).toBe(2); // the term-2 entry reached S3: a majority holds it
    expect(c.node(0).commitIndex).toBeLessThan(2); // yet it is not committed
    c.crash(0);
    c.restart(4);
    c.timeout(4);
    c.deliver(Cluster.within(1, 2, 3, 4));
    if (c.node(4).role !== 'leader') elect(c, 4, Cluster.within(1, 2, 3, 4)); // (d)
    expect(c.storages[2]?.termAt(2)).toBe(3); // overwritten, harmlessly
    expect(c.violations()).toEqual([]);
  });

  it('should commit it once an entry of the current term is on a majority, after which S5 cannot win (e)', () => {
    const c = new Cluster(5, PAPER);
    figure8(c);
    c.propose(0); // index 3, term 4
    c.deliver(Cluster.within(0, 1, 2));
    expect(c.node(0).commitIndex).toBe(3);
    c.crash(0);
    c.restart(4);
    c.timeout(4);
    c.deliver(Cluster.within(1, 2, 3, 4));
    expect(c.node(4).role).not.toBe('leader');
    expect(c.violations()).toEqual([]);
  });

  it('should break Leader Completeness and State Machine Safety with the planted bug commitPriorTermByCount', () => {
    const c = new Cluster(5, { ...PAPER, __bugs: { commitPriorTermByCount: true } });
    figure8(c);
    expect(c.node(0).commitIndex).toBe(2); // the bug: the term-2 entry counted as committed
    c.crash(0);
    c.restart(4);
    c.timeout(4);
    c.deliver(Cluster.within(1, 2, 3, 4));
    if (c.node(4).role !== 'leader') elect(c, 4, Cluster.within(1, 2, 3, 4));
    expect(c.violations()).toContain('leader_completeness');
  });
});
