/**
 * Everything the rules read, derived once from the input: the cluster judged by the quorum engine, the events
 * analysed, the metrics reduced to rates, trends and percentiles.
 */
import { quorumSize } from '../cluster/quorum.js';
import { validateCluster, type ClusterValidation } from '../cluster/validate.js';
import { configError, isEngineError, type EngineError } from '../errors.js';
import { analyzeEvents, type EventFacts } from './event-facts.js';
import {
  electionFacts,
  lagFacts,
  latencyFacts,
  type ElectionFacts,
  type LagFacts,
  type LatencyFacts,
} from './metric-facts.js';
import type { Answers, ClusterConfig, Metrics, TroubleshootInput } from './types.js';

export interface Facts {
  readonly config: ClusterConfig;
  readonly metrics?: Metrics | undefined;
  readonly answers: Answers;
  readonly events?: EventFacts | undefined;
  /** The quorum engine's verdict on the configured cluster, when `nodes` is known. */
  readonly cluster?: ClusterValidation | undefined;
  readonly nodes?: number | undefined;
  /** Where `nodes` came from: the config, or the distinct node ids in the events. */
  readonly nodesSource?: string | undefined;
  /** The quorum the cluster needs (majority, or the byzantine quorum). */
  readonly quorum?: number | undefined;
  readonly elections?: ElectionFacts | undefined;
  readonly latency?: LatencyFacts | undefined;
  readonly lags: readonly LagFacts[];
  /** The round trip to judge timeouts by: the p99 when given, else the typical one. */
  readonly rtt?: { readonly ms: number; readonly input: string } | undefined;
}

export const MAJORITY_PROTOCOLS: ReadonlySet<string> = new Set(['raft', 'multi_paxos', 'zab']);

export function deriveFacts(input: TroubleshootInput): Facts {
  const config = input.cluster_config ?? {};
  const metrics = input.metrics;
  const events = input.events && input.events.length > 0 ? analyzeEvents(input.events) : undefined;
  const fromEvents = events && events.nodes.length >= 3 ? events.nodes.length : undefined;
  const nodes = config.nodes ?? fromEvents;
  const rttP99 = metrics?.rtt_p99_ms;
  const rttTypical = metrics?.rtt_ms;
  return {
    config,
    metrics,
    answers: input.answers ?? {},
    events,
    cluster: config.nodes !== undefined ? judgeCluster(config) : undefined,
    nodes,
    nodesSource:
      config.nodes !== undefined
        ? 'cluster_config.nodes'
        : fromEvents !== undefined
          ? 'events (distinct node_id)'
          : undefined,
    quorum: nodes !== undefined ? quorumSize(nodes, config.byzantine ?? false) : undefined,
    elections: electionFacts(metrics),
    latency: latencyFacts(metrics),
    lags: lagFacts(metrics?.replication_lag_seconds),
    rtt:
      rttP99 !== undefined
        ? { ms: rttP99, input: 'metrics.rtt_p99_ms' }
        : rttTypical !== undefined
          ? { ms: rttTypical, input: 'metrics.rtt_ms' }
          : undefined,
  };
}

/** Runs the cluster through `validateCluster`; its field errors are re-pointed at `cluster_config.*`. */
function judgeCluster(config: ClusterConfig): ClusterValidation {
  try {
    return validateCluster({
      nodes: config.nodes ?? 1,
      byzantine: config.byzantine,
      regions: config.regions,
      readQuorum: config.read_quorum,
      writeQuorum: config.write_quorum,
    });
  } catch (error) {
    if (isEngineError(error)) throw repoint(error);
    throw error;
  }
}

function repoint(error: EngineError): EngineError {
  const first = error.issues[0];
  return first ? configError(`cluster_config.${first.path}`, first.message) : error;
}

/** Elections per minute from the metrics, or else from leader_elected records over the span of the events. */
export function electionRate(f: Facts): { perMinute: number; count: number; input: string; over: string } | undefined {
  if (f.elections) {
    return {
      perMinute: f.elections.perMinute,
      count: f.elections.total,
      input: 'metrics.leader_elections_total',
      over: `${formatDuration(f.elections.windowSeconds * 1000)} (metrics.window_seconds)`,
    };
  }
  const ev = f.events;
  // An election whose time is unknown has no place in the span, so any rate would be wrong (the terms still count).
  const allTimed = ev?.leaders.every((c) => c.atMs !== undefined) ?? false;
  if (ev?.spanMs && ev.spanMs >= 10_000 && ev.leaders.length >= 2 && allTimed) {
    return {
      perMinute: ev.leaders.length / (ev.spanMs / 60_000),
      count: ev.leaders.length,
      input: 'events (leader_elected)',
      over: `${formatDuration(ev.spanMs)} of events`,
    };
  }
  return undefined;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${round(ms)} ms`;
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

/** Rounds for display: three significant digits, no trailing noise. */
export function round(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}

/** `events[2]` or `events[2], events[5]`: how a finding cites records. */
export function cite(indexes: readonly number[]): string {
  const shown = indexes.slice(0, 4).map((i) => `events[${i}]`);
  return indexes.length > 4 ? `${shown.join(', ')} (+${indexes.length - 4} more)` : shown.join(', ');
}
