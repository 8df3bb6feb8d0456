import { assert } from '../../errors.js';
import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';
import { fmix32 } from '../bits.js';
import type { RaftEntry } from './types.js';

/** Told about every change to a log, so the safety monitor sees what a node persisted, bug or no bug. */
export interface LogObserver {
  appended(node: NodeId, index: number, term: number, chainHash: number): void;
  truncated(node: NodeId, fromIndex: number): void;
}

/** Bound on one log's length: keeps (index, term) keys exact in the monitor's registry. */
export const MAX_LOG_ENTRIES = 2_000_000;

const SENTINEL: RaftEntry = {
  term: 0,
  command: { id: 0, op: 'noop', key: '', value: null, idempotencyKey: 'sentinel', dedupKey: 0, sentAtMs: 0 },
};

/**
 * What a Raft server persists (Figure 2: currentTerm, votedFor, log[]), kept by the kernel across crashes. Each entry
 * also gets a chain hash over the log prefix ending there, which makes Log Matching checkable in O(1) per append.
 */
export class RaftStorage {
  term = 0;
  votedFor: NodeId | undefined;
  /** Set by every write, cleared by the kernel once it has charged the disk latency. */
  dirty = false;
  private readonly log: RaftEntry[] = [SENTINEL];
  private readonly hashes: number[] = [0];

  constructor(
    readonly node: NodeId,
    private readonly observer: LogObserver,
  ) {}

  get lastIndex(): number {
    return this.log.length - 1;
  }

  get lastTerm(): number {
    return (this.log[this.log.length - 1] as RaftEntry).term;
  }

  /** Term of the entry at `index` (0 at index 0); undefined past the end. */
  termAt(index: number): number | undefined {
    return this.log[index]?.term;
  }

  entry(index: number): RaftEntry {
    const e = this.log[index];
    assert(e !== undefined && index > 0, `no entry at index ${index}`);
    return e;
  }

  hashAt(index: number): number | undefined {
    return this.hashes[index];
  }

  /** Entries from `from` to `to`, both included. */
  slice(from: number, to: number): RaftEntry[] {
    return this.log.slice(from, to + 1);
  }

  setHardState(term: number, votedFor: NodeId | undefined): void {
    this.term = term;
    this.votedFor = votedFor;
    this.dirty = true;
  }

  append(entries: readonly RaftEntry[]): void {
    assert(this.log.length + entries.length <= MAX_LOG_ENTRIES, `log longer than ${MAX_LOG_ENTRIES} entries`);
    if (entries.length > 0) this.dirty = true;
    for (const e of entries) {
      const index = this.log.length;
      const h = chainHash(this.hashes[index - 1] as number, e.term, e.command.id);
      this.log.push(e);
      this.hashes.push(h);
      this.observer.appended(this.node, index, e.term, h);
    }
  }

  /** Drops the entries from `index` on (a follower repairing a conflict, §5.3). */
  truncateFrom(index: number): void {
    assert(index >= 1 && index <= this.lastIndex, 'truncate inside the log');
    this.observer.truncated(this.node, index);
    this.dirty = true;
    this.log.length = index;
    this.hashes.length = index;
  }

  /** The command at `index` (for handing committed entries to the state machine). */
  command(index: number): Command {
    return this.entry(index).command;
  }
}

/**
 * A 53-bit hash of (previous hash, term, command id): two murmur3-finalised lanes, so two logs share a hash at an
 * index only if they share the whole prefix (up to a 2^-53 collision chance).
 */
export function chainHash(prev: number, term: number, id: number): number {
  const prevLo = (prev % 4_294_967_296) | 0;
  const prevHi = Math.floor(prev / 4_294_967_296) | 0;
  const lo = fmix32(prevLo ^ fmix32(term + 0x9e3779b9) ^ fmix32((id | 0) ^ 0x7f4a7c15));
  const hi = fmix32(prevHi ^ lo ^ fmix32(Math.imul(term, 31) + (id | 0))) & 0x1fffff;
  return hi * 4_294_967_296 + lo;
}
