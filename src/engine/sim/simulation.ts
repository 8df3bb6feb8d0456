import { assert } from '../errors.js';
import { ApplyMonitor } from './apply-monitor.js';
import { ClientPool, type ClientKernel } from './workload.js';
import type { Command } from './command.js';
import { validateSimulation, type SimulationConfig } from './config.js';
import { EventQueue, type Scheduled } from './event-queue.js';
import { FaultRunner } from './fault-runner.js';
import { wrongValue } from './faults.js';
import { KvStateMachine, type ClientReply } from './host.js';
import { latencySampler } from './latency.js';
import { Network } from './network.js';
import type { Message, NodeId, ProtocolRun, SafetyMonitor } from './protocol.js';
import { Replica } from './replica.js';
import { Rng } from './rng.js';
import { RunStats } from './run-stats.js';
import { serveRequest, settleAfterCall } from './serve.js';
import { Trace } from './trace.js';

/** Kernel event kinds (numbers keep the hot loop monomorphic). */
export const EV = {
  deliver: 0,
  tick: 1,
  clientRequest: 2,
  clientReply: 3,
  clientTimeout: 4,
  clientSend: 5,
  arrival: 6,
  fault: 7,
  faultEnd: 8,
  randomCrash: 9,
  randomRestart: 10,
  randomPartition: 11,
  sample: 12,
  restart: 13,
  nemesis: 14,
} as const;

export class SimEvent implements Scheduled {
  seq = 0;
  readonly atMs: number;
  constructor(
    atMs: number,
    readonly kind: number,
    readonly node: number,
    readonly num: number,
    readonly data: unknown,
  ) {
    // Virtual time is kept to the microsecond: sums of rounded delays stay exact and print short.
    this.atMs = Math.round(atMs * 1000) / 1000;
  }
}

/** Interval of the replication-lag sampling, in virtual ms. */
const SAMPLE_EVERY_MS = 100;

/**
 * The simulation kernel: virtual time, the event queue, the network, faults and clients around `n` protocol nodes.
 * It is an incremental job: `advance(budget)` processes at most `budget` events, so the tool layer can slice a long
 * run, report progress and honour cancellation. Everything random comes from forked streams of one seed.
 */
export class Simulation<M extends Message = Message, S = unknown> {
  readonly queue = new EventQueue<SimEvent>();
  readonly network: Network;
  readonly replicas: Replica<M, S>[];
  readonly run: ProtocolRun<M, S>;
  readonly monitor: SafetyMonitor<M>;
  readonly applyMonitor: ApplyMonitor;
  readonly clients: ClientPool;
  readonly trace: Trace;
  readonly stats: RunStats;
  readonly faults: FaultRunner<M, S>;
  readonly netRng: Rng;
  readonly clientNetRng: Rng;
  private readonly nodeRngs: Rng[];
  private readonly clientLatency: (rng: Rng) => number;
  nowMs = 0;
  eventsProcessed = 0;
  boundHit: 'max_events' | undefined;
  private finished = false;

  constructor(readonly config: SimulationConfig<M, S>) {
    validateSimulation(config);
    // Streams are forked in a fixed order, nodes last, so adding a node never changes another stream.
    const root = Rng.fromSeed(config.seed);
    this.netRng = root.fork();
    this.clientNetRng = root.fork();
    const clientRng = root.fork();
    const faultRng = root.fork();
    this.nodeRngs = Array.from({ length: config.nodes }, () => root.fork());
    this.network = new Network(config.nodes, config.network);
    this.clientLatency = latencySampler(config.network.latency);
    this.trace = new Trace(config.traceCapacity);
    this.stats = new RunStats(config.nodes);
    this.applyMonitor = new ApplyMonitor(config.nodes, config.protocol.stateMachineSafetyRule);
    this.run = config.protocol.instantiate(config.nodes, config.protocolOptions, {
      nowMs: () => this.nowMs,
      status: (id) => this.replicas[id]?.node?.status(),
    });
    this.monitor = this.run.monitor;
    const makeSm = (): KvStateMachine => new KvStateMachine(config.dedupWindowMs, config.__noDedup === true);
    this.replicas = Array.from(
      { length: config.nodes },
      (_, id) => new Replica<M, S>(this.run.createStorage(id), makeSm),
    );
    this.clients = new ClientPool(config.clients, config.nodes, clientRng, this.clientKernel());
    this.faults = new FaultRunner(this, faultRng);
    for (let id = 0; id < config.nodes; id++) this.start(id);
    this.clients.start();
    this.faults.start();
    this.push(new SimEvent(SAMPLE_EVERY_MS, EV.sample, 0, 0, undefined));
    this.stats.updateAvailability(this);
  }

  push(event: SimEvent): void {
    this.queue.push(event);
  }

  /** Boots (or reboots) a node from its storage. */
  start(id: NodeId): void {
    const replica = this.replicas[id] as Replica<M, S>;
    replica.node = this.run.createNode({
      id,
      nodes: this.config.nodes,
      storage: replica.storage,
      rng: this.nodeRngs[id] as Rng,
      effects: replica.outbox,
      nowMs: this.nowMs,
    });
    if (replica.byzantine) replica.node.setByzantine?.(replica.byzantine);
    settleAfterCall(this, id);
  }

  /** Processes at most `budget` events; true once the run is over (duration reached, queue empty or a bound hit). */
  advance(budget: number): boolean {
    if (this.finished) return true;
    const end = this.config.durationMs;
    for (let i = 0; i < budget; i++) {
      const next = this.queue.peek();
      if (next === undefined || next.atMs > end) return this.finish(end);
      if (this.eventsProcessed >= this.config.maxEvents) {
        this.boundHit = 'max_events';
        return this.finish(this.nowMs);
      }
      this.queue.pop();
      assert(next.atMs >= this.nowMs, 'virtual time never runs backwards');
      this.nowMs = next.atMs;
      this.eventsProcessed++;
      this.dispatch(next);
      this.monitor.afterEvent();
    }
    return false;
  }

  progress(): { done: number; total: number; message: string } {
    return {
      done: Math.floor(this.nowMs),
      total: this.config.durationMs,
      message: `${Math.floor(this.nowMs)} of ${this.config.durationMs} virtual ms, ${this.eventsProcessed} events`,
    };
  }

  get done(): boolean {
    return this.finished;
  }

  private finish(atMs: number): true {
    this.nowMs = Math.max(this.nowMs, atMs);
    this.finished = true;
    this.clients.finish(this.nowMs);
    this.stats.close(this);
    return true;
  }

  private dispatch(ev: SimEvent): void {
    switch (ev.kind) {
      case EV.deliver:
        return this.deliver(ev.node, ev.data as M);
      case EV.tick:
        return this.tick(ev.node, ev.num, ev.atMs);
      case EV.clientRequest:
        return serveRequest(this, ev.node, ev.data as { opId: number; attempt: number; command: Command });
      case EV.clientReply:
        return this.clients.onReply(ev.data as ClientReply, this.nowMs);
      case EV.clientTimeout:
        return this.clients.onTimeout(ev.node, ev.num, this.nowMs);
      case EV.clientSend:
        return this.clients.onSend(ev.node, this.nowMs);
      case EV.arrival:
        return this.clients.onArrival(this.nowMs);
      case EV.sample:
        this.stats.sampleLag(this);
        return this.push(new SimEvent(this.nowMs + SAMPLE_EVERY_MS, EV.sample, 0, 0, undefined));
      default:
        return this.faults.dispatch(ev);
    }
  }

  private deliver(to: NodeId, message: M): void {
    const replica = this.replicas[to] as Replica<M, S>;
    if (!replica.node) {
      this.stats.messagesToCrashed++;
      return;
    }
    this.stats.messagesDelivered++;
    this.monitor.delivered?.(message);
    replica.node.step(message, this.nowMs);
    settleAfterCall(this, to);
  }

  private tick(id: NodeId, incarnation: number, atMs: number): void {
    const replica = this.replicas[id] as Replica<M, S>;
    // Only the latest tick asked for counts: one superseded by an earlier wake-up, or from a past life, is ignored.
    if (!replica.node || replica.incarnation !== incarnation || replica.tickAtMs !== atMs) return;
    replica.tickAtMs = Infinity;
    replica.node.tick(this.nowMs);
    settleAfterCall(this, id);
  }

  /** Sends a protocol message: cut links drop it, loss may drop it, duplication may deliver it twice. */
  sendMessage(message: M, departMs = this.nowMs): void {
    const { from, to } = message;
    this.stats.countSent(message.type);
    if (this.network.isCut(from, to)) {
      this.stats.messagesCut++;
      return;
    }
    const rng = this.netRng;
    if (rng.chance(this.network.lossProbability)) {
      this.stats.messagesLost++;
      return;
    }
    this.push(new SimEvent(departMs + this.network.delayMs(from, to, rng), EV.deliver, to, 0, message));
    if (rng.chance(this.config.network.duplicateProbability)) {
      this.stats.messagesDuplicated++;
      this.push(new SimEvent(departMs + this.network.delayMs(from, to, rng), EV.deliver, to, 0, message));
    }
  }

  /** Client traffic crosses the network with the base latency; partitions between nodes do not cut clients off. */
  sendReply(reply: ClientReply): void {
    const byzantine = this.replicas[reply.node]?.byzantine;
    if (byzantine === 'silent') return;
    if (byzantine === 'wrong_replies' && reply.error === undefined) reply = { ...reply, value: wrongValue(reply.value ?? null) };
    this.push(new SimEvent(this.nowMs + this.clientLatency(this.clientNetRng), EV.clientReply, 0, 0, reply));
  }

  private clientKernel(): ClientKernel {
    return {
      scheduleArrival: (atMs) => this.push(new SimEvent(atMs, EV.arrival, 0, 0, undefined)),
      scheduleSend: (atMs, opId) => this.push(new SimEvent(atMs, EV.clientSend, opId, 0, undefined)),
      scheduleTimeout: (atMs, opId, attempt) =>
        this.push(new SimEvent(atMs, EV.clientTimeout, opId, attempt, undefined)),
      sendRequest: (node, opId, attempt, command) => {
        const atMs = this.nowMs + this.clientLatency(this.clientNetRng);
        this.push(new SimEvent(atMs, EV.clientRequest, node, 0, { opId, attempt, command }));
      },
    };
  }
}
