import type { ClientErrorCode, Command } from './command.js';
import type { ByzantineBehaviour } from './faults.js';
import type { KvStateMachine } from './host.js';
import type { Effects, Message, ProtocolEvent, ProtocolNode } from './protocol.js';

/** A client attempt a node has taken on and not yet answered. */
export interface PendingRequest {
  readonly opId: number;
  readonly attempt: number;
  readonly key: string;
  readonly arrivedAtMs: number;
}

/** The node's outputs since the kernel last looked: `Effects` as plain buffers. */
export class Outbox<M extends Message> implements Effects<M> {
  readonly messages: M[] = [];
  readonly commitIndexes: number[] = [];
  readonly commitCommands: Command[] = [];
  readonly readsReady: [number, number][] = [];
  readonly readsFailed: [number, ClientErrorCode][] = [];
  readonly events: ProtocolEvent[] = [];

  send(message: M): void {
    this.messages.push(message);
  }
  committed(index: number, command: Command): void {
    this.commitIndexes.push(index);
    this.commitCommands.push(command);
  }
  readReady(readId: number, index: number): void {
    this.readsReady.push([readId, index]);
  }
  readFailed(readId: number, error: ClientErrorCode): void {
    this.readsFailed.push([readId, error]);
  }
  event(event: ProtocolEvent): void {
    this.events.push(event);
  }
  clear(): void {
    // Only what was used: this runs after every node call.
    if (this.messages.length > 0) this.messages.length = 0;
    if (this.commitIndexes.length > 0) {
      this.commitIndexes.length = 0;
      this.commitCommands.length = 0;
    }
    if (this.readsReady.length > 0) this.readsReady.length = 0;
    if (this.readsFailed.length > 0) this.readsFailed.length = 0;
    if (this.events.length > 0) this.events.length = 0;
  }
}

/**
 * One node slot of the cluster: the protocol node (absent while crashed), its stable storage (kept across crashes),
 * and the volatile parts of the server around it: the key-value state machine and the client requests in progress.
 */
export class Replica<M extends Message, S> {
  node: ProtocolNode<M> | undefined;
  sm: KvStateMachine;
  /** Bumped at each crash, so that ticks scheduled for an earlier life are ignored. */
  incarnation = 0;
  /** Time of the tick already scheduled (Infinity when none). */
  tickAtMs = Infinity;
  leader = false;
  term = 0;
  /** The byzantine behaviour in force, if any (kept across crashes: the machine itself is compromised). */
  byzantine: ByzantineBehaviour | undefined;
  /** Byzantine at some point: what it applies is no honest replica's, so the safety checks leave it out. */
  compromised = false;
  /** When this node's disk finishes the writes queued so far. */
  diskFreeAtMs = 0;
  readonly outbox = new Outbox<M>();
  readonly pendingWrites = new Map<number, PendingRequest>();
  readonly pendingReads = new Map<number, PendingRequest>();
  /** ReadIndex reads whose index is known, waiting for the state machine to reach it. */
  readonly waitingReads: { readId: number; index: number }[] = [];

  constructor(
    readonly storage: S,
    private readonly makeStateMachine: () => KvStateMachine,
  ) {
    this.sm = makeStateMachine();
  }

  get up(): boolean {
    return this.node !== undefined;
  }

  /** A crash loses everything but the storage: the node, the state machine and every request in progress. */
  crash(): void {
    this.node = undefined;
    this.incarnation++;
    this.tickAtMs = Infinity;
    this.leader = false;
    this.sm = this.makeStateMachine();
    this.pendingWrites.clear();
    this.pendingReads.clear();
    this.waitingReads.length = 0;
    this.outbox.clear();
  }
}
