import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';
import { roundMicros } from '../../sim/retry.js';
import type { RaftNode } from './node.js';
import type { RaftMessage } from './types.js';

type AppendResponse = Extract<RaftMessage, { type: 'AppendEntriesResponse' }>;

/**
 * Won the election (§5.2). The new leader appends a no-op of its term (§8): entries of earlier terms commit only
 * under an entry of the current term (§5.4.2), and ReadIndex needs one committed before serving reads (thesis §6.4).
 */
export function becomeLeader(n: RaftNode, nowMs: number): void {
  n.role = 'leader';
  n.leaderId = n.id;
  const last = n.storage.lastIndex;
  for (let p = 0; p < n.nodes; p++) {
    n.nextIndex[p] = last + 1;
    n.matchIndex[p] = p === n.id ? last : 0;
    n.sentIndex[p] = 0;
    n.recentActive[p] = false;
    n.ackedReadSeq[p] = 0;
  }
  n.effects.event({ type: 'leader_elected', term: n.term, votes: n.votes.size });
  n.checkQuorumDeadlineMs = n.options.checkQuorum ? roundMicros(nowMs + n.options.electionTimeoutMinMs) : Infinity;
  if (n.options.noopOnElection) appendNoop(n, nowMs);
  broadcastAppend(n, nowMs);
}

function appendNoop(n: RaftNode, nowMs: number): void {
  const noop: Command = {
    id: -(n.term * 1024 + n.id + 1),
    op: 'noop',
    key: '',
    value: null,
    idempotencyKey: `noop-t${n.term}`,
    dedupKey: -n.term,
    sentAtMs: nowMs,
  };
  n.storage.append([{ term: n.term, command: noop }]);
  n.matchIndex[n.id] = n.storage.lastIndex;
  if (n.nodes === 1) n.maybeCommitSingle();
}

/** Whether entries sent to `p` still wait for its acknowledgement. */
export function awaitingAck(n: RaftNode, p: NodeId): boolean {
  return (n.sentIndex[p] as number) > (n.matchIndex[p] as number);
}

/** AppendEntries to one follower from its nextIndex, at most `maxEntriesPerAppend` entries. */
export function sendAppend(n: RaftNode, p: NodeId): void {
  const s = n.storage;
  const prev = (n.nextIndex[p] as number) - 1;
  const last = Math.min(s.lastIndex, prev + n.options.maxEntriesPerAppend);
  if (last > (n.sentIndex[p] as number)) n.sentIndex[p] = last;
  n.effects.send({
    type: 'AppendEntries',
    from: n.id,
    to: p,
    term: n.term,
    prevLogIndex: prev,
    prevLogTerm: s.termAt(prev) ?? 0,
    entries: last > prev ? s.slice(prev + 1, last) : [],
    leaderCommit: n.commitIndex,
    readSeq: n.readSeq,
  });
}

/** Heartbeat round (§5.2): AppendEntries to every follower, carrying whatever they still lack. */
export function broadcastAppend(n: RaftNode, nowMs: number): void {
  for (let p = 0; p < n.nodes; p++) if (p !== n.id) sendAppend(n, p);
  n.heartbeatDeadlineMs = roundMicros(nowMs + n.options.heartbeatMs);
}

export function tickLeader(n: RaftNode, nowMs: number): void {
  if (nowMs >= n.checkQuorumDeadlineMs) {
    // CheckQuorum (thesis §6.2): a leader that has not heard from a majority within an election timeout steps down,
    // so a leader cut off in a minority stops accepting requests it could never commit.
    let active = 1;
    for (let p = 0; p < n.nodes; p++) if (p !== n.id && n.recentActive[p]) active++;
    n.recentActive.fill(false);
    if (active < n.quorum) {
      n.role = 'follower';
      n.leaderId = undefined;
      n.resetElectionTimer(nowMs);
      n.stepDown('check_quorum');
      return;
    }
    n.checkQuorumDeadlineMs = roundMicros(nowMs + n.options.electionTimeoutMinMs);
  }
  if (nowMs >= n.heartbeatDeadlineMs) broadcastAppend(n, nowMs);
}

/** AppendEntries response at the leader (Figure 2 "Rules for Servers, Leaders"). */
export function stepLeader(n: RaftNode, m: AppendResponse): void {
  const p = m.from;
  n.recentActive[p] = true;
  if (m.readSeq > (n.ackedReadSeq[p] as number)) {
    n.ackedReadSeq[p] = m.readSeq;
    releaseReads(n);
  }
  if (m.success) {
    if (m.matchIndex > (n.matchIndex[p] as number)) {
      n.matchIndex[p] = m.matchIndex;
      n.effects.event({ type: 'log_replicated', term: n.term, follower: p, matchIndex: m.matchIndex });
      maybeCommit(n);
    }
    n.nextIndex[p] = Math.max(n.nextIndex[p] as number, (n.matchIndex[p] as number) + 1);
    // The next batch goes once the last one is acknowledged; an older message's answer sends nothing more.
    if (!awaitingAck(n, p) && n.nextIndex[p] <= n.storage.lastIndex) sendAppend(n, p);
    return;
  }
  // §5.3: the consistency check failed: move nextIndex back (to the follower's hint) and retry from there.
  const match = n.matchIndex[p] as number;
  n.nextIndex[p] = Math.max(match + 1, Math.min(m.conflictIndex, (n.nextIndex[p] as number) - 1));
  n.sentIndex[p] = match;
  sendAppend(n, p);
}

/**
 * §5.3-§5.4.2: the commit index moves to the highest index stored on a majority, but only if that entry is of the
 * current term: counting replicas of an older term's entry is unsafe (Figure 8).
 */
export function maybeCommit(n: RaftNode): void {
  const candidate = quorumIndex(n.matchIndex, n.quorum);
  if (candidate <= n.commitIndex) return;
  const bug = n.options.__bugs?.commitPriorTermByCount === true;
  if (n.storage.termAt(candidate) !== n.term && !bug) return;
  const wasFirstOfTerm = !committedInTerm(n);
  n.commitTo(candidate);
  if (wasFirstOfTerm && committedInTerm(n)) for (const readId of n.readsAwaitingCommit.splice(0)) startRead(n, readId);
}

/** The highest value that at least `quorum` of `values` reach (the quorum-th largest), without sorting a copy. */
export function quorumIndex(values: readonly number[], quorum: number): number {
  let best = 0;
  for (const v of values) {
    if (v <= best) continue;
    let reached = 0;
    for (const w of values) if (w >= v) reached++;
    if (reached >= quorum) best = v;
  }
  return best;
}

/** Whether this leader has committed an entry of its own term (its no-op at least). */
export function committedInTerm(n: RaftNode): boolean {
  return n.commitIndex > 0 && n.storage.termAt(n.commitIndex) === n.term;
}

/**
 * ReadIndex (thesis §6.4): remember the commit index, then confirm leadership with a heartbeat round; once a majority
 * answers, the read may be served from a state machine that has applied that index. Before the leader has committed
 * an entry of its term its commit index may be stale, so the read waits for that first.
 */
export function startRead(n: RaftNode, readId: number): void {
  if (!committedInTerm(n)) {
    n.readsAwaitingCommit.push(readId);
    return;
  }
  const seq = ++n.readSeq;
  n.pendingReads.push({ readId, seq, index: n.commitIndex });
  if (n.nodes === 1) return releaseReads(n);
  for (let p = 0; p < n.nodes; p++) if (p !== n.id) sendAppend(n, p);
}

function releaseReads(n: RaftNode): void {
  if (n.pendingReads.length === 0) return;
  const acked = n.ackedReadSeq.map((s, p) => (p === n.id ? Infinity : s)).sort((a, b) => b - a);
  const confirmed = acked[n.quorum - 1] as number;
  let released = 0;
  for (const r of n.pendingReads) {
    if (r.seq > confirmed) break;
    n.effects.readReady(r.readId, r.index);
    released++;
  }
  if (released > 0) n.pendingReads.splice(0, released);
}
