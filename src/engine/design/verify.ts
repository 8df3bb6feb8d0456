import { createHistoryCheck, type HistoryCheck } from '../history/index.js';
import { percentiles } from '../sim/result.js';
import type { FaultSpec } from '../sim/faults.js';
import type { Message } from '../sim/protocol.js';
import { Rng } from '../sim/rng.js';
import type { Simulation } from '../sim/simulation.js';
import type { ConsensusSim } from './consensus.js';
import { failoverAfter, startGroupRun, unavailableWithin } from './group-sim.js';
import type { Verification, VerifyOptions } from './types.js';

/** Search budget of the linearizability check of one run's history. */
const CHECK_MAX_STEPS = 5_000_000;
/** Violations a result lists unless the caller asks for another number (the count covers every one). */
export const VIOLATIONS_LISTED = 5;
/** Mean length of the random partitions drawn from partition_probability. */
const PARTITION_MTTR_MS = 2000;

interface RunPlan {
  readonly seed: number;
  readonly faults: FaultSpec[];
  /** When the fault aimed at the leader strikes (failover is timed from it). */
  readonly leaderFaultAtMs: number;
}

/**
 * The faults of run `i`: the leader is crashed (restarted 2 s later) at a seeded moment in the middle of the run, so
 * every run yields a failover sample. For PBFT, byzantine replicas (never more than f) rotate over the runs: a
 * silent primary, an equivocating primary with colluding backups, and backups that answer clients wrongly.
 */
export function runPlan(sim: ConsensusSim, o: VerifyOptions, i: number): RunPlan {
  const seed = (o.seed + i) >>> 0;
  const rng = Rng.fromSeed((seed + 7_000_000) >>> 0);
  const at = Math.round(o.durationMs * (0.3 + 0.2 * rng.float()));
  const down = Math.min(2000, Math.round(o.durationMs / 4));
  const crash: FaultSpec = { atMs: at, action: 'crash_leader', nodes: [], durationMs: down };
  if (sim.protocol !== 'pbft') return { seed, faults: [crash], leaderFaultAtMs: at };
  const f = sim.group.f;
  const backups = (k: number): number[] => Array.from({ length: k }, (_, j) => sim.group.voters - 1 - j);
  switch (i % 3) {
    case 0:
      return { seed, faults: [{ atMs: at, action: 'byzantine_silent', nodes: [] }], leaderFaultAtMs: at };
    case 1: {
      const early = Math.round(at / 2);
      const faults: FaultSpec[] = [{ atMs: early, action: 'byzantine_equivocate', nodes: [] }];
      if (f > 1) faults.push({ atMs: early, action: 'byzantine_equivocate', nodes: backups(f - 1) });
      return { seed, faults: [...faults, crash], leaderFaultAtMs: at };
    }
    default:
      return {
        seed,
        faults: [{ atMs: 0, action: 'byzantine_wrong_replies', nodes: backups(f) }, crash],
        leaderFaultAtMs: at,
      };
  }
}

interface Tally {
  runsDone: number;
  faults: Record<string, number>;
  violations: number;
  shown: string[];
  lin: { linearizable: number; notLinearizable: number; unknown: number };
  failovers: number[];
  latencies: number[];
  unavailableMs: number;
  simulatedMs: number;
}

/**
 * `runs` seeded simulations of the design's group with faults, each followed by a linearizability check of its
 * client history, as an incremental job (`advance(budget)`: events and search steps) for progress and cancellation.
 */
export class ConsensusVerification {
  private run = 0;
  private sim: Simulation<Message, unknown> | undefined;
  private plan: RunPlan | undefined;
  private check: HistoryCheck | undefined;
  private readonly tally: Tally = {
    runsDone: 0,
    faults: {},
    violations: 0,
    shown: [],
    lin: { linearizable: 0, notLinearizable: 0, unknown: 0 },
    failovers: [],
    latencies: [],
    unavailableMs: 0,
    simulatedMs: 0,
  };

  constructor(
    private readonly group: ConsensusSim,
    private readonly options: VerifyOptions,
    private readonly partitionProbability: number,
  ) {}

  /** Checks linearizability only where the design promises it. */
  private get checksHistory(): boolean {
    return this.group.readMode === 'read_index' || this.group.readMode === 'log';
  }

  advance(budget: number): boolean {
    while (budget > 0 && this.run < this.options.runs) {
      if (this.check) {
        // One slice of the search per call: it does at most `budget` steps.
        if (this.check.advance(budget)) this.finishCheck();
        return false;
      }
      this.sim ??= this.startRun();
      const before = this.sim.eventsProcessed;
      const done = this.sim.advance(budget);
      budget -= Math.max(1, this.sim.eventsProcessed - before);
      if (done) this.finishSim();
    }
    return this.run >= this.options.runs;
  }

  /** Every successful write's client-observed latency over all runs so far, ms. */
  latencySamples(): readonly number[] {
    return this.tally.latencies;
  }

  progress(): { done: number; total: number; message: string } {
    const o = this.options;
    const inRun = Math.floor(this.sim?.nowMs ?? 0);
    return {
      done: this.run * o.durationMs + inRun,
      total: o.runs * o.durationMs,
      message: `verification run ${Math.min(this.run + 1, o.runs)} of ${o.runs}`,
    };
  }

  private startRun(): Simulation<Message, unknown> {
    this.plan = runPlan(this.group, this.options, this.run);
    const p = this.partitionProbability;
    return startGroupRun(this.group, {
      seed: this.plan.seed,
      durationMs: this.options.durationMs,
      writesPerSecond: this.options.writesPerSecond,
      faults: this.plan.faults,
      randomFaults: { crashRatePerMinute: 0, partitionProbability: p, mttrMs: PARTITION_MTTR_MS },
    });
  }

  private finishSim(): void {
    const sim = this.sim as Simulation<Message, unknown>;
    const t = this.tally;
    for (const f of sim.faults.applied) t.faults[f.action] = (t.faults[f.action] ?? 0) + 1;
    for (const inv of [...sim.monitor.report(), ...sim.applyMonitor.report()]) {
      t.violations += inv.violations;
      if (inv.firstViolation && t.shown.length < (this.options.violationsListed ?? VIOLATIONS_LISTED)) {
        t.shown.push(`seed ${sim.config.seed}: ${inv.name}: ${inv.firstViolation.detail}`);
      }
    }
    const failover = failoverAfter(sim, this.plan?.leaderFaultAtMs ?? 0);
    if (failover !== null) t.failovers.push(failover);
    t.latencies.push(...sim.clients.stats.writeLatenciesMs);
    // Availability counts from the first leader on: the cold start of a fresh cluster is not a failure.
    const from = sim.stats.leaders[0]?.atMs ?? 0;
    t.unavailableMs += unavailableWithin(sim, from, sim.nowMs);
    t.simulatedMs += sim.nowMs - from;
    if (this.checksHistory)
      this.check = createHistoryCheck(sim.clients.history, { model: 'kv', maxSteps: CHECK_MAX_STEPS });
    else this.nextRun();
  }

  private finishCheck(): void {
    const verdict = this.check?.result().verdict;
    const lin = this.tally.lin;
    if (verdict === 'linearizable') lin.linearizable++;
    else if (verdict === 'not_linearizable') lin.notLinearizable++;
    else lin.unknown++;
    this.check = undefined;
    this.nextRun();
  }

  private nextRun(): void {
    this.sim = undefined;
    this.tally.runsDone++;
    this.run++;
  }

  /** false if any run was not linearizable; null when unchecked or undecided somewhere; true otherwise. */
  private verdict(): boolean | null {
    const lin = this.tally.lin;
    if (!this.checksHistory || this.tally.runsDone === 0) return null;
    if (lin.notLinearizable > 0) return false;
    return lin.unknown > 0 ? null : true;
  }

  result(subject: string): Verification {
    const t = this.tally;
    const o = this.options;
    const failover = percentiles(t.failovers);
    const latency = percentiles(t.latencies);
    const lin = t.lin;
    return {
      simulated: true,
      subject,
      runs: t.runsDone,
      seed: o.seed,
      durationMs: o.durationMs,
      faultsInjected: t.faults,
      safetyViolations: t.violations,
      violations: t.shown,
      linearizable: this.verdict(),
      linearizability: { ...lin },
      failoverMs: { p50: failover.p50, p99: failover.p99, samples: t.failovers.length },
      commitLatencyMs: { p50: latency.p50, p99: latency.p99 },
      unavailableFraction: t.simulatedMs > 0 ? Math.round((t.unavailableMs / t.simulatedMs) * 1e6) / 1e6 : null,
      figures: {},
      completed: t.runsDone === o.runs,
    };
  }
}
