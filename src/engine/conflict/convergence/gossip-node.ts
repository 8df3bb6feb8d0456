import type { Effects, Message, NodeId, NodeStatus, ProtocolNode, Rejection } from '../../sim/protocol.js';
import type { Rng } from '../../sim/rng.js';
import type { Crdt, CrdtOp } from '../crdt/types.js';
import { randomOp } from './random-ops.js';

export interface GossipOptions {
  readonly crdt: Crdt<unknown>;
  /** Mean time between random updates at each replica, ms (exponential gaps). */
  readonly opIntervalMs: number;
  /** Replicas stop updating at this virtual time, so that convergence can be judged afterwards. */
  readonly opsUntilMs: number;
  /** Each replica pushes its whole state to one random peer this often (anti-entropy), ms. */
  readonly gossipIntervalMs: number;
  /** Distinct elements or values the updates draw from. */
  readonly elementPool: number;
}

/**
 * The kernel keeps virtual time to the microsecond; a wake-up time rounded down would arrive before it is due and
 * ask for the same tick again forever, so times are rounded up.
 */
const ceilMicros = (ms: number): number => Math.ceil(ms * 1000) / 1000;

/** A full state pushed to a peer. States are immutable, so the message can share the sender's state. */
export interface GossipMessage extends Message {
  readonly type: 'gossip';
  readonly state: unknown;
}

/** What survives a crash: the replica's CRDT state (an update is durable before it is gossiped). */
export class GossipStorage {
  dirty = false;
  constructor(public state: unknown) {}
}

/** Sees every state change, to check inflation and to build the reference every replica must reach. */
export interface GossipObserver {
  updated(node: NodeId, before: unknown, after: unknown, op: CrdtOp): void;
  merged(node: NodeId, before: unknown, after: unknown): void;
}

/**
 * A replica of a state-based CRDT on the simulation kernel: it updates its state at random times and periodically
 * pushes the state to a random peer, which merges it (Shapiro et al. 2011, state-based replication: any delivery
 * order, loss or duplication is fine as long as every state eventually reaches every replica transitively). It never
 * talks to clients: the workload is its own random updates.
 */
export class GossipNode implements ProtocolNode<GossipMessage> {
  private nextOpAtMs: number;
  private nextGossipAtMs: number;
  private readonly name: string;

  constructor(
    private readonly id: NodeId,
    private readonly nodes: number,
    private readonly storage: GossipStorage,
    private readonly rng: Rng,
    private readonly effects: Effects<GossipMessage>,
    private readonly options: GossipOptions,
    private readonly observer: GossipObserver,
    nowMs: number,
  ) {
    this.name = `node-${id + 1}`;
    this.nextOpAtMs = ceilMicros(nowMs + rng.exponential(options.opIntervalMs));
    // Spread the first pushes over one interval so replicas do not gossip in lockstep.
    this.nextGossipAtMs = ceilMicros(nowMs + rng.float() * options.gossipIntervalMs);
  }

  step(message: GossipMessage): void {
    const before = this.storage.state;
    const after = this.options.crdt.merge(before, message.state);
    this.storage.state = after;
    this.storage.dirty = true;
    this.observer.merged(this.id, before, after);
  }

  tick(nowMs: number): void {
    if (nowMs >= this.nextOpAtMs && nowMs < this.options.opsUntilMs) {
      const { crdt, elementPool } = this.options;
      const before = this.storage.state;
      const op = randomOp(crdt, before, this.rng, this.name, nowMs, elementPool);
      const after = crdt.apply(before, op);
      this.storage.state = after;
      this.storage.dirty = true;
      this.observer.updated(this.id, before, after, op);
      this.nextOpAtMs = ceilMicros(nowMs + this.rng.exponential(this.options.opIntervalMs));
    }
    if (nowMs >= this.nextGossipAtMs && this.nodes > 1) {
      const offset = this.rng.int(1, this.nodes - 1);
      const to = (this.id + offset) % this.nodes;
      this.effects.send({ from: this.id, to, type: 'gossip', state: this.storage.state });
      this.nextGossipAtMs = ceilMicros(nowMs + this.options.gossipIntervalMs);
    }
  }

  wakeAtMs(): number {
    const op = this.nextOpAtMs < this.options.opsUntilMs ? this.nextOpAtMs : Infinity;
    return Math.min(op, this.nodes > 1 ? this.nextGossipAtMs : Infinity);
  }

  /** Every replica takes writes, but this workload comes from the replicas themselves: clients are refused. */
  propose(): Rejection {
    return { error: 'PERMANENT_FAILURE' };
  }

  read(): Rejection {
    return { error: 'PERMANENT_FAILURE' };
  }

  status(): NodeStatus {
    return { role: 'replica', term: 0, leader: false, leaderHint: undefined, commitIndex: 0, lastIndex: 0 };
  }
}
