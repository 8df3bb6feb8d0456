import type { Command } from '../../sim/command.js';
import { roundMicros } from '../../sim/retry.js';
import type { PaxosNode } from './node.js';
import { ballotOf, bit, popcount, roundOf, type AcceptedEntry, type PaxosMessage } from './types.js';

type Msg<T extends PaxosMessage['type']> = Extract<PaxosMessage, { type: T }>;

/**
 * No leader heard for an election timeout: phase 1a with a ballot above every one seen (Paxos Made Simple §2.2),
 * covering every slot from the first this node does not know chosen (§3: one phase 1 for all later instances). The
 * node promises its own ballot only once the others' promises make a quorum: a node cut off from the cluster can
 * campaign again and again without raising its promise, so on its return it follows the current leader instead of
 * rejecting it (the effect Raft gets from PreVote).
 */
export function campaign(n: PaxosNode, nowMs: number): void {
  const s = n.storage;
  const round = Math.max(roundOf(s.promised), s.maxRoundSeen) + 1;
  n.ballot = ballotOf(round, n.id);
  s.maxRoundSeen = round;
  n.role = 'candidate';
  n.leaderId = undefined;
  n.recoverFrom = s.chosenUpTo + 1;
  n.promises.clear();
  n.resetElectionTimer(nowMs);
  n.effects.event({ type: 'election_started', term: round, preVote: false });
  if (n.q1 <= 1) return promiseSelfAndLead(n, nowMs);
  for (let p = 0; p < n.nodes; p++) {
    if (p !== n.id) n.effects.send({ type: 'Prepare', from: n.id, to: p, ballot: n.ballot, fromSlot: n.recoverFrom });
  }
}

export function onPromise(n: PaxosNode, m: Msg<'Promise'>, nowMs: number): void {
  if (!m.ok) return onRejected(n, m.promised, nowMs);
  if (n.role !== 'candidate' || m.ballot !== n.ballot) return;
  n.promises.set(m.from, m.accepted);
  if (n.promises.size >= n.q1 - 1) promiseSelfAndLead(n, nowMs);
}

/** The last promise of the quorum is our own, unless we have meanwhile promised a higher ballot to someone else. */
function promiseSelfAndLead(n: PaxosNode, nowMs: number): void {
  const s = n.storage;
  if (s.promised >= n.ballot) return n.becomeFollower(undefined, nowMs);
  s.promise(n.ballot);
  n.promises.set(n.id, s.acceptedFrom(n.recoverFrom));
  becomeLeader(n, nowMs);
}

/** An acceptor promised a higher ballot: this node's ballot is dead, so it stops leading or campaigning. */
function onRejected(n: PaxosNode, promised: number, nowMs: number): void {
  n.noteBallot(promised);
  if (n.role !== 'follower' && promised > n.ballot) n.becomeFollower(undefined, nowMs);
}

/**
 * Phase 1 done with a Q1 quorum. For each slot from `recoverFrom` on, the value with the highest ballot among the
 * promises must be proposed again (§2.2, P2c); slots nobody accepted get a no-op, so the log has no holes.
 */
function becomeLeader(n: PaxosNode, nowMs: number): void {
  n.role = 'leader';
  n.leaderId = n.id;
  const best = new Map<number, AcceptedEntry>();
  let maxSlot = Math.max(n.recoverFrom - 1, n.storage.maxChosenSlot);
  for (const entries of n.promises.values()) {
    for (const e of entries) {
      const prev = best.get(e.slot);
      if (!prev || e.ballot > prev.ballot) best.set(e.slot, e);
      if (e.slot > maxSlot) maxSlot = e.slot;
    }
  }
  n.effects.event({ type: 'leader_elected', term: roundOf(n.ballot), votes: n.promises.size });
  n.promises.clear();
  n.proposals.clear();
  n.recentActive.fill(false);
  n.ackedReadSeq.fill(0);
  n.nextSlot = maxSlot + 1;
  for (let slot = n.recoverFrom; slot <= maxSlot; slot++) {
    if (n.storage.chosenAt(slot) !== undefined) continue;
    const found = n.options.__bugs?.ignorePromisedValues ? undefined : best.get(slot)?.command;
    proposeAt(n, slot, found ?? noop(n.ballot, slot, nowMs), nowMs);
  }
  n.checkQuorumDeadlineMs = n.options.checkQuorum ? roundMicros(nowMs + n.options.electionTimeoutMinMs) : Infinity;
  broadcastHeartbeat(n, nowMs);
}

function noop(ballot: number, slot: number, nowMs: number): Command {
  return {
    id: -(ballot * 4_194_304 + slot),
    op: 'noop',
    key: '',
    value: null,
    idempotencyKey: `noop-b${ballot}-s${slot}`,
    dedupKey: 0,
    sentAtMs: nowMs,
  };
}

/** Phase 2a for one slot: the leader accepts its own proposal, then asks every other acceptor. */
export function proposeAt(n: PaxosNode, slot: number, command: Command, _nowMs: number): void {
  n.storage.accept(slot, n.ballot, command);
  const proposal = { command, acks: bit(n.id) };
  if (n.q2 <= 1) return n.learn(slot, command);
  n.proposals.set(slot, proposal);
  for (let p = 0; p < n.nodes; p++) if (p !== n.id) sendAccept(n, p, slot, command);
}

function sendAccept(n: PaxosNode, to: number, slot: number, command: Command): void {
  const chosenUpTo = n.storage.chosenUpTo;
  n.effects.send({ type: 'Accept', from: n.id, to, ballot: n.ballot, slot, command, chosenUpTo });
}

/** Phase 2 done for a slot once a Q2 quorum accepted it in this ballot: the value is chosen. */
export function onAccepted(n: PaxosNode, m: Msg<'Accepted'>, nowMs: number): void {
  if (!m.ok) return onRejected(n, m.promised, nowMs);
  if (n.role !== 'leader' || m.ballot !== n.ballot) return;
  n.recentActive[m.from] = true;
  n.effects.event({ type: 'log_replicated', term: roundOf(n.ballot), follower: m.from, matchIndex: m.slot });
  const p = n.proposals.get(m.slot);
  if (!p) return;
  p.acks |= bit(m.from);
  if (popcount(p.acks) < n.q2) return;
  n.proposals.delete(m.slot);
  n.learn(m.slot, p.command);
}

export function onHeartbeatAck(n: PaxosNode, m: Msg<'HeartbeatAck'>, nowMs: number): void {
  if (!m.ok) return onRejected(n, m.promised, nowMs);
  if (n.role !== 'leader' || m.ballot !== n.ballot) return;
  n.recentActive[m.from] = true;
  if (m.readSeq > (n.ackedReadSeq[m.from] as number)) n.ackedReadSeq[m.from] = m.readSeq;
  if (n.pendingReads.length > 0) n.serveReads();
  const s = n.storage;
  if (m.chosenUpTo >= s.chosenUpTo) return;
  // Catch-up: the follower lacks chosen values it never accepted in our ballot.
  const entries = [];
  const last = Math.min(s.chosenUpTo, m.chosenUpTo + n.options.maxBatch);
  for (let slot = m.chosenUpTo + 1; slot <= last; slot++) entries.push({ slot, command: s.chosenAt(slot) as Command });
  n.effects.send({ type: 'Decide', from: n.id, to: m.from, entries });
}

export function broadcastHeartbeat(n: PaxosNode, nowMs: number): void {
  const chosenUpTo = n.storage.chosenUpTo;
  for (let p = 0; p < n.nodes; p++) {
    if (p !== n.id)
      n.effects.send({ type: 'Heartbeat', from: n.id, to: p, ballot: n.ballot, chosenUpTo, readSeq: n.readSeq });
  }
  n.heartbeatDeadlineMs = roundMicros(nowMs + n.options.heartbeatMs);
}

export function tickLeader(n: PaxosNode, nowMs: number): void {
  if (nowMs >= n.checkQuorumDeadlineMs) {
    // A leader that has not heard a phase-2 quorum for an election timeout steps down (as Raft's CheckQuorum).
    let active = 1;
    for (let p = 0; p < n.nodes; p++) if (p !== n.id && n.recentActive[p]) active++;
    if (active < n.q2) return n.becomeFollower(undefined, nowMs, 'check_quorum');
    n.recentActive.fill(false);
    n.checkQuorumDeadlineMs = roundMicros(nowMs + n.options.electionTimeoutMinMs);
  }
  if (nowMs < n.heartbeatDeadlineMs) return;
  broadcastHeartbeat(n, nowMs);
  retransmit(n);
}

/** Lost Accepts are sent again each heartbeat to acceptors that have not answered, oldest slots first. */
function retransmit(n: PaxosNode): void {
  let sent = 0;
  for (const [slot, p] of n.proposals) {
    if (sent >= n.options.maxBatch) return;
    for (let to = 0; to < n.nodes; to++) if ((p.acks & bit(to)) === 0) sendAccept(n, to, slot, p.command);
    sent++;
  }
}
