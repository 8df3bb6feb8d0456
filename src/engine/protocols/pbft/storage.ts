import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';
import type { Batch, PbftMessage, PreparedProof, ViewChangeMessage } from './types.js';

/**
 * One sequence number's progress in the replica's message log (Castro & Liskov 1999 §4.2): the pre-prepare accepted
 * in the current view, the prepares and commits seen for it (by digest, as bit sets of senders), and the latest
 * prepared certificate, which outlives the view for the view-change message (§4.4: the set P).
 */
export class Slot {
  /** View of the accepted pre-prepare (-1: none yet in any view). */
  view = -1;
  batch: Batch | undefined;
  /** View the prepares and commits below were collected in. */
  msgView = -1;
  readonly prepares = new Map<number, number>();
  readonly commits = new Map<number, number>();
  sentPrepare = false;
  sentCommit = false;
  prepared = false;
  committed = false;
  proof: PreparedProof | undefined;
  /** When this view's work on the slot began, for retransmission. */
  startedMs = 0;

  /**
   * Forgets what belongs to an earlier view (§4.2: messages are accepted only in the current view). A request
   * committed but not yet executed runs through the protocol again in the new view, whose NEW-VIEW must carry it.
   */
  enterView(view: number): void {
    if (this.msgView === view) return;
    this.msgView = view;
    this.prepares.clear();
    this.commits.clear();
    this.sentPrepare = false;
    this.sentCommit = false;
    this.prepared = false;
    this.committed = false;
    this.view = -1;
    this.batch = undefined;
  }
}

/**
 * What a PBFT replica keeps on stable storage, kept by the kernel across crashes. The replica logs every message
 * before acting on it (the safe reading of §4: a recovered replica must not contradict what it sent), plus what it
 * executed, which rebuilds the state machine after a restart and serves state transfer to replicas that lag.
 */
export class PbftStorage {
  view = 0;
  /** Between sending a view-change for `view` and installing it (§4.4). */
  viewChanging = false;
  readonly slots = new Map<number, Slot>();
  /** Next sequence number this replica assigns as primary of `view`. */
  nextSeq = 1;
  lastExecuted = 0;
  readonly executedBatches: Batch[] = [];
  /** State digest after each executed sequence number (index 0: the empty state). */
  readonly stateDigests: number[] = [0];
  readonly executedCommands: Command[] = [];
  readonly executedIds = new Set<number>();
  stableSeq = 0;
  stableDigest = 0;
  /** Checkpoint messages by sequence number and digest, as bit sets of senders (§4.3). */
  readonly checkpointVotes = new Map<number, Map<number, number>>();
  /** The last NEW-VIEW this replica sent as primary, to send again to replicas that missed it. */
  lastNewView: Extract<PbftMessage, { type: 'NewView' }> | undefined;
  /** Set once the replica has booted: a restart is not a fresh start of view 0. */
  booted = false;
  /** View-change messages by the view they ask for, one per sender. */
  readonly viewChanges = new Map<number, Map<NodeId, ViewChangeMessage>>();
  dirty = false;

  slot(seq: number): Slot {
    let s = this.slots.get(seq);
    if (!s) this.slots.set(seq, (s = new Slot()));
    return s;
  }

  /** Garbage collection at a stable checkpoint (§4.3): everything at or below it is dropped from the log. */
  collect(stableSeq: number): void {
    for (const seq of [...this.slots.keys()]) if (seq <= stableSeq) this.slots.delete(seq);
    for (const seq of [...this.checkpointVotes.keys()]) if (seq < stableSeq) this.checkpointVotes.delete(seq);
  }
}
