import type { Command } from './command.js';
import type { InvariantReport, NodeId } from './protocol.js';

interface Violation {
  readonly atMs: number;
  readonly node: NodeId;
  readonly detail: string;
}

const RAFT_SMS_RULE = 'Raft §5.4.3, Figure 3: no two servers apply different commands at the same index';

/**
 * Protocol-independent checks on what replicas apply, run on every application:
 * State Machine Safety (no two replicas apply different commands at one index: Raft Figure 3; for Paxos one value
 * per slot, for PBFT one request per sequence number) and exactly-once application of retried writes.
 */
export class ApplyMonitor {
  private readonly appliedIds: number[] = [];
  /** Per node, one flag per dedup key applied (a growable bitmap: cheaper than a set on every application). */
  private readonly mutatedKeys: Uint8Array[];
  private smsCount = 0;
  private smsFirst: Violation | undefined;
  private onceCount = 0;
  private onceFirst: Violation | undefined;

  constructor(
    nodes: number,
    private readonly smsRule = RAFT_SMS_RULE,
  ) {
    this.mutatedKeys = Array.from({ length: nodes }, () => new Uint8Array(1024));
  }

  /** A node's state machine is rebuilt after a restart, so its record of applied keys starts again too. */
  crashed(node: NodeId): void {
    this.mutatedKeys[node]?.fill(0);
  }

  applied(node: NodeId, index: number, command: Command, mutated: boolean, atMs: number): void {
    const first = this.appliedIds[index];
    if (first === undefined) this.appliedIds[index] = command.id;
    else if (first !== command.id) {
      this.smsCount++;
      this.smsFirst ??= {
        atMs,
        node,
        detail: `node-${node + 1} applied command ${command.id} (${command.op} ${command.key}) at index ${index} where another replica applied command ${first}`,
      };
    }
    if (!mutated) return;
    let keys = this.mutatedKeys[node] as Uint8Array;
    const key = command.dedupKey;
    if (key >= keys.length) {
      const grown = new Uint8Array(Math.max(key + 1, keys.length * 2));
      grown.set(keys);
      this.mutatedKeys[node] = keys = grown;
    }
    if (keys[key] === 1) {
      this.onceCount++;
      this.onceFirst ??= {
        atMs,
        node,
        detail: `node-${node + 1} applied write ${command.idempotencyKey} a second time (index ${index})`,
      };
    }
    keys[key] = 1;
  }

  report(): InvariantReport[] {
    return [
      {
        name: 'state_machine_safety',
        rule: this.smsRule,
        held: this.smsCount === 0,
        violations: this.smsCount,
        ...(this.smsFirst ? { firstViolation: this.smsFirst } : {}),
      },
      {
        name: 'exactly_once_apply',
        rule: 'idempotency key {request_id}:{operation_type}: a retried write changes the state machine once',
        held: this.onceCount === 0,
        violations: this.onceCount,
        ...(this.onceFirst ? { firstViolation: this.onceFirst } : {}),
      },
    ];
  }
}
