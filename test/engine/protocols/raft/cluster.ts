/**
 * A hand-driven Raft cluster for paper tests, in the manner of etcd's rafttest interaction environment: the test
 * decides when each node times out and which messages arrive, so a paper scenario (Figure 8) plays out exactly.
 */
import type { Command } from '../../../../src/engine/sim/command.js';
import type { Effects, NodeStatus } from '../../../../src/engine/sim/protocol.js';
import { Rng } from '../../../../src/engine/sim/rng.js';
import { RaftMonitor } from '../../../../src/engine/protocols/raft/monitor.js';
import { RaftNode } from '../../../../src/engine/protocols/raft/node.js';
import { RaftStorage } from '../../../../src/engine/protocols/raft/storage.js';
import {
  DEFAULT_RAFT_OPTIONS,
  type RaftMessage,
  type RaftOptions,
} from '../../../../src/engine/protocols/raft/types.js';

export class Cluster {
  nowMs = 0;
  readonly inflight: RaftMessage[] = [];
  readonly committed: Map<number, number>[];
  readonly monitor: RaftMonitor;
  readonly storages: RaftStorage[];
  readonly nodes: (RaftNode | undefined)[];
  private readonly rngs: Rng[];
  private nextId = 1;

  constructor(
    readonly size: number,
    readonly options: RaftOptions = DEFAULT_RAFT_OPTIONS,
  ) {
    this.monitor = new RaftMonitor(size, {
      nowMs: () => this.nowMs,
      status: (id): NodeStatus | undefined => this.nodes[id]?.status(),
    });
    this.storages = Array.from({ length: size }, (_, id) => {
      const s = new RaftStorage(id, this.monitor);
      this.monitor.storages[id] = s;
      return s;
    });
    const root = Rng.fromSeed(7);
    this.rngs = Array.from({ length: size }, () => root.fork());
    this.committed = Array.from({ length: size }, () => new Map());
    this.nodes = Array.from({ length: size }, () => undefined);
    for (let id = 0; id < size; id++) this.restart(id);
  }

  node(id: number): RaftNode {
    const n = this.nodes[id];
    if (!n) throw new Error(`node ${id} is crashed`);
    return n;
  }

  restart(id: number): void {
    this.nodes[id] = new RaftNode(
      id,
      this.size,
      this.storages[id] as RaftStorage,
      this.rngs[id] as Rng,
      this.effects(id),
      this.options,
      this.nowMs,
    );
  }

  crash(id: number): void {
    this.nodes[id] = undefined;
    this.committed[id]?.clear();
    this.monitor.crashed(id);
  }

  /** Lets `id`'s election timer run out: it campaigns (or pre-campaigns). */
  timeout(id: number): void {
    this.nowMs += 1000;
    this.node(id).tick(this.nowMs);
  }

  propose(id: number): Command {
    const id2 = this.nextId++;
    const command: Command = {
      id: id2,
      op: 'put',
      key: 'x',
      value: id2,
      idempotencyKey: `req-${id2}:put`,
      dedupKey: id2 * 4 + 1,
      sentAtMs: this.nowMs,
    };
    const rejection = this.node(id).propose(command, this.nowMs);
    if (rejection) throw new Error(`node ${id} rejected the proposal: ${rejection.error}`);
    return command;
  }

  /**
   * Delivers messages until none is left, keeping only those `keep` accepts (the others are lost). Messages to a
   * crashed node are lost. Time moves 1 ms per message.
   */
  deliver(keep: (m: RaftMessage) => boolean = () => true): void {
    for (let guard = 0; this.inflight.length > 0; guard++) {
      if (guard > 10_000) throw new Error('message storm');
      const m = this.inflight.shift() as RaftMessage;
      if (!keep(m)) continue;
      this.nowMs += 1;
      this.nodes[m.to]?.step(m, this.nowMs);
    }
  }

  /** Messages may only pass between the listed nodes. */
  static within(...ids: number[]): (m: RaftMessage) => boolean {
    return (m) => ids.includes(m.from) && ids.includes(m.to);
  }

  violations(): string[] {
    return this.monitor
      .report()
      .filter((r) => !r.held)
      .map((r) => r.name);
  }

  private effects(id: number): Effects<RaftMessage> {
    return {
      send: (m) => this.inflight.push(m),
      committed: (index, command) => this.committed[id]?.set(index, command.id),
      readReady: () => undefined,
      readFailed: () => undefined,
      event: (e) => this.monitor.observe(id, e),
    };
  }
}
