import type { PaxosNode } from './node.js';
import type { PaxosMessage } from './types.js';

type Msg<T extends PaxosMessage['type']> = Extract<PaxosMessage, { type: T }>;

/**
 * Phase 1b (Paxos Made Simple §2.2, P1a): promise never to accept a ballot below `m.ballot`, and report every value
 * accepted from the candidate's first unchosen slot on. With CheckQuorum, a node that still hears a live leader
 * refuses (a leader lease): refusing is always safe, and it keeps a returning node from deposing a healthy leader.
 */
export function onPrepare(n: PaxosNode, m: Msg<'Prepare'>, nowMs: number): void {
  n.noteBallot(m.ballot);
  const s = n.storage;
  if (m.ballot <= s.promised || inLease(n, m.from, nowMs)) {
    n.effects.send({
      type: 'Promise',
      from: n.id,
      to: m.from,
      ballot: m.ballot,
      ok: false,
      promised: s.promised,
      accepted: [],
    });
    return;
  }
  if (!n.options.__bugs?.forgetPromise) s.promise(m.ballot);
  if (n.role !== 'follower') n.becomeFollower(undefined, nowMs);
  else n.resetElectionTimer(nowMs); // give the candidate its chance before campaigning ourselves
  n.leaderId = undefined;
  n.effects.send({
    type: 'Promise',
    from: n.id,
    to: m.from,
    ballot: m.ballot,
    ok: true,
    promised: m.ballot,
    accepted: s.acceptedFrom(m.fromSlot),
  });
}

function inLease(n: PaxosNode, from: number, nowMs: number): boolean {
  if (!n.options.checkQuorum) return false;
  if (n.role === 'leader') return true; // it steps down by itself once it loses its quorum
  return (
    n.leaderId !== undefined && n.leaderId !== from && nowMs - n.lastLeaderContactMs < n.options.electionTimeoutMinMs
  );
}

/**
 * A message of ballot `ballot` from its leader: at or above our promise it is followed (an Accept or heartbeat of a
 * higher ballot implies the promise, §2.2), and a node that led or campaigned with a lower ballot steps aside.
 */
function follow(n: PaxosNode, leader: number, ballot: number, nowMs: number): boolean {
  n.noteBallot(ballot);
  const s = n.storage;
  if (ballot < s.promised) return false;
  if (ballot > s.promised) s.promise(ballot);
  if (n.role !== 'follower') n.becomeFollower(leader, nowMs);
  n.leaderId = leader;
  n.lastLeaderContactMs = nowMs;
  n.resetElectionTimer(nowMs);
  return true;
}

/** Phase 2b (§2.2, P1a): accept unless a higher ballot was promised. */
export function onAccept(n: PaxosNode, m: Msg<'Accept'>, nowMs: number): void {
  if (!follow(n, m.from, m.ballot, nowMs)) {
    const promised = n.storage.promised;
    n.effects.send({ type: 'Accepted', from: n.id, to: m.from, ballot: m.ballot, slot: m.slot, ok: false, promised });
    return;
  }
  n.storage.accept(m.slot, m.ballot, m.command);
  n.effects.send({
    type: 'Accepted',
    from: n.id,
    to: m.from,
    ballot: m.ballot,
    slot: m.slot,
    ok: true,
    promised: m.ballot,
  });
  learnFromLeader(n, m.chosenUpTo, m.ballot);
}

export function onHeartbeat(n: PaxosNode, m: Msg<'Heartbeat'>, nowMs: number): void {
  const ok = follow(n, m.from, m.ballot, nowMs);
  if (ok) learnFromLeader(n, m.chosenUpTo, m.ballot);
  n.effects.send({
    type: 'HeartbeatAck',
    from: n.id,
    to: m.from,
    ballot: m.ballot,
    ok,
    promised: n.storage.promised,
    chosenUpTo: n.storage.chosenUpTo,
    readSeq: m.readSeq,
  });
}

/**
 * The leader says every slot up to `chosenUpTo` is chosen. A value this node accepted in the leader's own ballot is
 * the leader's proposal for that slot, hence the chosen one; other slots wait for a Decide (catch-up).
 */
function learnFromLeader(n: PaxosNode, chosenUpTo: number, ballot: number): void {
  const s = n.storage;
  const last = Math.min(chosenUpTo, s.chosenUpTo + n.options.maxBatch);
  for (let slot = s.chosenUpTo + 1; slot <= last; slot++) {
    const e = s.acceptedAt(slot);
    if (e && e.ballot === ballot && s.chosenAt(slot) === undefined) n.learn(slot, e.command);
  }
}

/** Chosen values sent to a node that lags (a learner catching up, Paxos Made Simple §3). */
export function onDecide(n: PaxosNode, m: Msg<'Decide'>): void {
  for (const e of m.entries) n.learn(e.slot, e.command);
}
