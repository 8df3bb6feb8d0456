import type { FaultSpec } from '../sim/faults.js';
import type { HistoryOp } from '../sim/history.js';
import type { Message, NodeId } from '../sim/protocol.js';
import { percentiles } from '../sim/result.js';
import { currentLeader } from '../sim/run-stats.js';
import type { Simulation } from '../sim/simulation.js';
import type { ConsensusSim } from './consensus.js';
import { failoverAfter, startGroupRun, unavailableWithin } from './group-sim.js';
import { SIM_LIMITS } from '../sim/config.js';
import type { FailureScenario, ScenarioFigures, TimingDerivation } from './types.js';

/**
 * Every scripted scenario: the fault strikes once the group has settled (at 2 s, or 1 s after its first leader if
 * that comes later), lasts 3 s, and the run goes on 2 s after it heals; on slow networks the fault lasts long enough
 * for an election and a retry after a split vote, and the run goes on one more election after it heals.
 */
export const FAULT_AT_MS = 2000;
const FAULT_FOR_MS = 3000;
const SETTLE_MS = 1000;
const AFTER_MS = 2000;
/** Give up waiting for a first leader after this long, or four maximum timeouts if longer (capped by the simulator). */
const MAX_PROBE_MS = 30_000;

/** How long scenario faults last and how long a probe waits for a first leader, from the derived timeouts. */
export interface ScenarioWindows {
  readonly faultForMs: number;
  readonly afterMs: number;
  readonly maxProbeMs: number;
}

export function scenarioWindows(timing: TimingDerivation): ScenarioWindows {
  const max = timing.electionTimeoutMs[1];
  const rounds = 4 * timing.broadcastMs;
  const ceil = (v: number): number => Math.ceil(v / 1000) * 1000;
  const faultForMs = Math.max(FAULT_FOR_MS, ceil(2 * max + rounds));
  const afterMs = Math.max(AFTER_MS, ceil(max + rounds));
  // What is left of the simulator's longest run for waiting on a first leader (0: the scenarios cannot fit).
  const room = SIM_LIMITS.durationMs - faultForMs - afterMs - SETTLE_MS;
  return { faultForMs, afterMs, maxProbeMs: Math.max(0, Math.min(room, Math.max(MAX_PROBE_MS, ceil(4 * max)))) };
}

/** A scripted scenario as a simulation of the design's group, sliced like every other long job. */
export interface ScenarioRun {
  readonly name: string;
  readonly faults: (leader: NodeId, atMs: number, forMs: number) => FaultSpec[];
  /** Turns the figures into the scenario's behaviour and recovery text. */
  readonly describe: (m: ScenarioFigures, ctx: ScenarioContext) => { behavior: string; recovery: string };
}

export interface ScenarioContext {
  readonly leader: NodeId;
  readonly atMs: number;
  /** The node leading after the fault, if a new one was elected. */
  readonly newLeader: NodeId | undefined;
  readonly baselineP50Ms: number | null;
  /** How long the fault lasted, ms. */
  readonly forMs: number;
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
export function scenarioFigures(
  sim: Simulation<Message, unknown>,
  seed: number,
  atMs: number,
  w: ScenarioWindows,
): ScenarioFigures {
  const win = windowStats(sim.clients.history, atMs, atMs + w.faultForMs);
  return {
    seed,
    unavailableMs: unavailableWithin(sim, atMs, atMs + w.faultForMs + w.afterMs),
    failoverMs: failoverAfter(sim, atMs),
    writesOk: win.ok,
    writesFailed: win.failed,
    writeLatencyP50Ms: win.p50,
    safetyHeld: [...sim.monitor.report(), ...sim.applyMonitor.report()].every((i) => i.held),
  };
}

export interface Probe {
  /** Whether a first leader was elected within the probe's wait; if not, no scenario can be measured. */
  readonly leaderFound: boolean;
  readonly leader: NodeId;
  readonly atMs: number;
  readonly baselineP50Ms: number | null;
}

/**
 * Runs the group without faults until it has settled under a leader, to learn when to strike and who leads then:
 * runs are deterministic, so every scenario run is identical to this one up to its fault.
 */
export function probeLeader(group: ConsensusSim, seed: number, writesPerSecond: number, w: ScenarioWindows): Probe {
  const sim = startGroupRun(group, {
    seed,
    durationMs: w.maxProbeMs + SETTLE_MS + w.faultForMs + w.afterMs,
    writesPerSecond,
    faults: [],
  });
  while (sim.stats.leaders.length === 0 && sim.nowMs < w.maxProbeMs && !sim.advance(200));
  const first = sim.stats.leaders[0]?.atMs;
  const atMs = Math.max(FAULT_AT_MS, Math.ceil(((first ?? w.maxProbeMs) + SETTLE_MS) / 100) * 100);
  while (sim.nowMs < atMs && !sim.advance(200));
  const now = currentLeader(sim);
  while (sim.nowMs < atMs + w.faultForMs && !sim.advance(10_000));
  const baselineP50Ms = windowStats(sim.clients.history, atMs, atMs + w.faultForMs).p50;
  return { leaderFound: now !== undefined, leader: now ?? 0, atMs, baselineP50Ms };
}

export function newLeaderOf(sim: Simulation<Message, unknown>, atMs: number): NodeId | undefined {
  return sim.stats.leaders.find((l) => l.atMs > atMs)?.node;
}

export const name = (n: NodeId | undefined): string => (n === undefined ? 'none' : `node-${n + 1}`);
export const ms = (v: number): string => `${Math.round(v)} ms`;

/** Who took over and when, or, when nobody did within the fault window, that the failover was not measured. */
export function tookOver(newLeader: NodeId | undefined, failoverMs: number | null, c: ScenarioContext): string {
  if (newLeader === undefined || failoverMs === null)
    return `no new leader was elected within the ${Math.round(c.forMs / 1000)} s fault window, so no failover could be measured`;
  return `${name(newLeader)} took over after ${ms(failoverMs)}`;
}

/** Scripted scenarios as one incremental job: a fault-free probe, then each scenario's simulation in turn. */
export class ScenarioJob {
  private index = 0;
  private sim: Simulation<Message, unknown> | undefined;
  private probe: Probe | undefined;
  private readonly done: FailureScenario[] = [];
  private readonly windows: ScenarioWindows;

  constructor(
    private readonly group: ConsensusSim,
    private readonly scenarios: readonly ScenarioRun[],
    private readonly seed: number,
    private readonly writesPerSecond: number,
    timing: TimingDerivation,
  ) {
    this.windows = scenarioWindows(timing);
  }

  advance(budget: number): boolean {
    const w = this.windows;
    if (w.maxProbeMs <= 0) {
      return this.unmeasurable(
        `the derived timeouts need a ${Math.round(w.faultForMs / 1000)} s fault window and ${Math.round(w.afterMs / 1000)} s after it, beyond the simulator's ${SIM_LIMITS.durationMs / 1000} s per run`,
      );
    }
    this.probe ??= probeLeader(this.group, this.seed, this.writesPerSecond, w);
    if (!this.probe.leaderFound) {
      return this.unmeasurable(
        `the group elected no leader within ${Math.round(w.maxProbeMs / 1000)} s of a fault-free start, so there was nothing for this fault to disturb`,
      );
    }
    while (budget > 0 && this.index < this.scenarios.length) {
      const s = this.scenarios[this.index] as ScenarioRun;
      const { leader, atMs } = this.probe;
      this.sim ??= startGroupRun(this.group, {
        seed: this.seed,
        durationMs: atMs + w.faultForMs + w.afterMs,
        writesPerSecond: this.writesPerSecond,
        faults: s.faults(leader, atMs, w.faultForMs),
      });
      const before = this.sim.eventsProcessed;
      const finished = this.sim.advance(budget);
      budget -= Math.max(1, this.sim.eventsProcessed - before);
      if (!finished) continue;
      const m = scenarioFigures(this.sim, this.seed, atMs, w);
      const context = {
        leader,
        atMs,
        newLeader: newLeaderOf(this.sim, atMs),
        baselineP50Ms: this.probe.baselineP50Ms,
        forMs: w.faultForMs,
      };
      const text = s.describe(m, context);
      this.done.push({ scenario: s.name, ...text, simulated: true, measured: m });
      this.sim = undefined;
      this.index++;
    }
    return this.index >= this.scenarios.length;
  }

  /** No leader in the fault-free probe: no scenario can show anything, so each says so instead of guessing. */
  private unmeasurable(why: string): true {
    for (const s of this.scenarios.slice(this.index)) {
      this.done.push({
        scenario: s.name,
        behavior: `Could not be measured: ${why}.`,
        recovery:
          'Check the latency given and the derived election timeouts; the design cannot be judged by simulation as it stands.',
        simulated: false,
      });
    }
    this.index = this.scenarios.length;
    return true;
  }

  progress(): { done: number; total: number; message: string } {
    const w = this.windows;
    const length = (this.probe?.atMs ?? FAULT_AT_MS) + w.faultForMs + w.afterMs;
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
