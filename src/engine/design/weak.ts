import { startCrdtConvergence, type ConvergenceRun } from '../conflict/convergence/run.js';
import type { CrdtType } from '../conflict/crdt/types.js';
import { percentiles } from '../sim/result.js';
import { Rng } from '../sim/rng.js';
import type { GroupLayout } from './group.js';
import { VIOLATIONS_LISTED } from './verify.js';
import type {
  Configuration,
  DesignSpec,
  FailureScenario,
  ProtocolDescription,
  Verification,
  VerifyOptions,
} from './types.js';

export interface WeakPlan {
  readonly protocol: ProtocolDescription;
  readonly configuration: Configuration;
  readonly crdt: CrdtType;
  readonly gossipIntervalMs: number;
  readonly rationale: string[];
}

/** The replicated data type: siblings kept (causal) or the last write by hybrid logical clock (eventual). */
const crdtFor = (spec: DesignSpec): CrdtType => (spec.consistency === 'causal' ? 'mv_register' : 'lww_register');

/**
 * Leaderless replication (Dynamo, DeCandia et al. 2007): each key on N replicas, writes acknowledged by W, reads
 * from R. Eventual: W = 2, R = 1 (a lost replica never loses an acknowledged write; reads may be stale). Causal:
 * R + W > N so a read meets the latest acknowledged write, with vector clocks keeping concurrent writes as siblings.
 */
export function planLeaderless(spec: DesignSpec, g: GroupLayout, conflictOnly: boolean): WeakPlan {
  const n = g.voters;
  const w = Math.min(n, 2);
  const r = spec.consistency === 'causal' ? n - w + 1 : 1;
  const crdt = crdtFor(spec);
  const oneWay = g.network.interRegionMs;
  const gossipIntervalMs = Math.max(50, 10 * oneWay);
  const timeoutMs = Math.max(100, 10 * 2 * oneWay);
  const resolution =
    crdt === 'mv_register'
      ? 'vector clocks per key; concurrent writes kept as siblings and merged by the application (or a CRDT)'
      : 'last writer wins by hybrid logical clock timestamp (concurrent writes: the later timestamp wins, the other is lost)';
  const name = conflictOnly
    ? crdt === 'mv_register'
      ? 'Vector clocks with siblings (multi-value register CRDT)'
      : 'Last-writer-wins register on hybrid logical clocks'
    : `Leaderless quorum replication (N=${n}, W=${w}, R=${r})`;
  const description = conflictOnly
    ? `Each replica accepts writes locally and exchanges state by anti-entropy every ${gossipIntervalMs} ms; conflicts resolve by ${resolution}.`
    : `Every key lives on ${n} replicas picked by consistent hashing; a write is acknowledged by ${w}, a read asks ${r} and repairs stale replicas; ` +
      `anti-entropy every ${gossipIntervalMs} ms; conflicts: ${resolution}. Sloppy quorums with hinted handoff keep writes available when a replica is down.`;
  const guarantee =
    spec.consistency === 'causal'
      ? 'Causal consistency with session stickiness (read-your-writes, monotonic reads); concurrent updates are never silently dropped; all replicas converge once updates stop (strong eventual consistency).'
      : 'Eventual consistency: replicas converge once updates stop; reads may be stale; concurrent writes to one key keep only the latest timestamp.';
  return {
    protocol: { name, description, correctnessGuarantee: guarantee },
    configuration: {
      quorumSize: w,
      timeoutMs,
      heartbeatMs: gossipIntervalMs,
      replicationFactor: n,
      readQuorum: r,
      writeQuorum: w,
      readPath:
        r + w > n
          ? `quorum reads (R + W = ${r + w} > N = ${n})`
          : `one replica (R + W = ${r + w} <= N = ${n}: may be stale)`,
      conflictResolution: resolution,
      crdtType: crdt,
      antiEntropyIntervalMs: gossipIntervalMs,
      clientTimeoutMs: timeoutMs,
      placement: g.placement.length > 0 ? g.placement : undefined,
    },
    crdt,
    gossipIntervalMs,
    rationale: [
      `${spec.consistency} consistency does not need a leader: writes stay available on both sides of a partition ` +
        `(the CAP trade-off taken the other way from consensus), at the price of conflicts that ${resolution.split(';')[0]} resolves.`,
      `W = ${w}: an acknowledged write survives the loss of any one replica; R = ${r}: ${r + w > n ? 'every read quorum meets every write quorum' : 'reads are fast and may be stale'}.`,
    ],
  };
}

/**
 * Verification by simulation: the design's replicas gossiping the chosen CRDT under message loss, a partition and a
 * crash, then left alone; each run reports whether and when they converged (Shapiro et al. 2011).
 */
export class ConvergenceVerification {
  private run = 0;
  private current: ConvergenceRun | undefined;
  private readonly convergeMs: number[] = [];
  private converged = 0;
  private violations = 0;
  private readonly shown: string[] = [];
  private readonly faults: Record<string, number> = {};

  constructor(
    private readonly plan: WeakPlan,
    private readonly replicas: number,
    private readonly options: VerifyOptions,
  ) {}

  advance(budget: number): boolean {
    if (this.run >= this.options.runs) return true;
    this.current ??= this.start();
    if (!this.current.advance(budget)) return false;
    const r = this.current.report();
    if (r.converged && r.convergedAtMs !== null) {
      this.converged++;
      this.convergeMs.push(Math.round(Math.max(0, r.convergedAtMs - (r.quietFromMs ?? 0)) * 1000) / 1000);
    }
    for (const inv of r.invariants.filter((i) => !i.held && i.name !== 'replicas_converge')) {
      this.violations += inv.violations;
      if (this.shown.length < (this.options.violationsListed ?? VIOLATIONS_LISTED))
        this.shown.push(`seed ${r.seed}: ${inv.name}: ${inv.firstViolation?.detail ?? ''}`);
    }
    this.current = undefined;
    this.run++;
    return this.run >= this.options.runs;
  }

  progress(): { done: number; total: number; message: string } {
    return {
      done: this.run,
      total: this.options.runs,
      message: `convergence run ${Math.min(this.run + 1, this.options.runs)} of ${this.options.runs}`,
    };
  }

  private start(): ConvergenceRun {
    const o = this.options;
    const seed = (o.seed + this.run) >>> 0;
    const rng = Rng.fromSeed((seed + 9_000_000) >>> 0);
    const opsUntilMs = Math.round(o.durationMs * 0.6);
    const cutAt = Math.round(o.durationMs * (0.1 + 0.2 * rng.float()));
    const cut = { atMs: cutAt, action: 'partition' as const, nodes: [0], durationMs: Math.round(o.durationMs * 0.3) };
    const crash = {
      atMs: cutAt,
      action: 'crash' as const,
      nodes: [this.replicas - 1],
      durationMs: Math.round(o.durationMs * 0.1),
    };
    const faults = this.replicas >= 3 ? [cut, crash] : [cut];
    for (const f of faults) this.faults[f.action] = (this.faults[f.action] ?? 0) + 1;
    return startCrdtConvergence({
      crdtType: this.plan.crdt,
      replicas: this.replicas,
      seed,
      durationMs: o.durationMs,
      opsUntilMs,
      opIntervalMs: Math.max(10, Math.round(1000 / Math.max(1, o.writesPerSecond / this.replicas))),
      gossipIntervalMs: this.plan.gossipIntervalMs,
      lossProbability: 0.01,
      faults,
    });
  }

  result(subject: string): Verification {
    const p = percentiles(this.convergeMs);
    return {
      simulated: true,
      subject,
      runs: this.run,
      seed: this.options.seed,
      durationMs: this.options.durationMs,
      faultsInjected: { ...this.faults },
      safetyViolations: this.violations,
      violations: this.shown,
      linearizable: null,
      linearizability: { linearizable: 0, notLinearizable: 0, unknown: 0 },
      failoverMs: { p50: null, p99: null, samples: 0 },
      commitLatencyMs: { p50: null, p99: null },
      unavailableFraction: 0,
      figures: {
        runs_converged: this.converged,
        convergence_after_last_fault_p50_ms: p.p50,
        convergence_after_last_fault_p99_ms: p.p99,
      },
      completed: this.run === this.options.runs,
      // A run that did not converge is a finding (runs_converged says so), not a run that failed to measure.
      verified: this.run > 0,
      notes: [],
      writesPerSecond: this.options.writesPerSecond,
    };
  }
}

/** Failure behaviour of a leaderless design, from quorum arithmetic (the convergence runs measure the partition). */
export function leaderlessScenarios(plan: WeakPlan, g: GroupLayout, v: Verification): FailureScenario[] {
  const c = plan.configuration;
  const n = c.replicationFactor ?? g.voters;
  const w = c.writeQuorum ?? 1;
  const rows: [string, string, string][] = [
    [
      'Replica crash',
      `Writes continue while ${w} of a key's ${n} replicas answer (sloppy quorum: a stand-in takes the write and hands it back); no leader to replace, so no failover pause.`,
      'Hinted handoff and anti-entropy bring the restarted replica up to date; no operator action.',
    ],
    [
      'Network partition',
      'Both sides keep accepting writes to their replicas; the same key can be written on both sides, which creates a conflict.',
      `On healing, anti-entropy (every ${plan.gossipIntervalMs} ms) exchanges states and the conflict resolves by ${c.conflictResolution ?? ''}.` +
        (v.simulated
          ? ` Measured: ${v.figures['runs_converged'] ?? 0} of ${v.runs} runs converged, p50 ${Math.round(v.figures['convergence_after_last_fault_p50_ms'] ?? 0)} ms and p99 ${Math.round(v.figures['convergence_after_last_fault_p99_ms'] ?? 0)} ms after the partition and crash ended.`
          : ''),
    ],
    [
      'Clock skew',
      plan.crdt === 'lww_register'
        ? 'Last-writer-wins trusts timestamps: with wall clocks skewed by S ms, a write made up to S ms after another can lose to it. Hybrid logical clocks keep causally related writes ordered; truly concurrent writes still keep one.'
        : 'Vector clocks do not use wall time: skew cannot reorder or drop writes.',
      plan.crdt === 'lww_register'
        ? 'Bound skew with NTP/PTP and alert on it; switch the key to a CRDT if no concurrent update may be lost.'
        : 'None needed.',
    ],
    [
      'Slow replica',
      `A write waits for the ${w} fastest acknowledgements, so one slow replica does not slow writes down; its copy lags.`,
      'Read repair and anti-entropy catch it up.',
    ],
  ];
  // The convergence runs cut a replica off and crash another: the partition row quotes what they measured.
  return rows.map(([scenario, behavior, recovery]) => ({
    scenario,
    behavior,
    recovery,
    simulated: scenario === 'Network partition' && v.simulated,
  }));
}
