import type { AdaptiveNemesis, NemesisView } from './adaptive-nemesis.js';
import {
  byzantineBehaviourOf,
  nextCrashMs,
  randomPartition,
  type ByzantineBehaviour,
  type FaultSpec,
} from './faults.js';
import { linksBetween, type Links } from './network.js';
import type { Message, NodeId } from './protocol.js';
import type { Rng } from './rng.js';
import { currentLeader } from './run-stats.js';
import { EV, SimEvent, type Simulation } from './simulation.js';

/** A fault as it was applied, for the result. */
export interface AppliedFault {
  readonly atMs: number;
  readonly action: string;
  readonly nodes: readonly NodeId[];
  readonly source: 'script' | 'random' | 'nemesis';
  readonly note?: string;
}

interface ActiveCut {
  readonly links: Links;
  readonly nodes: readonly NodeId[];
  readonly oneWay: boolean;
}

const MAX_APPLIED_KEPT = 200;
const PARTITION_CHECK_EVERY_MS = 1000;

/** Applies scripted and random faults to the network and the nodes, and undoes those with a duration. */
export class FaultRunner<M extends Message, S> {
  readonly applied: AppliedFault[] = [];
  appliedTotal = 0;
  private nextId = 1;
  private readonly cuts = new Map<number, ActiveCut>();
  private readonly slowLinks = new Map<number, { links: Links; extraMs: number }>();
  private readonly byzantine = new Map<number, readonly NodeId[]>();
  private randomCut: number | undefined;
  private nemesis: AdaptiveNemesis | undefined;

  constructor(
    private readonly sim: Simulation<M, S>,
    private readonly rng: Rng,
  ) {}

  start(): void {
    const { faults, randomFaults, nodes } = this.sim.config;
    faults.forEach((f, i) => this.sim.push(new SimEvent(f.atMs, EV.fault, i, 0, f)));
    for (let id = 0; id < nodes; id++) this.scheduleCrash(id, 0);
    if (randomFaults.partitionProbability > 0) this.schedule(PARTITION_CHECK_EVERY_MS, EV.randomPartition, 0);
    this.nemesis = this.sim.config.nemesis?.();
    if (this.nemesis) this.schedule(this.nemesis.everyMs, EV.nemesis, 0);
  }

  dispatch(ev: SimEvent): void {
    switch (ev.kind) {
      case EV.fault:
        return this.apply(ev.data as FaultSpec, 'script');
      case EV.faultEnd:
        return this.end(ev.num);
      case EV.randomCrash:
        return this.randomCrash(ev.node);
      case EV.randomRestart:
        this.restart(ev.node);
        return this.scheduleCrash(ev.node, this.sim.nowMs);
      case EV.restart:
        return this.restart(ev.node);
      case EV.randomPartition:
        return this.randomPartitionCheck();
      case EV.nemesis:
        return this.pollNemesis();
    }
  }

  private pollNemesis(): void {
    const sim = this.sim;
    const nemesis = this.nemesis as AdaptiveNemesis;
    const view: NemesisView = {
      nowMs: sim.nowMs,
      nodes: sim.replicas.map((r) => ({ up: r.up, status: r.node?.status() })),
    };
    for (const f of nemesis.next(view)) this.apply(f, 'nemesis');
    this.schedule(sim.nowMs + nemesis.everyMs, EV.nemesis, 0);
  }

  private apply(f: FaultSpec, source: AppliedFault['source']): void {
    const sim = this.sim;
    const others = (side: readonly NodeId[]): NodeId[] =>
      Array.from({ length: sim.config.nodes }, (_, i) => i).filter((i) => !side.includes(i));
    let nodes = f.nodes;
    let note: string | undefined;
    const behaviour = byzantineBehaviourOf(f.action);
    if (f.action === 'crash_leader' || f.action === 'isolate_leader' || (behaviour && nodes.length === 0)) {
      const leader = currentLeader(sim);
      nodes = leader === undefined ? [] : [leader];
      if (leader === undefined) note = 'no leader at that moment: nothing done';
    }
    if (f.action === 'isolate_leader_region') ({ nodes, note } = this.leaderRegion());
    const id = this.nextId++;
    switch (f.action) {
      case 'crash':
      case 'crash_leader':
        for (const n of nodes) this.crash(n);
        if (f.durationMs !== undefined) for (const n of nodes) this.schedule(sim.nowMs + f.durationMs, EV.restart, n);
        break;
      case 'restart':
        for (const n of nodes.length > 0 ? nodes : others([])) this.restart(n);
        break;
      case 'partition':
      case 'partition_one_way':
      case 'isolate_leader':
      case 'isolate_leader_region':
        if (nodes.length > 0) this.cut(id, nodes, f.targets ?? others(nodes), f.action === 'partition_one_way');
        break;
      case 'heal':
        this.healAll();
        break;
      case 'slow_link': {
        const links = linksBetween(nodes, f.targets ?? others(nodes));
        sim.network.slow(links, f.latencyMs ?? 0);
        this.slowLinks.set(id, { links, extraMs: f.latencyMs ?? 0 });
        break;
      }
      case 'packet_loss':
        sim.network.setLossOverride(f.probability ?? 0);
        break;
      case 'byzantine_silent':
      case 'byzantine_equivocate':
      case 'byzantine_wrong_replies':
        this.turnByzantine(nodes, behaviour);
        this.byzantine.set(id, nodes);
        break;
    }
    if (f.durationMs !== undefined && f.action !== 'crash' && f.action !== 'crash_leader') {
      this.sim.push(new SimEvent(sim.nowMs + f.durationMs, EV.faultEnd, 0, id, undefined));
    }
    this.record({ atMs: sim.nowMs, action: f.action, nodes, source, ...(note ? { note } : {}) });
    sim.stats.updateAvailability(sim);
  }

  /**
   * Every node of the current leader's region (its peers there stay connected to it), chosen when the fault strikes.
   * The config check refuses this action without regions.
   */
  private leaderRegion(): { nodes: NodeId[]; note: string | undefined } {
    const leader = currentLeader(this.sim);
    if (leader === undefined) return { nodes: [], note: 'no leader at that moment: nothing done' };
    const regionOf = this.sim.config.network.regionOf ?? [];
    const region = regionOf[leader];
    const nodes = regionOf.flatMap((r, i) => (r === region ? [i] : []));
    if (nodes.length === regionOf.length)
      return { nodes: [], note: 'every node is in the leader region: nothing to cut' };
    return { nodes, note: undefined };
  }

  private record(a: AppliedFault): void {
    this.appliedTotal++;
    if (this.applied.length < MAX_APPLIED_KEPT) this.applied.push(a);
  }

  /** Makes nodes byzantine (or honest again); once byzantine, a node stays out of the honest replicas' checks. */
  private turnByzantine(nodes: readonly NodeId[], behaviour: ByzantineBehaviour | undefined): void {
    for (const n of nodes) {
      const r = this.sim.replicas[n];
      if (!r) continue;
      r.byzantine = behaviour;
      if (behaviour) r.compromised = true;
      r.node?.setByzantine?.(behaviour);
    }
  }

  private schedule(atMs: number, kind: number, node: NodeId): void {
    this.sim.push(new SimEvent(atMs, kind, node, 0, undefined));
  }

  private crash(n: NodeId): void {
    const sim = this.sim;
    const r = sim.replicas[n];
    if (!r?.up) return;
    r.crash();
    sim.monitor.crashed(n);
    sim.applyMonitor.crashed(n);
    sim.stats.updateAvailability(sim);
  }

  private restart(n: NodeId): void {
    const sim = this.sim;
    if (sim.replicas[n]?.up !== false) return;
    sim.start(n);
    sim.stats.updateAvailability(sim);
  }

  private cut(id: number, nodes: readonly NodeId[], targets: readonly NodeId[], oneWay: boolean): void {
    const links = linksBetween(nodes, targets, oneWay);
    this.sim.network.cut(links, 1);
    this.cuts.set(id, { links, nodes, oneWay });
    this.sim.stats.partitions.detected++;
    this.sim.trace.record({
      level: 'WARN',
      node_id: 'network',
      term: this.maxTerm(),
      event: 'partition_detected',
      context: { isolated_nodes: nodes.map((n) => `node-${n + 1}`), one_way: oneWay },
      at_ms: this.sim.nowMs,
    });
  }

  private end(id: number): void {
    const sim = this.sim;
    const cut = this.cuts.get(id);
    if (cut) this.heal(id, cut);
    const slow = this.slowLinks.get(id);
    if (slow) {
      sim.network.slow(slow.links, -slow.extraMs);
      this.slowLinks.delete(id);
    }
    const turned = this.byzantine.get(id);
    if (turned) {
      this.turnByzantine(turned, undefined);
      this.byzantine.delete(id);
    }
    if (!cut && !slow && !turned) sim.network.setLossOverride(undefined);
    sim.stats.updateAvailability(sim);
  }

  private heal(id: number, cut: ActiveCut): void {
    this.sim.network.cut(cut.links, -1);
    this.cuts.delete(id);
    if (this.randomCut === id) this.randomCut = undefined;
    this.sim.stats.partitions.healed++;
    this.sim.trace.record({
      level: 'INFO',
      node_id: 'network',
      term: this.maxTerm(),
      event: 'partition_healed',
      context: { isolated_nodes: cut.nodes.map((n) => `node-${n + 1}`), one_way: cut.oneWay },
      at_ms: this.sim.nowMs,
    });
  }

  private healAll(): void {
    for (const [id, cut] of [...this.cuts]) this.heal(id, cut);
    for (const slow of this.slowLinks.values()) this.sim.network.slow(slow.links, -slow.extraMs);
    this.slowLinks.clear();
    this.sim.network.setLossOverride(undefined);
  }

  private scheduleCrash(n: NodeId, fromMs: number): void {
    const at = nextCrashMs(this.sim.config.randomFaults, fromMs, this.rng);
    if (at <= this.sim.config.durationMs) this.schedule(at, EV.randomCrash, n);
  }

  private randomCrash(n: NodeId): void {
    const sim = this.sim;
    if (!sim.replicas[n]?.up) return this.scheduleCrash(n, sim.nowMs);
    this.crash(n);
    this.record({ atMs: sim.nowMs, action: 'crash', nodes: [n], source: 'random' });
    const downMs = Math.max(1, this.rng.exponential(sim.config.randomFaults.mttrMs));
    this.schedule(sim.nowMs + downMs, EV.randomRestart, n);
  }

  private randomPartitionCheck(): void {
    const sim = this.sim;
    const rf = sim.config.randomFaults;
    this.schedule(sim.nowMs + PARTITION_CHECK_EVERY_MS, EV.randomPartition, 0);
    if (this.randomCut !== undefined || !this.rng.chance(rf.partitionProbability)) return;
    this.randomCut = this.nextId;
    this.apply(randomPartition(sim.config.nodes, sim.nowMs, rf, this.rng), 'random');
  }

  private maxTerm(): number {
    return this.sim.replicas.reduce((t, r) => Math.max(t, r.term), 0);
  }
}
