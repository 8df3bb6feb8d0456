import type { RaftNode } from './node.js';
import { becomeLeader } from './step-leader.js';
import type { RaftMessage } from './types.js';

type VoteRequest = Extract<RaftMessage, { type: 'RequestVote' }>;

/**
 * Election timeout elapsed (§5.2). With PreVote (thesis §9.6) the node first asks whether it could win, without
 * raising its term, so a node cut off from the cluster does not inflate terms and depose the leader when it returns.
 */
export function campaign(n: RaftNode, nowMs: number, preVote: boolean): void {
  const term = n.term + 1;
  if (preVote) {
    n.role = 'pre_candidate';
  } else {
    n.role = 'candidate';
    n.storage.setHardState(term, n.id); // vote for self, persisted before any request leaves
  }
  n.leaderId = undefined;
  n.votes.clear();
  n.votes.add(n.id);
  n.resetElectionTimer(nowMs);
  n.effects.event({ type: 'election_started', term, preVote });
  if (n.votes.size >= n.quorum) return winRound(n, nowMs);
  for (let p = 0; p < n.nodes; p++) {
    if (p === n.id) continue;
    n.effects.send({
      type: 'RequestVote',
      from: n.id,
      to: p,
      term,
      lastLogIndex: n.storage.lastIndex,
      lastLogTerm: n.storage.lastTerm,
      preVote,
    });
  }
}

/** A quorum answered yes: after a pre-vote, run the real election; after a vote, lead. */
export function winRound(n: RaftNode, nowMs: number): void {
  if (n.role === 'pre_candidate') return campaign(n, nowMs, false);
  becomeLeader(n, nowMs);
}

/**
 * RequestVote receiver (Figure 2, §5.2, §5.4.1): grant if the term is current, this node has not voted for someone
 * else in it, and the candidate's log is at least as up to date (higher last term, or same last term and at least
 * as long). A PreVote is answered by the same rules without recording a vote, and only when no leader has been heard
 * from lately.
 */
export function handleVoteRequest(n: RaftNode, m: VoteRequest, nowMs: number): void {
  const s = n.storage;
  const upToDate =
    n.options.__bugs?.voteWithoutLogCheck === true ||
    m.lastLogTerm > s.lastTerm ||
    (m.lastLogTerm === s.lastTerm && m.lastLogIndex >= s.lastIndex);
  let granted: boolean;
  if (m.preVote) {
    const leaderFresh = n.leaderId !== undefined && nowMs - n.lastLeaderContactMs < n.options.electionTimeoutMinMs;
    granted = m.term > s.term && upToDate && !leaderFresh;
  } else {
    granted = m.term === s.term && (s.votedFor === undefined || s.votedFor === m.from) && upToDate;
    if (granted) {
      s.setHardState(s.term, m.from); // persisted before the reply leaves
      n.resetElectionTimer(nowMs);
    }
  }
  n.effects.send({
    type: 'RequestVoteResponse',
    from: n.id,
    to: m.from,
    term: m.preVote ? (granted ? m.term : s.term) : s.term,
    granted,
    preVote: m.preVote,
  });
}
