import type { ClientErrorCode, Command } from './command.js';
import type { NodeId } from './protocol.js';

/** A client attempt as it reaches a node. */
export interface ClientRequest {
  readonly opId: number;
  readonly attempt: number;
  readonly command: Command;
}

/** A node's answer to one attempt. */
export interface ClientReply {
  readonly opId: number;
  readonly attempt: number;
  readonly node: NodeId;
  readonly error?: ClientErrorCode | undefined;
  readonly leaderHint?: NodeId | undefined;
  /** The value read (get) or written (put). */
  readonly value?: number | null | undefined;
}

/** What applying one committed command did. */
export interface Applied {
  readonly mutated: boolean;
  /** A put whose idempotency key was applied within the dedup window: skipped. */
  readonly duplicate: boolean;
  readonly value: number | null;
}

/**
 * The replicated key-value state machine of one node, with the seed's idempotency rule: a put whose key
 * `{request_id}:{operation_type}` was applied by an attempt sent less than the dedup window earlier is skipped, so a
 * retried write applies once. Volatile: a restarted node rebuilds it by re-applying the committed log.
 */
export class KvStateMachine {
  private readonly kv = new Map<string, number>();
  private readonly seen = new Map<number, number>();
  appliedIndex = 0;
  /** Send time of the last applied command: how current this replica is, for replication lag. */
  appliedSentAtMs = 0;

  constructor(
    private readonly dedupWindowMs: number,
    /** Test-only: skip the dedup check (a planted bug for the exactly-once monitor). */
    private readonly __noDedup = false,
  ) {}

  get(key: string): number | null {
    return this.kv.get(key) ?? null;
  }

  isDuplicate(command: Command): boolean {
    if (this.__noDedup) return false;
    const first = this.seen.get(command.dedupKey);
    return first !== undefined && command.sentAtMs - first <= this.dedupWindowMs;
  }

  apply(index: number, command: Command): Applied {
    this.appliedIndex = index;
    this.appliedSentAtMs = Math.max(this.appliedSentAtMs, command.sentAtMs);
    if (command.op !== 'put') return { mutated: false, duplicate: false, value: this.get(command.key) };
    if (this.isDuplicate(command)) return { mutated: false, duplicate: true, value: command.value };
    this.seen.set(command.dedupKey, command.sentAtMs);
    this.kv.set(command.key, command.value ?? 0);
    return { mutated: true, duplicate: false, value: command.value };
  }
}
