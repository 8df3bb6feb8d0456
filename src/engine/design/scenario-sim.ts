import type { FaultSpec } from '../sim/faults.js';
import type { HistoryOp } from '../sim/history.js';
import type { Message, NodeId } from '../sim/protocol.js';
import { percentiles } from '../sim/result.js';
import { currentLeader } from '../sim/run-stats.js';
import type { Simulation } from '../sim/simulation.js';
import type { ConsensusSim } from './consensus.js';
import { failoverAfter, startGroupRun, unavailableWithin } from './group-sim.js';
import type { FailureScenario, ScenarioFigures } from './types.js';

/**
 * Every scripted scenario: the fault strikes once the group has settled (at 2 s, or 1 s after its first leader if
 * that comes later), lasts 3 s, and the run goes on 2 s after it heals.
 */
export const FAULT_AT_MS = 2000;
export const FAULT_FOR_MS = 3000;
const SETTLE_MS = 1000;
const AFTER_MS = 2000;
/** Give up waiting for a first leader after this long (the scenarios then run against a leaderless group). */
const MAX_PROBE_MS = 30_000;

/** A scripted scenario as a simulation of the design's group, sliced like every other long job. */
export interface ScenarioRun {
  readonly name: string;
  readonly faults: (leader: NodeId, atMs: number) => FaultSpec[];
  /** Turns the figures into the scenario's behaviour and recovery text. */
  readonly describe: (m: ScenarioFigures, ctx: ScenarioContext) => { behavior: string; recovery: string };
}

export interface ScenarioContext {
  readonly leader: NodeId;
  readonly atMs: number;
  /** The node leading after the fault, if a new one was elected. */
  readonly newLeader: NodeId | undefined;
  readonly baselineP50Ms: number | null;
}

/** Client writes that completed inside [from, to]: how many succeeded, failed or ended unknown, and their p50. */
export function windowStats(
  history: readonly HistoryOp[],
  fromMs: number,
  toMs: number,
): {
  ok: number;
  failed: number;
  p50: number | null;
} {
  const invokedAt = new Map<number, number>();
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  for (const h of history) {
    if (h.type === 'invoke') {
      invokedAt.set(h.process, h.time);
      continue;
    }
    if (h.f !== 'put' || h.time < fromMs || h.time > toMs) continue;
    if (h.type === 'ok') {
      ok++;
      latencies.push(h.time - (invokedAt.get(h.process) ?? h.time));
    } else failed++;
  }
  const p50 = percentiles(latencies).p50;
  return { ok, failed, p50: p50 === null ? null : Math.round(p50 * 1000) / 1000 };
}

/** Figures of a finished scenario run, measured over the fault window and the recovery after it. */
export function scenarioFigures(sim: Simulation<Message, unknown>, seed: number, atMs: number): ScenarioFigures {
  const w = windowStats(sim.clients.history, atMs, atMs + FAULT_FOR_MS);
  return {
    seed,
    unavailableMs: unavailableWithin(sim, atMs, atMs + FAULT_FOR_MS + AFTER_MS),
    failoverMs: failoverAfter(sim, atMs),
    writesOk: w.ok,
    writesFailed: w.failed,
    writeLatencyP50Ms: w.p50,
    safetyHeld: [...sim.monitor.report(), ...sim.applyMonitor.report()].every((i) => i.held),
  };
}

export interface Probe {
  readonly leader: NodeId;
  readonly atMs: number;
  readonly baselineP50Ms: number | null;
}

/**
 * Runs the group without faults until it has settled under a leader, to learn when to strike and who leads then:
 * runs are deterministic, so every scenario run is identical to this one up to its fault.
 */
export function probeLeader(group: ConsensusSim, seed: number, writesPerSecond: number): Probe {
  const sim = startGroupRun(group, {
    seed,
    durationMs: MAX_PROBE_MS + FAULT_FOR_MS + AFTER_MS,
    writesPerSecond,
    faults: [],
  });
  while (sim.stats.leaders.length === 0 && sim.nowMs < MAX_PROBE_MS && !sim.advance(200));
  const first = sim.stats.leaders[0]?.atMs ?? 0;
  const atMs = Math.max(FAULT_AT_MS, Math.ceil((first + SETTLE_MS) / 100) * 100);
  while (sim.nowMs < atMs && !sim.advance(200));
  const leader = currentLeader(sim) ?? 0;
  while (sim.nowMs < atMs + FAULT_FOR_MS && !sim.advance(10_000));
  return { leader, atMs, baselineP50Ms: windowStats(sim.clients.history, atMs, atMs + FAULT_FOR_MS).p50 };
}

export function newLeaderOf(sim: Simulation<Message, unknown>, atMs: number): NodeId | undefined {
  return sim.stats.leaders.find((l) => l.atMs > atMs)?.node;
}

export const name = (n: NodeId | undefined): string => (n === undefined ? 'none' : `node-${n + 1}`);
export const ms = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} ms`);

/** Scripted scenarios as one incremental job: a fault-free probe, then each scenario's simulation in turn. */
export class ScenarioJob {
  private index = 0;
  private sim: Simulation<Message, unknown> | undefined;
  private probe: Probe | undefined;
  private readonly done: FailureScenario[] = [];

  constructor(
    private readonly group: ConsensusSim,
    private readonly scenarios: readonly ScenarioRun[],
    private readonly seed: number,
    private readonly writesPerSecond: number,
  ) {}

  advance(budget: number): boolean {
    this.probe ??= probeLeader(this.group, this.seed, this.writesPerSecond);
    while (budget > 0 && this.index < this.scenarios.length) {
      const s = this.scenarios[this.index] as ScenarioRun;
      const { leader, atMs } = this.probe;
      this.sim ??= startGroupRun(this.group, {
        seed: this.seed,
        durationMs: atMs + FAULT_FOR_MS + AFTER_MS,
        writesPerSecond: this.writesPerSecond,
        faults: s.faults(leader, atMs),
      });
      const before = this.sim.eventsProcessed;
      const finished = this.sim.advance(budget);
      budget -= Math.max(1, this.sim.eventsProcessed - before);
      if (!finished) continue;
      const m = scenarioFigures(this.sim, this.seed, atMs);
      const context = { leader, atMs, newLeader: newLeaderOf(this.sim, atMs), baselineP50Ms: this.probe.baselineP50Ms };
      const text = s.describe(m, context);
      this.done.push({ scenario: s.name, ...text, simulated: true, measured: m });
      this.sim = undefined;
      this.index++;
    }
    return this.index >= this.scenarios.length;
  }

  progress(): { done: number; total: number; message: string } {
    const length = (this.probe?.atMs ?? FAULT_AT_MS) + FAULT_FOR_MS + AFTER_MS;
    return {
      done: this.index * length + Math.floor(this.sim?.nowMs ?? 0),
      total: this.scenarios.length * length,
      message: `failure scenario ${Math.min(this.index + 1, this.scenarios.length)} of ${this.scenarios.length}`,
    };
  }

  results(): FailureScenario[] {
    return [...this.done];
  }
}
