import { createHistoryCheck, type HistoryCheck } from '../history/index.js';
import { percentiles } from '../sim/result.js';
import type { FaultSpec } from '../sim/faults.js';
import type { Message } from '../sim/protocol.js';
import { Rng } from '../sim/rng.js';
import type { Simulation } from '../sim/simulation.js';
import type { ConsensusSim } from './consensus.js';
import { failoverAfter, startGroupRun, unavailableWithin } from './group-sim.js';
import type { Verification, VerifyOptions } from './types.js';
import type { RunTiming } from './verify-plan.js';

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
 * The faults of run `i`: the leader is crashed (restarted after `leaderDownMs`) at a seeded moment after the first
 * leader has settled (see `runTiming`), so every run yields a failover sample. For PBFT, byzantine replicas (never
 * more than f) rotate over the runs: a silent primary, an equivocating primary with colluding backups, and backups
 * that answer clients wrongly.
 */
export function runPlan(sim: ConsensusSim, o: VerifyOptions, t: RunTiming, i: number): RunPlan {
  const seed = (o.seed + i) >>> 0;
  const rng = Rng.fromSeed((seed + 7_000_000) >>> 0);
  const at = Math.round(t.crashFromMs + t.crashSpanMs * rng.float());
  const crash: FaultSpec = { atMs: at, action: 'crash_leader', nodes: [], durationMs: t.leaderDownMs };
  if (sim.protocol !== 'pbft') return { seed, faults: [crash], leaderFaultAtMs: at };
  const f = sim.group.f;
  const backups = (k: number): number[] => Array.from({ length: k }, (_, j) => sim.group.voters - 1 - j);
  switch (i % 3) {
    case 0:
      return { seed, faults: [{ atMs: at, action: 'byzantine_silent', nodes: [] }], leaderFaultAtMs: at };
    case 1: {
      const early = Math.round(t.settledMs / 2);
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
  /** Scripted or random faults that found nothing to act on (a crash_leader with no leader at that moment). */
  idleFaults: number;
  /** Runs in which no leader was ever elected, and runs whose leader fault acted but no new leader followed. */
  leaderless: number;
  failoverMissing: number;
  /** Runs whose leader fault struck before any leader existed. */
  crashBeforeLeader: number;
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
    idleFaults: 0,
    leaderless: 0,
    failoverMissing: 0,
    crashBeforeLeader: 0,
  };

  constructor(
    private readonly group: ConsensusSim,
    private readonly options: VerifyOptions,
    private readonly partitionProbability: number,
    private readonly timing: RunTiming,
    private readonly notes: readonly string[] = [],
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
    this.plan = runPlan(this.group, this.options, this.timing, this.run);
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
    // Only faults that acted count: a crash_leader that found no leader did nothing.
    for (const f of sim.faults.applied) {
      if (f.note === undefined) t.faults[f.action] = (t.faults[f.action] ?? 0) + 1;
      else t.idleFaults++;
    }
    for (const inv of [...sim.monitor.report(), ...sim.applyMonitor.report()]) {
      t.violations += inv.violations;
      if (inv.firstViolation && t.shown.length < (this.options.violationsListed ?? VIOLATIONS_LISTED)) {
        t.shown.push(`seed ${sim.config.seed}: ${inv.name}: ${inv.firstViolation.detail}`);
      }
    }
    this.tallyFailover(sim);
    t.latencies.push(...sim.clients.stats.writeLatenciesMs);
    // Availability counts from the first leader on (the cold start of a fresh cluster is not a failure); a run that
    // never elected one was unavailable throughout.
    const from = sim.stats.leaders[0]?.atMs ?? 0;
    t.unavailableMs += unavailableWithin(sim, from, sim.nowMs);
    t.simulatedMs += sim.nowMs - from;
    if (this.checksHistory)
      this.check = createHistoryCheck(sim.clients.history, { model: 'kv', maxSteps: CHECK_MAX_STEPS });
    else this.nextRun();
  }

  /** A failover sample only when the leader fault acted on a leader; otherwise say which way the run fell short. */
  private tallyFailover(sim: Simulation<Message, unknown>): void {
    const t = this.tally;
    const at = this.plan?.leaderFaultAtMs ?? 0;
    const first = sim.stats.leaders[0];
    if (first === undefined) {
      t.leaderless++;
      return;
    }
    if (first.atMs > at) {
      t.crashBeforeLeader++;
      return;
    }
    const failover = failoverAfter(sim, at);
    if (failover !== null) t.failovers.push(failover);
    else t.failoverMissing++;
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

  /** Why the runs are not evidence of the design's behaviour under a leader crash (empty when they are). */
  private shortfalls(): string[] {
    const t = this.tally;
    const why: string[] = [];
    const window = `${Math.round(this.timing.failoverWindowMs / 1000)} s`;
    if (t.leaderless > 0)
      why.push(
        `no leader was ever elected in ${t.leaderless} of ${t.runsDone} run(s) (${this.options.durationMs / 1000} s each)`,
      );
    if (t.crashBeforeLeader > 0)
      why.push(
        `in ${t.crashBeforeLeader} run(s) the first leader came only after the planned crash, which then found no leader`,
      );
    if (t.failoverMissing > 0)
      why.push(`in ${t.failoverMissing} run(s) no new leader was elected within ${window} of the leader crash`);
    return why;
  }

  result(subject: string): Verification {
    const t = this.tally;
    const o = this.options;
    const failover = percentiles(t.failovers);
    const latency = percentiles(t.latencies);
    const lin = t.lin;
    const shortfalls = this.shortfalls();
    const notes = [...this.notes, ...shortfalls.map((s) => `not verified: ${s}`)];
    if (t.idleFaults > 0)
      notes.push(`${t.idleFaults} scheduled fault(s) found no leader to act on and are not counted`);
    return {
      simulated: true,
      subject,
      runs: t.runsDone,
      seed: o.seed,
      durationMs: o.durationMs,
      writesPerSecond: o.writesPerSecond,
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
      verified: t.runsDone > 0 && shortfalls.length === 0,
      notes,
    };
  }
}
