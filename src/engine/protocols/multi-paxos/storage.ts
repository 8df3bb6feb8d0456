import { assert } from '../../errors.js';
import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';
import type { AcceptedEntry } from './types.js';

/** Told about every acceptance and every learned value, so the monitor sees what each node did, bug or no bug. */
export interface PaxosObserver {
  accepted(node: NodeId, slot: number, ballot: number, command: Command): void;
  learned(node: NodeId, slot: number, command: Command): void;
  /** The node handed `slot` to its state machine (in slot order, once per incarnation). */
  applied(node: NodeId, slot: number, command: Command): void;
}

/** Bound on slots per run: keeps the monitor's (slot, ballot) keys exact. */
export const MAX_SLOTS = 2_000_000;

/**
 * What a Paxos node persists, kept by the kernel across crashes: the acceptor's promise and accepted values
 * (Paxos Made Simple §2.2: an acceptor must remember these through failures) and the learner's log of chosen values.
 */
export class PaxosStorage {
  promised = 0;
  /** Highest round this node has seen anywhere, so that its next ballot is above every ballot it knows of. */
  maxRoundSeen = 0;
  dirty = false;
  private readonly acceptedBallot: number[] = [];
  private readonly acceptedCommand: (Command | undefined)[] = [];
  maxAcceptedSlot = 0;
  private readonly chosen: (Command | undefined)[] = [];
  /** Every slot up to here is chosen and known to this node. */
  chosenUpTo = 0;
  maxChosenSlot = 0;

  constructor(
    readonly node: NodeId,
    private readonly observer: PaxosObserver,
  ) {}

  promise(ballot: number): void {
    this.promised = ballot;
    this.dirty = true;
  }

  accept(slot: number, ballot: number, command: Command): void {
    assert(slot >= 1 && slot <= MAX_SLOTS, `slot ${slot} outside 1..${MAX_SLOTS}`);
    this.acceptedBallot[slot] = ballot;
    this.acceptedCommand[slot] = command;
    if (slot > this.maxAcceptedSlot) this.maxAcceptedSlot = slot;
    this.dirty = true;
    this.observer.accepted(this.node, slot, ballot, command);
  }

  acceptedAt(slot: number): AcceptedEntry | undefined {
    const command = this.acceptedCommand[slot];
    return command ? { slot, ballot: this.acceptedBallot[slot] as number, command } : undefined;
  }

  /** Accepted values at `fromSlot` and above (what a promise reports, phase 1b). */
  acceptedFrom(fromSlot: number): AcceptedEntry[] {
    const out: AcceptedEntry[] = [];
    for (let s = Math.max(1, fromSlot); s <= this.maxAcceptedSlot; s++) {
      const e = this.acceptedAt(s);
      if (e) out.push(e);
    }
    return out;
  }

  /** Records a chosen value; returns false if the slot was already known. */
  learn(slot: number, command: Command): boolean {
    if (this.chosen[slot] !== undefined) return false;
    this.chosen[slot] = command;
    this.dirty = true;
    if (slot > this.maxChosenSlot) this.maxChosenSlot = slot;
    while (this.chosen[this.chosenUpTo + 1] !== undefined) this.chosenUpTo++;
    this.observer.learned(this.node, slot, command);
    return true;
  }

  chosenAt(slot: number): Command | undefined {
    return this.chosen[slot];
  }
}
