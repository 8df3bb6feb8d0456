import type { Command } from '../../sim/command.js';
import { InvariantLog } from '../../sim/invariant-log.js';
import type { InvariantReport, MonitorContext, NodeId, ProtocolEvent, SafetyMonitor } from '../../sim/protocol.js';
import type { PaxosObserver } from './storage.js';
import { popcount, type PaxosMessage } from './types.js';

type Name = 'single_value_chosen' | 'learned_only_chosen' | 'applied_prefix';

const RULES: Record<Name, string> = {
  single_value_chosen:
    'Paxos Made Simple §2.1: only a single value is chosen (per slot: no two quorums accept different values)',
  learned_only_chosen: 'Paxos Made Simple §2.1: a process never learns that a value has been chosen unless it has been',
  applied_prefix:
    "Multi-Paxos (§3): learners apply chosen values in slot order, so applied sequences are each other's prefixes",
};

/** Key of (slot, ballot): slots < 2^21 (MAX_SLOTS), ballots < 2^31. */
const KEY_BASE = 2_147_483_648;

interface Tally {
  readonly commandId: number;
  acceptors: number;
}

/**
 * Paxos safety, checked as the run goes. Every acceptance is tallied per (slot, ballot, value): when a phase-2
 * quorum of acceptors has accepted one, that value is chosen, whether or not anyone noticed, and a second value
 * reaching a quorum at the same slot is the violation Paxos exists to prevent. Every learn and every application is
 * checked against what was chosen.
 */
export class PaxosMonitor implements SafetyMonitor<PaxosMessage>, PaxosObserver {
  private readonly tallies = new Map<number, Tally[]>();
  private readonly chosenId: number[] = [];
  private readonly appliedId: number[] = [];
  private readonly appliedUpTo: number[];
  private readonly log: InvariantLog<Name>;

  constructor(
    nodes: number,
    private readonly q2: number,
    context: MonitorContext,
  ) {
    this.appliedUpTo = new Array<number>(nodes).fill(0);
    this.log = new InvariantLog(RULES, () => context.nowMs());
  }

  private violate(name: Name, node: NodeId | undefined, detail: string): void {
    this.log.violate(name, node, detail);
  }

  accepted(node: NodeId, slot: number, ballot: number, command: Command): void {
    const key = slot * KEY_BASE + ballot;
    let list = this.tallies.get(key);
    if (!list) this.tallies.set(key, (list = []));
    let tally = list.find((t) => t.commandId === command.id);
    if (!tally) list.push((tally = { commandId: command.id, acceptors: 0 }));
    const before = tally.acceptors;
    tally.acceptors |= 1 << node;
    if (before === tally.acceptors || popcount(tally.acceptors) !== this.q2) return;
    const chosen = this.chosenId[slot];
    if (chosen === undefined) this.chosenId[slot] = command.id;
    else if (chosen !== command.id) {
      this.violate(
        'single_value_chosen',
        node,
        `slot ${slot}: command ${command.id} reached a phase-2 quorum in ballot ${ballot} after command ${chosen} was chosen`,
      );
    }
  }

  learned(node: NodeId, slot: number, command: Command): void {
    const chosen = this.chosenId[slot];
    if (chosen === command.id) return;
    this.violate(
      'learned_only_chosen',
      node,
      chosen === undefined
        ? `node-${node + 1} learned command ${command.id} at slot ${slot} before any value was chosen there`
        : `node-${node + 1} learned command ${command.id} at slot ${slot} where command ${chosen} was chosen`,
    );
  }

  applied(node: NodeId, slot: number, command: Command): void {
    const expected = (this.appliedUpTo[node] as number) + 1;
    this.appliedUpTo[node] = slot;
    const first = this.appliedId[slot];
    if (first === undefined) this.appliedId[slot] = command.id;
    if (slot !== expected) {
      this.violate('applied_prefix', node, `node-${node + 1} applied slot ${slot} right after slot ${expected - 1}`);
    } else if (first !== undefined && first !== command.id) {
      this.violate(
        'applied_prefix',
        node,
        `node-${node + 1} applied command ${command.id} at slot ${slot} where another node applied command ${first}`,
      );
    }
  }

  observe(_node: NodeId, _event: ProtocolEvent): void {
    // Every check runs at the storage or application that triggers it.
  }

  crashed(node: NodeId): void {
    this.appliedUpTo[node] = 0; // the state machine is rebuilt from slot 1
  }

  afterEvent(): void {
    // Checks run inside the event that triggers them.
  }

  report(): InvariantReport[] {
    return this.log.report();
  }
}
