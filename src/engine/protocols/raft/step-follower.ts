import type { RaftNode } from './node.js';
import type { RaftMessage } from './types.js';

type AppendEntries = Extract<RaftMessage, { type: 'AppendEntries' }>;

/**
 * AppendEntries receiver (Figure 2, §5.3). The sender is the leader of this term (terms were reconciled in `step`),
 * so a candidate of the same term steps back. The consistency check: reject unless the log holds an entry at
 * prevLogIndex with prevLogTerm; otherwise delete a conflicting suffix, append what is new, and follow the leader's
 * commit index up to the last entry this message vouches for.
 */
export function handleAppendEntries(n: RaftNode, m: AppendEntries, nowMs: number): void {
  if (n.role !== 'follower' && m.term === n.term) n.becomeFollower(m.term, m.from, nowMs);
  n.leaderId = m.from;
  n.lastLeaderContactMs = nowMs;
  n.resetElectionTimer(nowMs);
  const s = n.storage;
  const prevTerm = s.termAt(m.prevLogIndex);
  if (prevTerm === undefined) return reply(n, m, false, 0, s.lastIndex + 1);
  if (prevTerm !== m.prevLogTerm) return reply(n, m, false, 0, firstIndexOfTerm(n, m.prevLogIndex, prevTerm));
  let i = 0;
  for (; i < m.entries.length; i++) {
    const index = m.prevLogIndex + 1 + i;
    const existing = s.termAt(index);
    if (existing === undefined) break;
    if (existing !== (m.entries[i] as { term: number }).term) {
      // §5.3: an existing entry conflicts with a new one: delete it and all that follow.
      s.truncateFrom(index);
      if (n.emittedIndex >= index) n.emittedIndex = index - 1; // only reachable with a planted bug
      break;
    }
  }
  if (i < m.entries.length) s.append(i === 0 ? m.entries : m.entries.slice(i));
  const lastNew = m.prevLogIndex + m.entries.length;
  if (m.leaderCommit > n.commitIndex) n.commitTo(Math.min(m.leaderCommit, lastNew));
  reply(n, m, true, lastNew, 0);
}

function reply(n: RaftNode, m: AppendEntries, success: boolean, matchIndex: number, conflictIndex: number): void {
  n.effects.send({
    type: 'AppendEntriesResponse',
    from: n.id,
    to: m.from,
    term: n.term,
    success,
    matchIndex,
    conflictIndex,
    readSeq: m.readSeq,
  });
}

/** How far back one rejection looks for the start of a conflicting term (bounds the work of one message). */
const MAX_HINT_SCAN = 4096;

/** First index of the run of `term` that ends at `index`: the leader can skip the whole conflicting term (§5.3). */
function firstIndexOfTerm(n: RaftNode, index: number, term: number): number {
  let i = index;
  while (i > 1 && index - i < MAX_HINT_SCAN && n.storage.termAt(i - 1) === term) i--;
  return i;
}
