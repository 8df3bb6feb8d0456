import type { InvariantReport, MonitorContext, NodeId, SafetyMonitor } from '../../sim/protocol.js';
import type { Crdt, CrdtOp } from '../crdt/types.js';
import { canonicalJson, type JsonValue } from '../json-value.js';
import type { GossipMessage, GossipObserver, GossipStorage } from './gossip-node.js';

interface Violation {
  readonly atMs: number;
  readonly node: NodeId | undefined;
  readonly detail: string;
}

/**
 * Watches a CRDT gossip run. On every update and merge it checks inflation (the new state is >= the old one in the
 * semilattice order); it joins every update's result into a reference state, the least state that reflects every
 * update made anywhere; for counters it also adds up the increments themselves, an oracle that does not trust merge.
 * From `quietFromMs` on (no more updates, every fault healed) it watches for the moment all replicas agree.
 */
export class ConvergenceMonitor implements SafetyMonitor<GossipMessage>, GossipObserver {
  readonly storages: GossipStorage[] = [];
  private reference: unknown;
  private counterTotal = 0;
  private inflationCount = 0;
  private inflationFirst: Violation | undefined;
  private changedSinceCheck = true;
  updates = 0;
  merges = 0;
  /** First time, at or after quietFromMs, from which every replica held the same state; null while they differ. */
  convergedAtMs: number | null = null;

  constructor(
    private readonly crdt: Crdt<unknown>,
    private readonly context: MonitorContext,
    private readonly quietFromMs: number,
  ) {
    this.reference = crdt.empty();
  }

  updated(node: NodeId, before: unknown, after: unknown, op: CrdtOp): void {
    this.updates++;
    this.checkInflation(node, before, after, `update ${op.kind}`);
    this.reference = this.crdt.merge(this.reference, after);
    if (op.kind === 'increment') this.counterTotal += op.amount;
    if (op.kind === 'decrement') this.counterTotal -= op.amount;
  }

  merged(node: NodeId, before: unknown, after: unknown): void {
    this.merges++;
    this.checkInflation(node, before, after, 'merge');
  }

  private checkInflation(node: NodeId, before: unknown, after: unknown, what: string): void {
    this.changedSinceCheck = true;
    if (this.crdt.leq(before, after)) return;
    this.inflationCount++;
    this.inflationFirst ??= {
      atMs: this.context.nowMs(),
      node,
      detail: `node-${node + 1}: a ${what} moved the state down (${this.text(before)} -> ${this.text(after)})`,
    };
  }

  observe(): void {}

  crashed(): void {}

  afterEvent(): void {
    if (!this.changedSinceCheck || this.context.nowMs() < this.quietFromMs) return;
    this.changedSinceCheck = false;
    const agree = this.distinctStates() === 1;
    if (agree && this.convergedAtMs === null) this.convergedAtMs = this.context.nowMs();
    if (!agree) this.convergedAtMs = null;
  }

  /** How many different states the replicas hold now (1 when converged). */
  distinctStates(): number {
    return new Set(this.storages.map((s) => this.text(s.state))).size;
  }

  /** The join of every update's result: what every replica must hold once all states have spread. */
  referenceState(): unknown {
    return this.reference;
  }

  report(): InvariantReport[] {
    const firstState = this.storages[0]?.state;
    const matches = this.storages.every((s) => this.text(s.state) === this.text(this.reference));
    const reports: InvariantReport[] = [
      {
        name: 'updates_and_merges_inflate',
        rule: 'Shapiro et al. 2011, state-based CRDT: every update and merge moves the state up the semilattice',
        held: this.inflationCount === 0,
        violations: this.inflationCount,
        ...(this.inflationFirst ? { firstViolation: this.inflationFirst } : {}),
      },
      {
        name: 'replicas_converge',
        rule: 'Shapiro et al. 2011, strong eventual consistency: replicas that received the same updates hold equal states',
        held: this.convergedAtMs !== null && matches,
        violations: this.convergedAtMs !== null && matches ? 0 : 1,
        ...(this.convergedAtMs !== null && matches
          ? {}
          : {
              firstViolation: {
                atMs: this.context.nowMs(),
                node: undefined,
                detail: `${this.distinctStates()} distinct replica states at the end${matches ? '' : ', not all equal to the join of every update'}`,
              },
            }),
      },
    ];
    if (this.crdt.type === 'g_counter' || this.crdt.type === 'pn_counter') {
      const value = firstState === undefined ? 0 : (this.crdt.value(firstState) as number);
      const held = this.storages.every((s) => this.crdt.value(s.state) === this.counterTotal);
      reports.push({
        name: 'counter_counts_every_update_once',
        rule: 'Shapiro et al. 2011, G-Counter/PN-Counter: the value is the sum of the increments (minus decrements)',
        held,
        violations: held ? 0 : 1,
        ...(held
          ? {}
          : {
              firstViolation: {
                atMs: this.context.nowMs(),
                node: 0,
                detail: `value ${value}, updates add up to ${this.counterTotal}`,
              },
            }),
      });
    }
    return reports;
  }

  private text(state: unknown): string {
    return canonicalJson(this.crdt.toJson(state) as JsonValue);
  }
}
