import type { Command } from '../../sim/command.js';
import type { Effects, NodeId, NodeInit, NodeStatus, ProtocolNode, Rejection } from '../../sim/protocol.js';
import { roundMicros } from '../../sim/retry.js';
import type { Rng } from '../../sim/rng.js';
import { onAccept, onDecide, onHeartbeat, onPrepare } from './acceptor.js';
import {
  broadcastHeartbeat,
  campaign,
  onAccepted,
  onHeartbeatAck,
  onPromise,
  proposeAt,
  tickLeader,
} from './leader.js';
import type { PaxosObserver, PaxosStorage } from './storage.js';
import { paxosQuorums, roundOf, type AcceptedEntry, type PaxosMessage, type PaxosOptions } from './types.js';

export type PaxosRole = 'follower' | 'candidate' | 'leader';

/** A value the leader proposed in its ballot and the acceptors (as a bit set) that accepted it. */
export interface Proposal {
  readonly command: Command;
  acks: number;
}

/** A read waiting for a phase-2 quorum to confirm this leader after heartbeat round `seq` went out. */
export interface PendingRead {
  readonly readId: number;
  readonly seq: number;
  readonly index: number;
}

/**
 * One Multi-Paxos node (Lamport, "Paxos Made Simple" §3; Chandra et al., "Paxos Made Live"): proposer, acceptor and
 * learner in one. A stable leader runs phase 1 once for every slot from its first unchosen one, then phase 2 per
 * client command; followers that stop hearing it start phase 1 with a higher ballot. Persistent state lives in
 * `PaxosStorage`; everything here is volatile.
 */
export class PaxosNode implements ProtocolNode<PaxosMessage> {
  role: PaxosRole = 'follower';
  leaderId: NodeId | undefined;
  /** This node's ballot while it is a candidate or the leader. */
  ballot = 0;
  electionDeadlineMs = Infinity;
  heartbeatDeadlineMs = Infinity;
  checkQuorumDeadlineMs = Infinity;
  lastLeaderContactMs = -Infinity;
  /** Highest slot handed to the state machine through `effects.committed`. */
  emittedIndex = 0;
  readonly q1: number;
  readonly q2: number;
  /** Candidate: the first slot phase 1 covers, and the accepted values each promise reported. */
  recoverFrom = 1;
  readonly promises = new Map<NodeId, readonly AcceptedEntry[]>();
  // Leader state.
  nextSlot = 1;
  readonly proposals = new Map<number, Proposal>();
  readonly recentActive: boolean[];
  readonly ackedReadSeq: number[];
  readSeq = 0;
  readonly pendingReads: PendingRead[] = [];

  readonly id: NodeId;
  readonly nodes: number;
  readonly storage: PaxosStorage;
  readonly rng: Rng;
  readonly effects: Effects<PaxosMessage>;

  constructor(
    init: NodeInit<PaxosMessage, PaxosStorage>,
    readonly options: PaxosOptions,
    private readonly observer: PaxosObserver,
  ) {
    ({ id: this.id, nodes: this.nodes, storage: this.storage, rng: this.rng, effects: this.effects } = init);
    const nodes = this.nodes;
    const nowMs = init.nowMs;
    const { q1, q2 } = paxosQuorums(nodes, options);
    this.q1 = q1;
    this.q2 = q2;
    this.recentActive = new Array<boolean>(nodes).fill(false);
    this.ackedReadSeq = new Array<number>(nodes).fill(0);
    this.resetElectionTimer(nowMs);
    // The learned log survived the crash: replay it into the rebuilt state machine.
    this.emitChosen();
  }

  get round(): number {
    return roundOf(this.storage.promised);
  }

  resetElectionTimer(nowMs: number): void {
    const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = this.options;
    this.electionDeadlineMs = roundMicros(nowMs + min + (max - min) * this.rng.float());
  }

  step(m: PaxosMessage, nowMs: number): void {
    switch (m.type) {
      case 'Prepare':
        return onPrepare(this, m, nowMs);
      case 'Promise':
        return onPromise(this, m, nowMs);
      case 'Accept':
        return onAccept(this, m, nowMs);
      case 'Accepted':
        return onAccepted(this, m, nowMs);
      case 'Heartbeat':
        return onHeartbeat(this, m, nowMs);
      case 'HeartbeatAck':
        return onHeartbeatAck(this, m, nowMs);
      case 'Decide':
        return onDecide(this, m);
    }
  }

  tick(nowMs: number): void {
    if (this.role === 'leader') return tickLeader(this, nowMs);
    if (nowMs >= this.electionDeadlineMs) campaign(this, nowMs);
  }

  wakeAtMs(): number {
    if (this.role === 'leader') return Math.min(this.heartbeatDeadlineMs, this.checkQuorumDeadlineMs);
    return this.electionDeadlineMs;
  }

  propose(command: Command, nowMs: number): Rejection | undefined {
    if (this.role !== 'leader') return { error: 'LEADER_NOT_FOUND', leaderHint: this.leaderId };
    proposeAt(this, this.nextSlot++, command, nowMs);
    return undefined;
  }

  read(readId: number, nowMs: number): Rejection | undefined {
    if (this.role !== 'leader') return { error: 'LEADER_NOT_FOUND', leaderHint: this.leaderId };
    this.readSeq++;
    this.pendingReads.push({ readId, seq: this.readSeq, index: this.nextSlot - 1 });
    if (this.q2 <= 1) this.serveReads();
    else broadcastHeartbeat(this, nowMs);
    return undefined;
  }

  status(): NodeStatus {
    return {
      role: this.role,
      term: this.round,
      leader: this.role === 'leader',
      leaderHint: this.role === 'leader' ? this.id : this.leaderId,
      commitIndex: this.storage.chosenUpTo,
      lastIndex: Math.max(this.storage.maxAcceptedSlot, this.storage.maxChosenSlot),
    };
  }

  /** Stops leading or campaigning (a higher ballot was seen, or the quorum was lost). */
  becomeFollower(leader: NodeId | undefined, nowMs: number, reason = 'higher_ballot'): void {
    const wasLeader = this.role === 'leader';
    this.role = 'follower';
    this.leaderId = leader;
    this.promises.clear();
    this.proposals.clear();
    this.pendingReads.length = 0;
    this.heartbeatDeadlineMs = Infinity;
    this.checkQuorumDeadlineMs = Infinity;
    this.resetElectionTimer(nowMs);
    if (wasLeader) this.effects.event({ type: 'leader_lost', term: roundOf(this.ballot), reason });
  }

  /** Remembers the highest round seen, so this node's next ballot outbids it. */
  noteBallot(ballot: number): void {
    const round = roundOf(ballot);
    if (round > this.storage.maxRoundSeen) this.storage.maxRoundSeen = round;
  }

  /** Learns a chosen value and hands the chosen prefix to the state machine in slot order. */
  learn(slot: number, command: Command): void {
    if (this.storage.learn(slot, command)) this.emitChosen();
  }

  emitChosen(): void {
    const before = this.emittedIndex;
    while (this.emittedIndex < this.storage.chosenUpTo) {
      const slot = ++this.emittedIndex;
      const command = this.storage.chosenAt(slot) as Command;
      this.observer.applied(this.id, slot, command);
      this.effects.committed(slot, command);
    }
    if (this.emittedIndex > before) {
      this.effects.event({ type: 'commit_advanced', term: this.round, commitIndex: this.emittedIndex });
    }
  }

  /** Reads whose heartbeat round a phase-2 quorum acknowledged can be served once the state machine catches up. */
  serveReads(): void {
    let served = 0;
    for (const r of this.pendingReads) {
      let acks = 1;
      for (let p = 0; p < this.nodes; p++) if (p !== this.id && (this.ackedReadSeq[p] as number) >= r.seq) acks++;
      if (acks < this.q2) break;
      this.effects.readReady(r.readId, r.index);
      served++;
    }
    if (served > 0) this.pendingReads.splice(0, served);
  }
}
