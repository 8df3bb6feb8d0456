import type { ClientStats } from './workload.js';
import type { AppliedFault } from './fault-runner.js';
import type { HistoryOp } from './history.js';
import type { MetricsSnapshot } from './metrics.js';
import type { InvariantReport, Message, NodeId } from './protocol.js';
import type { LeaderRecord, Outage } from './run-stats.js';
import type { Simulation } from './simulation.js';
import type { TraceEvent, TraceRecord } from './trace.js';

/** Latency percentiles in ms (nearest rank); null when nothing was measured. */
export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export interface NodeFinalState {
  readonly node: NodeId;
  readonly up: boolean;
  readonly role: string;
  readonly term: number;
  readonly commitIndex: number;
  readonly lastIndex: number;
  readonly appliedIndex: number;
}

export interface SimulationResult {
  readonly seed: number;
  readonly protocol: string;
  readonly nodes: number;
  readonly durationMs: number;
  /** Virtual time reached; below `durationMs` only when a bound stopped the run. */
  readonly virtualTimeMs: number;
  readonly eventsProcessed: number;
  readonly boundHit: 'max_events' | undefined;
  /** The client cap on operations stopped new arrivals before the end. */
  readonly clientOpsCapped: boolean;
  readonly leaders: readonly LeaderRecord[];
  readonly leadersTotal: number;
  readonly invariants: readonly InvariantReport[];
  readonly clients: Omit<ClientStats, 'writeLatenciesMs' | 'readLatenciesMs'> & {
    readonly writeLatencyMs: Percentiles;
    readonly readLatencyMs: Percentiles;
  };
  readonly history: readonly HistoryOp[];
  readonly unavailableMs: number;
  readonly outages: readonly Outage[];
  readonly outagesTotal: number;
  readonly metrics: MetricsSnapshot;
  readonly replicationLagMaxSeconds: Record<string, number>;
  readonly messages: {
    readonly sent: number;
    readonly delivered: number;
    readonly cut: number;
    readonly lost: number;
    readonly duplicated: number;
    readonly toCrashedNodes: number;
    readonly byType: Record<string, number>;
  };
  readonly faults: readonly AppliedFault[];
  readonly faultsTotal: number;
  readonly finalState: readonly NodeFinalState[];
  readonly traceCounts: Record<TraceEvent, number>;
  /** A thinned sample of the trace, `traceLimit` records at most. */
  readonly trace: readonly TraceRecord[];
}

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: null, p95: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] as number };
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

export function simulationResult<M extends Message, S>(sim: Simulation<M, S>, traceLimit: number): SimulationResult {
  const { stats, clients, config } = sim;
  const { writeLatenciesMs, readLatenciesMs, ...clientCounts } = clients.stats;
  const lag: Record<string, number> = {};
  const lagMax: Record<string, number> = {};
  stats.lagSeconds.forEach((v, id) => {
    if (v !== undefined) lag[`node-${id + 1}`] = round6(v);
  });
  stats.lagMaxSeconds.forEach((v, id) => {
    if (v !== undefined) lagMax[`node-${id + 1}`] = round6(v);
  });
  return {
    seed: config.seed,
    protocol: config.protocol.name,
    nodes: config.nodes,
    durationMs: config.durationMs,
    virtualTimeMs: sim.nowMs,
    eventsProcessed: sim.eventsProcessed,
    boundHit: sim.boundHit,
    clientOpsCapped: clients.capped,
    leaders: stats.leaders,
    leadersTotal: stats.leadersTotal,
    invariants: [...sim.monitor.report(), ...sim.applyMonitor.report()],
    clients: {
      ...clientCounts,
      errors: { ...clientCounts.errors },
      writeLatencyMs: percentiles(writeLatenciesMs),
      readLatencyMs: percentiles(readLatenciesMs),
    },
    history: clients.history,
    unavailableMs: round6(stats.unavailableMs),
    outages: stats.outages,
    outagesTotal: stats.outagesTotal,
    metrics: {
      leader_elections_total: stats.electionResults(),
      replication_lag_seconds: lag,
      consensus_latency_seconds: stats.latency,
      partition_events_total: { ...stats.partitions },
    },
    replicationLagMaxSeconds: lagMax,
    messages: {
      sent: stats.messagesSent,
      delivered: stats.messagesDelivered,
      cut: stats.messagesCut,
      lost: stats.messagesLost,
      duplicated: stats.messagesDuplicated,
      toCrashedNodes: stats.messagesToCrashed,
      byType: Object.fromEntries([...stats.sentByType].sort(([a], [b]) => a.localeCompare(b))),
    },
    faults: sim.faults.applied,
    faultsTotal: sim.faults.appliedTotal,
    finalState: sim.replicas.map((r, node) => {
      const s = r.node?.status();
      return {
        node,
        up: r.up,
        role: s?.role ?? 'crashed',
        term: s?.term ?? r.term,
        commitIndex: s?.commitIndex ?? 0,
        lastIndex: s?.lastIndex ?? 0,
        appliedIndex: r.sm.appliedIndex,
      };
    }),
    traceCounts: { ...sim.trace.counts },
    trace: sim.trace.sample(traceLimit),
  };
}
