import { winRound } from './election.js';
import type { RaftNode } from './node.js';
import type { RaftMessage } from './types.js';

type VoteResponse = Extract<RaftMessage, { type: 'RequestVoteResponse' }>;

/** Counts votes (or pre-votes) for the round this node is running; a majority wins it (§5.2). */
export function stepCandidate(n: RaftNode, m: VoteResponse, nowMs: number): void {
  const inRound = (n.role === 'candidate' && !m.preVote) || (n.role === 'pre_candidate' && m.preVote);
  if (!inRound || !m.granted) return;
  if (n.role === 'candidate' && m.term !== n.term) return;
  if (n.role === 'pre_candidate' && m.term !== n.term + 1) return;
  n.votes.add(m.from);
  if (n.votes.size >= n.quorum) winRound(n, nowMs);
}
