import type { Command } from '../../sim/command.js';
import type { Effects, NodeId, NodeInit, NodeStatus, ProtocolNode, Rejection } from '../../sim/protocol.js';
import { roundMicros } from '../../sim/retry.js';
import type { Conspiracy } from './byzantine.js';
import { onCheckpoint, onFetch, onTransfer } from './checkpoint.js';
import type { PbftObserver } from './monitor.js';
import { flush, onCommit, onPrepare, onPrePrepare, retransmit } from './normal.js';
import type { PbftStorage } from './storage.js';
import {
  pbftFaults,
  pbftQuorum,
  primaryOf,
  type ByzantineBehaviour,
  type PbftMessage,
  type PbftOptions,
} from './types.js';
import { onNewView, onViewChange, onViewTimeout, startViewChange } from './view-change.js';

/** Most doublings of the view-change timeout (2^10 times the base). */
const MAX_BACKOFF = 10;

/**
 * One PBFT replica (Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999) as a pure state machine.
 * The primary of view v (replica v mod n) orders batches of client requests with pre-prepares; every replica
 * prepares, commits and executes them in sequence order; checkpoints bound the log; a backup whose requests stop
 * executing starts a view change. Everything that must survive a crash lives in `PbftStorage`.
 */
export class PbftNode implements ProtocolNode<PbftMessage> {
  readonly id: NodeId;
  readonly nodes: number;
  readonly storage: PbftStorage;
  readonly effects: Effects<PbftMessage>;
  readonly f: number;
  readonly q: number;
  behaviour: ByzantineBehaviour | undefined;
  /** Once byzantine, always suspect: what it committed no longer counts as an honest replica's. */
  compromised = false;
  /** Client requests received and not yet executed (they drive the view-change timer, §4.4). */
  readonly pending = new Map<number, Command>();
  /** Primary: requests waiting for a sequence number. */
  readonly queue: Command[] = [];
  /** Requests already in a pre-prepare of the current view, so the primary orders each once. */
  readonly orderedInView = new Set<number>();
  vcDeadlineMs = Infinity;
  /** Doublings of the view-change timeout since a request last executed (§4.5.2). */
  vcBackoff = 0;
  retransmitDeadlineMs = Infinity;
  fetchAttempt = 0;
  /** Highest sequence number this replica has heard of, for knowing when it has work in progress. */
  maxSeqSeen = 0;
  /** Senders (bit sets) of normal-case messages of views above ours: evidence this replica fell behind a view. */
  readonly laterViews = new Map<number, number>();

  constructor(
    init: NodeInit<PbftMessage, PbftStorage>,
    readonly options: PbftOptions,
    readonly observer: PbftObserver,
    readonly conspiracy: Conspiracy,
  ) {
    ({ id: this.id, nodes: this.nodes, storage: this.storage, effects: this.effects } = init);
    this.f = pbftFaults(this.nodes);
    this.q = pbftQuorum(this.nodes);
    // What was executed before the crash is on disk: replay it into the rebuilt state machine.
    this.storage.executedCommands.forEach((c, i) => this.effects.committed(i + 1, c));
    this.maxSeqSeen = Math.max(this.storage.lastExecuted, this.storage.nextSeq - 1);
    if (!this.storage.booted && this.isPrimary()) this.effects.event({ type: 'leader_elected', term: 0, votes: 0 });
    // A primary back from a crash cannot know whether its view is still current, and its backups have likely given
    // up on it: it hands the view on rather than ordering requests nobody may be listening for.
    else if (this.isPrimary()) startViewChange(this, this.view + 1, init.nowMs);
    this.storage.booted = true;
    this.settle(init.nowMs);
  }

  get view(): number {
    return this.storage.view;
  }

  /** Primary of the current view, and not in the middle of changing it. */
  isPrimary(): boolean {
    return !this.storage.viewChanging && primaryOf(this.view, this.nodes) === this.id;
  }

  /** The view-change timeout, doubled for each view change in a row that has not executed a request (§4.5.2). */
  timeoutMs(): number {
    return this.options.viewChangeTimeoutMs * 2 ** this.vcBackoff;
  }

  backOff(): void {
    this.vcBackoff = Math.min(MAX_BACKOFF, this.vcBackoff + 1);
  }

  step(m: PbftMessage, nowMs: number): void {
    switch (m.type) {
      case 'PrePrepare':
        onPrePrepare(this, m, nowMs);
        break;
      case 'Prepare':
        onPrepare(this, m, nowMs);
        break;
      case 'Commit':
        onCommit(this, m, nowMs);
        break;
      case 'Checkpoint':
        onCheckpoint(this, m, nowMs);
        break;
      case 'ViewChange':
        onViewChange(this, m, nowMs);
        break;
      case 'NewView':
        onNewView(this, m, nowMs);
        break;
      case 'Fetch':
        onFetch(this, m);
        break;
      case 'Transfer':
        onTransfer(this, m, nowMs);
        break;
    }
    this.settle(nowMs);
  }

  tick(nowMs: number): void {
    if (nowMs >= this.vcDeadlineMs) onViewTimeout(this, nowMs);
    if (nowMs >= this.retransmitDeadlineMs) {
      this.retransmitDeadlineMs = Infinity;
      retransmit(this, nowMs);
    }
    this.settle(nowMs);
  }

  wakeAtMs(): number {
    return Math.min(this.vcDeadlineMs, this.retransmitDeadlineMs);
  }

  /**
   * A client request (clients send to every replica). The primary queues it for a sequence number; a backup starts
   * its view-change timer, so a primary that never orders it is replaced (§4.4).
   */
  propose(command: Command, nowMs: number): Rejection | undefined {
    if (this.storage.executedIds.has(command.id)) return undefined;
    this.pending.set(command.id, command);
    if (this.isPrimary()) {
      if (!this.orderedInView.has(command.id)) this.queue.push(command);
      flush(this, nowMs);
    } else this.armViewTimer(nowMs);
    this.settle(nowMs);
    return undefined;
  }

  /** Reads are ordered like writes (the kernel sends them through `propose`), so they see every earlier write. */
  read(_readId: number, _nowMs: number): Rejection | undefined {
    return { error: 'PERMANENT_FAILURE' };
  }

  status(): NodeStatus {
    const executed = this.storage.executedCommands.length;
    return {
      role: this.storage.viewChanging ? 'view_change' : this.isPrimary() ? 'primary' : 'backup',
      term: this.view,
      leader: this.isPrimary(),
      leaderHint: primaryOf(this.view, this.nodes),
      commitIndex: executed,
      lastIndex: executed,
    };
  }

  setByzantine(behaviour: ByzantineBehaviour | undefined): void {
    this.behaviour = behaviour;
    if (behaviour) this.compromised = true;
    if (behaviour === 'equivocate') this.conspiracy.members.add(this.id);
    else this.conspiracy.members.delete(this.id);
  }

  /** Starts the view-change timer if a request waits and it is not running (§4.4). */
  armViewTimer(nowMs: number): void {
    if (this.vcDeadlineMs === Infinity && this.pending.size > 0 && !this.isPrimary()) {
      this.vcDeadlineMs = roundMicros(nowMs + this.timeoutMs());
    }
  }

  broadcast(make: (to: NodeId) => PbftMessage): void {
    for (let p = 0; p < this.nodes; p++) if (p !== this.id) this.effects.send(make(p));
  }

  /** Keeps a retransmission tick scheduled while anything is in progress. */
  private settle(nowMs: number): void {
    if (this.retransmitDeadlineMs !== Infinity || !this.hasWork()) return;
    this.retransmitDeadlineMs = roundMicros(nowMs + this.options.retransmitMs);
  }

  private hasWork(): boolean {
    const s = this.storage;
    return (
      this.pending.size > 0 ||
      s.viewChanging ||
      s.lastExecuted < s.stableSeq ||
      this.maxSeqSeen > s.lastExecuted ||
      s.lastExecuted > s.stableSeq + this.options.checkpointInterval
    );
  }
}
