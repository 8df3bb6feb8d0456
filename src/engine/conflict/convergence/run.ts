import { configError, type Issue } from '../../errors.js';
import { SIM_LIMITS } from '../../sim/config.js';
import { simulationConfig } from '../../sim/defaults.js';
import type { FaultSpec } from '../../sim/faults.js';
import type { InvariantReport, ProtocolDefinition } from '../../sim/protocol.js';
import { Simulation } from '../../sim/simulation.js';
import { CRDTS } from '../crdt/registry.js';
import type { CrdtType } from '../crdt/types.js';
import type { JsonValue } from '../json-value.js';
import { GossipNode, GossipStorage, type GossipMessage, type GossipOptions } from './gossip-node.js';
import { ConvergenceMonitor } from './monitor.js';

export interface ConvergenceSpec {
  readonly crdtType: CrdtType;
  /** Replicas, 2..25 (the simulator's node bound). */
  readonly replicas: number;
  readonly seed: number;
  readonly durationMs: number;
  /** Replicas update until this time; afterwards only gossip runs. */
  readonly opsUntilMs: number;
  readonly opIntervalMs: number;
  readonly gossipIntervalMs: number;
  /** Background message loss, 0..1. */
  readonly lossProbability: number;
  readonly duplicateProbability?: number | undefined;
  /** Partitions, crashes, loss bursts... (the simulator's fault script); each must end before the run does. */
  readonly faults: readonly FaultSpec[];
  readonly elementPool?: number | undefined;
  readonly maxEvents?: number | undefined;
}

export interface ConvergenceReport {
  readonly crdtType: CrdtType;
  readonly replicas: number;
  readonly seed: number;
  readonly eventsProcessed: number;
  readonly updates: number;
  readonly merges: number;
  readonly messages: {
    readonly sent: number;
    readonly lost: number;
    readonly cut: number;
    readonly duplicated: number;
  };
  /** Last update or last fault's end: from then on nothing stops the states from spreading; null if never. */
  readonly quietFromMs: number | null;
  readonly converged: boolean;
  readonly convergedAtMs: number | null;
  readonly distinctStatesAtEnd: number;
  /** The value every replica holds (the first replica's when they differ). */
  readonly value: JsonValue;
  readonly invariants: readonly InvariantReport[];
}

/** The run as an incremental job, so a tool can slice it (`advance(budget)` events at a time). */
export interface ConvergenceRun {
  advance(budget: number): boolean;
  progress(): { done: number; total: number; message: string };
  report(): ConvergenceReport;
}

/**
 * N replicas of a CRDT on the simulation kernel, updating at random and gossiping whole states under message loss,
 * duplication, partitions and crashes, then left alone once the updates stop and the faults heal: the run shows
 * whether (and when) they converge, and checks inflation and the reference state on every event.
 */
export function startCrdtConvergence(spec: ConvergenceSpec): ConvergenceRun {
  if (!(spec.opsUntilMs < spec.durationMs)) {
    throw configError('duration_ms', `the run must outlast the updates (${spec.opsUntilMs} ms) to show convergence`);
  }
  // A fault that never ends leaves the run never quiet: it cannot converge then, and the report says so.
  const quietFromMs = Math.max(spec.opsUntilMs, ...spec.faults.map((f) => faultEndMs(f, spec.faults)));
  const crdt = CRDTS[spec.crdtType];
  let monitor: ConvergenceMonitor | undefined;
  const options: GossipOptions = {
    crdt,
    opIntervalMs: spec.opIntervalMs,
    opsUntilMs: spec.opsUntilMs,
    gossipIntervalMs: spec.gossipIntervalMs,
    elementPool: spec.elementPool ?? 8,
  };
  const protocol: ProtocolDefinition<GossipMessage, GossipStorage, GossipOptions> = {
    name: `crdt_gossip:${crdt.type}`,
    quorumSize: () => 1,
    validate: validateGossip,
    instantiate(_nodes, o, context) {
      const m = new ConvergenceMonitor(o.crdt, context, quietFromMs);
      monitor = m;
      return {
        monitor: m,
        createStorage(id) {
          const storage = new GossipStorage(o.crdt.empty());
          m.storages[id] = storage;
          return storage;
        },
        wroteStorage(storage) {
          const dirty = storage.dirty;
          storage.dirty = false;
          return dirty;
        },
        createNode: (init) =>
          new GossipNode(init.id, init.nodes, init.storage, init.rng, init.effects, o, m, init.nowMs),
      };
    },
  };
  const sim = new Simulation(
    simulationConfig(protocol, options, {
      nodes: spec.replicas,
      seed: spec.seed,
      durationMs: spec.durationMs,
      faults: spec.faults,
      maxEvents: spec.maxEvents ?? 5_000_000,
      clients: { writesPerSecond: 0, readsPerSecond: 0 },
      network: { lossProbability: spec.lossProbability, duplicateProbability: spec.duplicateProbability ?? 0 },
    }),
  );
  const watcher = monitor as unknown as ConvergenceMonitor;
  return {
    advance: (budget) => sim.advance(budget),
    progress: () => sim.progress(),
    report: () => convergenceReport(spec, sim, watcher, quietFromMs),
  };
}

/** Runs to the end in one go (tests, benchmarks); tools slice `startCrdtConvergence` instead. */
export function runCrdtConvergence(spec: ConvergenceSpec): ConvergenceReport {
  const run = startCrdtConvergence(spec);
  while (!run.advance(100_000));
  return run.report();
}

function convergenceReport(
  spec: ConvergenceSpec,
  sim: Simulation<GossipMessage, GossipStorage>,
  monitor: ConvergenceMonitor,
  quietFromMs: number,
): ConvergenceReport {
  const invariants = monitor.report();
  const crdt = CRDTS[spec.crdtType];
  const first = monitor.storages[0]?.state ?? crdt.empty();
  return {
    crdtType: spec.crdtType,
    replicas: spec.replicas,
    seed: spec.seed,
    eventsProcessed: sim.eventsProcessed,
    updates: monitor.updates,
    merges: monitor.merges,
    messages: {
      sent: sim.stats.messagesSent,
      lost: sim.stats.messagesLost,
      cut: sim.stats.messagesCut,
      duplicated: sim.stats.messagesDuplicated,
    },
    quietFromMs: Number.isFinite(quietFromMs) ? quietFromMs : null,
    converged: invariants.every((r) => r.held),
    convergedAtMs: monitor.convergedAtMs,
    distinctStatesAtEnd: monitor.distinctStates(),
    value: crdt.value(first),
    invariants,
  };
}

/** When a fault stops hindering gossip: its duration, else the first heal (cuts) or restart (crashes) after it. */
function faultEndMs(fault: FaultSpec, all: readonly FaultSpec[]): number {
  if (fault.action === 'heal' || fault.action === 'restart') return fault.atMs;
  if (fault.durationMs !== undefined) return fault.atMs + fault.durationMs;
  const undo = fault.action === 'crash' || fault.action === 'crash_leader' ? 'restart' : 'heal';
  const ends = all.filter((f) => f.action === undo && f.atMs >= fault.atMs).map((f) => f.atMs);
  return ends.length > 0 ? Math.min(...ends) : Infinity;
}

function validateGossip(o: GossipOptions, nodes: number): Issue[] {
  const issues: Issue[] = [];
  if (nodes < 2 || nodes > SIM_LIMITS.nodes)
    issues.push({ path: 'replicas', message: `give 2..${SIM_LIMITS.nodes} replicas` });
  if (!(o.gossipIntervalMs > 0)) issues.push({ path: 'gossip_interval_ms', message: 'must be above 0 ms' });
  if (!(o.opIntervalMs > 0)) issues.push({ path: 'op_interval_ms', message: 'must be above 0 ms' });
  if (!(o.elementPool >= 1)) issues.push({ path: 'element_pool', message: 'must be at least 1' });
  return issues;
}
