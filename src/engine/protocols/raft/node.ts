import type { Command } from '../../sim/command.js';
import type { Effects, NodeId, NodeStatus, ProtocolNode, Rejection } from '../../sim/protocol.js';
import { roundMicros } from '../../sim/retry.js';
import type { Rng } from '../../sim/rng.js';
import { campaign, handleVoteRequest } from './election.js';
import { stepCandidate } from './step-candidate.js';
import { awaitingAck, broadcastAppend, sendAppend, stepLeader, startRead, tickLeader } from './step-leader.js';
import { handleAppendEntries } from './step-follower.js';
import type { RaftStorage } from './storage.js';
import { raftQuorum, type RaftMessage, type RaftOptions } from './types.js';

export type Role = 'follower' | 'pre_candidate' | 'candidate' | 'leader';

/** A ReadIndex read (thesis §6.4) waiting for a quorum to confirm this leader after `seq` was sent. */
export interface PendingRead {
  readonly readId: number;
  readonly seq: number;
  readonly index: number;
}

/**
 * One Raft server as a pure state machine (Ongaro & Ousterhout 2014, Figure 2). Persistent state lives in
 * `RaftStorage` (kept across crashes); everything here is volatile. `step` reconciles terms (§5.1) and dispatches on
 * the role; the role files hold the rules.
 */
export class RaftNode implements ProtocolNode<RaftMessage> {
  role: Role = 'follower';
  leaderId: NodeId | undefined;
  commitIndex = 0;
  /** Highest index handed to the state machine through `effects.committed`. */
  emittedIndex = 0;
  electionDeadlineMs = Infinity;
  heartbeatDeadlineMs = Infinity;
  checkQuorumDeadlineMs = Infinity;
  /** Last time a current leader was heard from (leader lease for CheckQuorum and PreVote, thesis §4.2.3, §9.6). */
  lastLeaderContactMs = -Infinity;
  readonly votes = new Set<NodeId>();
  readonly quorum: number;
  // Leader state (Figure 2: nextIndex[], matchIndex[]) and its flow control.
  readonly nextIndex: number[];
  readonly matchIndex: number[];
  /**
   * Flow control: the highest index sent to each follower. A follower with entries sent but not yet acknowledged gets
   * no new batch until the acknowledgement (or the next heartbeat, which retransmits): one batch in flight.
   */
  readonly sentIndex: number[];
  readonly recentActive: boolean[];
  readonly ackedReadSeq: number[];
  readSeq = 0;
  readonly pendingReads: PendingRead[] = [];
  readonly readsAwaitingCommit: number[] = [];

  constructor(
    readonly id: NodeId,
    readonly nodes: number,
    readonly storage: RaftStorage,
    readonly rng: Rng,
    readonly effects: Effects<RaftMessage>,
    readonly options: RaftOptions,
    nowMs: number,
  ) {
    this.quorum = raftQuorum(nodes);
    this.nextIndex = new Array<number>(nodes).fill(1);
    this.matchIndex = new Array<number>(nodes).fill(0);
    this.sentIndex = new Array<number>(nodes).fill(0);
    this.recentActive = new Array<boolean>(nodes).fill(false);
    this.ackedReadSeq = new Array<number>(nodes).fill(0);
    this.resetElectionTimer(nowMs);
  }

  get term(): number {
    return this.storage.term;
  }

  /** A fresh randomized election timeout (§5.2): uniform in [min, max]. */
  resetElectionTimer(nowMs: number): void {
    const { electionTimeoutMinMs: min, electionTimeoutMaxMs: max } = this.options;
    this.electionDeadlineMs = roundMicros(nowMs + min + (max - min) * this.rng.float());
  }

  step(m: RaftMessage, nowMs: number): void {
    if (m.term > this.term && !this.acceptHigherTerm(m, nowMs)) return;
    if (m.term < this.term && !this.options.__bugs?.acceptStaleAppendEntries) return this.answerStale(m);
    if (m.term < this.term && m.type !== 'AppendEntries') return this.answerStale(m);
    switch (m.type) {
      case 'RequestVote':
        return handleVoteRequest(this, m, nowMs);
      case 'AppendEntries':
        return handleAppendEntries(this, m, nowMs);
      case 'RequestVoteResponse':
        return stepCandidate(this, m, nowMs);
      case 'AppendEntriesResponse':
        if (this.role === 'leader') stepLeader(this, m);
        return;
    }
  }

  /**
   * §5.1: a higher term makes this node a follower of that term, except for PreVote traffic (it changes no term) and,
   * under CheckQuorum, vote requests that arrive while a leader is still heard from (thesis §4.2.3: they are ignored
   * so that a partitioned node rejoining cannot depose a healthy leader).
   */
  private acceptHigherTerm(m: RaftMessage, nowMs: number): boolean {
    if (m.type === 'RequestVote' && m.preVote) return true;
    if (m.type === 'RequestVoteResponse' && m.preVote && m.granted) return true;
    if (m.type === 'RequestVote' && this.inLease(nowMs)) return false;
    const leader = m.type === 'AppendEntries' ? m.from : undefined;
    this.becomeFollower(m.term, leader, nowMs);
    return true;
  }

  /** Whether a leader was heard from within the minimum election timeout (only enforced with CheckQuorum). */
  inLease(nowMs: number): boolean {
    return (
      this.options.checkQuorum &&
      this.leaderId !== undefined &&
      nowMs - this.lastLeaderContactMs < this.options.electionTimeoutMinMs
    );
  }

  /** Stale-term requests are answered with the current term so the sender steps down (§5.1). */
  private answerStale(m: RaftMessage): void {
    if (m.type === 'AppendEntries') {
      this.effects.send({
        type: 'AppendEntriesResponse',
        from: this.id,
        to: m.from,
        term: this.term,
        success: false,
        matchIndex: 0,
        conflictIndex: 0,
        readSeq: m.readSeq,
      });
    } else if (m.type === 'RequestVote') {
      this.effects.send({
        type: 'RequestVoteResponse',
        from: this.id,
        to: m.from,
        term: this.term,
        granted: false,
        preVote: m.preVote,
      });
    }
  }

  tick(nowMs: number): void {
    if (this.role === 'leader') return tickLeader(this, nowMs);
    if (nowMs >= this.electionDeadlineMs) campaign(this, nowMs, this.options.preVote);
  }

  wakeAtMs(): number {
    if (this.role === 'leader') return Math.min(this.heartbeatDeadlineMs, this.checkQuorumDeadlineMs);
    return this.electionDeadlineMs;
  }

  propose(command: Command, _nowMs: number): Rejection | undefined {
    if (this.role !== 'leader') return { error: 'LEADER_NOT_FOUND', leaderHint: this.leaderId };
    this.storage.append([{ term: this.term, command }]);
    this.matchIndex[this.id] = this.storage.lastIndex;
    if (this.nodes === 1) this.maybeCommitSingle();
    for (let p = 0; p < this.nodes; p++) if (p !== this.id && !awaitingAck(this, p)) sendAppend(this, p);
    return undefined;
  }

  read(readId: number, _nowMs: number): Rejection | undefined {
    if (this.role !== 'leader') return { error: 'LEADER_NOT_FOUND', leaderHint: this.leaderId };
    startRead(this, readId);
    return undefined;
  }

  status(): NodeStatus {
    return {
      role: this.role,
      term: this.term,
      leader: this.role === 'leader',
      leaderHint: this.role === 'leader' ? this.id : this.leaderId,
      commitIndex: this.commitIndex,
      lastIndex: this.storage.lastIndex,
    };
  }

  becomeFollower(term: number, leader: NodeId | undefined, nowMs: number): void {
    const wasLeader = this.role === 'leader';
    if (term !== this.term) this.storage.setHardState(term, undefined);
    this.role = 'follower';
    this.leaderId = leader;
    this.votes.clear();
    this.resetElectionTimer(nowMs);
    if (wasLeader) this.stepDown('higher_term');
  }

  /** Leaving leadership: reads in progress cannot be confirmed any more. */
  stepDown(reason: string): void {
    this.pendingReads.length = 0;
    this.readsAwaitingCommit.length = 0;
    this.heartbeatDeadlineMs = Infinity;
    this.checkQuorumDeadlineMs = Infinity;
    this.effects.event({ type: 'leader_lost', term: this.term, reason });
  }

  /** Raises the commit index and hands the newly committed entries to the state machine, in order. */
  commitTo(index: number): void {
    if (index <= this.commitIndex) return;
    this.commitIndex = index;
    this.effects.event({ type: 'commit_advanced', term: this.term, commitIndex: index });
    while (this.emittedIndex < index) {
      this.emittedIndex++;
      this.effects.committed(this.emittedIndex, this.storage.command(this.emittedIndex));
    }
  }

  maybeCommitSingle(): void {
    this.commitTo(this.storage.lastIndex);
  }

  broadcast(nowMs: number): void {
    broadcastAppend(this, nowMs);
  }
}
