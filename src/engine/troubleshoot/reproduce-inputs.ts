/**
 * Where each figure of a reproduction comes from: measured (a metric or a log record), configured (the caller's
 * cluster_config), or assumed: a default, a figure inferred from a different measurement, or a pattern the scenario
 * models. A run whose outcome hinges on an assumed figure only illustrates the failure; it is not a reproduction of
 * the caller's cluster, and the verdict and summary must say so.
 */
import type { ProtocolTuning } from '../protocols/index.js';
import { round, type Facts } from './facts.js';

export type AssumptionKind = 'default' | 'inferred' | 'modelled';

export interface Assumption {
  /** What was assumed: "link stall", "election timeout". */
  readonly figure: string;
  /** The value used, with where it came from. */
  readonly value: string;
  readonly kind: AssumptionKind;
  /** The outcome hinges on it: with another value the cluster as configured may or may not fail. */
  readonly decisive: boolean;
  /** The input that would replace the assumption with a measured or configured figure. */
  readonly replaceWith: string;
}

export interface PlanSources {
  /** Metric and log inputs the run took figures from. */
  readonly measured: readonly string[];
  /** cluster_config fields the run took figures from. */
  readonly configured: readonly string[];
  readonly assumed: readonly Assumption[];
}

/** The Raft paper's timings, used when none is configured. */
export const DEFAULT_TIMEOUT_MIN_MS = 150;
/** The stall modelled when the evidence gives no spike at all: a link that hiccups for a fifth of a second. */
export const DEFAULT_STALL_MS = 200;
/** A fast LAN, when no round trip is given. */
export const DEFAULT_RTT_MS = 2;

export function tuningOf(f: Facts): ProtocolTuning {
  const min = f.config.election_timeout_min_ms ?? DEFAULT_TIMEOUT_MIN_MS;
  const max = Math.max(min, f.config.election_timeout_max_ms ?? 2 * min);
  return {
    electionTimeoutMinMs: min,
    electionTimeoutMaxMs: max,
    heartbeatMs: Math.min(f.config.heartbeat_ms ?? Math.max(1, round(min / 3)), min),
    preVote: f.config.pre_vote ?? false,
    checkQuorum: f.config.check_quorum ?? false,
  };
}

/**
 * The timings the "as configured" side ran with that nobody configured, each marked decisive when the scenario's
 * outcome hinges on it: the election timeout decides whether a stall becomes an election, PreVote whether a node
 * that keeps coming back deposes the leader, CheckQuorum whether a cut-off leader steps down.
 */
export function timingAssumptions(
  f: Facts,
  t: ProtocolTuning,
  decides: { readonly timeout: boolean; readonly preVote: boolean; readonly checkQuorum: boolean },
): Assumption[] {
  const c = f.config;
  const out: Assumption[] = [];
  const timeoutField = 'cluster_config.election_timeout_min_ms and election_timeout_max_ms';
  if (c.election_timeout_min_ms === undefined && c.election_timeout_max_ms === undefined) {
    out.push(
      assume(
        'election timeout',
        `${t.electionTimeoutMinMs}-${t.electionTimeoutMaxMs} ms (the Raft paper's)`,
        'default',
        decides.timeout,
        timeoutField,
      ),
    );
  } else if (c.election_timeout_min_ms === undefined || c.election_timeout_max_ms === undefined) {
    const which = c.election_timeout_min_ms === undefined ? 'minimum' : 'maximum';
    out.push(
      assume(
        `election timeout ${which}`,
        `${t.electionTimeoutMinMs}-${t.electionTimeoutMaxMs} ms`,
        'default',
        decides.timeout,
        timeoutField,
      ),
    );
  }
  if (c.heartbeat_ms === undefined)
    out.push(
      assume(
        'heartbeat',
        `${t.heartbeatMs} ms (a third of the minimum timeout)`,
        'default',
        false,
        'cluster_config.heartbeat_ms',
      ),
    );
  if (c.pre_vote === undefined)
    out.push(assume('PreVote', 'off', 'default', decides.preVote, 'cluster_config.pre_vote'));
  if (c.check_quorum === undefined)
    out.push(assume('CheckQuorum', 'off', 'default', decides.checkQuorum, 'cluster_config.check_quorum'));
  return out;
}

/** "as configured" only when the settings the run used were; otherwise which of them were defaults. */
export function suspectedName(assumed: readonly Assumption[], configured: readonly string[]): string {
  const defaults = assumed.filter((a) => a.kind !== 'modelled' && a.replaceWith.startsWith('cluster_config.'));
  if (defaults.length === 0) return 'as configured';
  if (configured.length === 0) return 'with default settings (none configured)';
  return `as configured (assumed: ${defaults.map((a) => `${a.figure} ${a.value.replace(/ \(.*\)$/, '')}`).join(', ')})`;
}

export function networkAssumptions(f: Facts, nodes: number): Assumption[] {
  const out: Assumption[] = [];
  if (f.metrics?.rtt_ms === undefined && f.metrics?.rtt_p99_ms === undefined) {
    out.push(
      assume('round trip', `${DEFAULT_RTT_MS} ms (a fast LAN)`, 'default', false, 'metrics.rtt_ms and rtt_p99_ms'),
    );
  }
  if (f.nodes === undefined) out.push(assume('nodes', `${nodes}`, 'default', false, 'cluster_config.nodes'));
  return out;
}

export interface Stall {
  readonly ms: number;
  /** The input it came from, or a description of the default. */
  readonly from: string;
  /** Absent when the figure was measured for what the scenario uses it as. */
  readonly assumption?: Assumption | undefined;
  /** A larger spike elsewhere (commit latency above the link's p99) that the measured stall does not explain. */
  readonly larger?: { readonly ms: number; readonly from: string } | undefined;
}

/**
 * The stall the run injects. The figure that measures what the scenario injects comes first: the p99 round trip
 * for a link stall, the longest pause for a leader pause. Without it the largest other spike is used, inferred:
 * commit latency also counts fsync and queueing, and a pause is not a link stall. Without any, a default.
 */
export function stallOf(f: Facts, as: 'link' | 'pause'): Stall {
  const figure = as === 'link' ? 'link stall' : 'leader pause';
  const rtt: Candidate = [f.metrics?.rtt_p99_ms, 'metrics.rtt_p99_ms', 'the p99 round trip'];
  const pause: Candidate = [f.metrics?.gc_pause_max_ms, 'metrics.gc_pause_max_ms', 'the longest pause'];
  const commit: Candidate = [
    f.latency?.p99 !== undefined ? f.latency.p99 * 1000 : undefined,
    f.latency?.source ?? 'metrics.consensus_latency_seconds',
    'the p99 commit latency, which also counts fsync and queueing',
  ];
  const [direct, ...others] = as === 'link' ? [rtt, commit, pause] : [pause, commit, rtt];
  if (direct[0] !== undefined) {
    const over = others
      .filter((c) => c[0] !== undefined && c[0] > (direct[0] ?? 0))
      .sort((a, b) => (b[0] ?? 0) - (a[0] ?? 0))[0];
    const larger = over?.[0] !== undefined ? { ms: round(over[0]), from: over[1] } : undefined;
    return { ms: round(direct[0]), from: direct[1], ...(larger ? { larger } : {}) };
  }
  const replaceWith = direct[1];
  let best: Candidate | undefined;
  for (const c of others) if (c[0] !== undefined && (best?.[0] === undefined || c[0] > best[0])) best = c;
  if (best?.[0] === undefined) {
    return {
      ms: DEFAULT_STALL_MS,
      from: 'default (no measured spike given)',
      assumption: assume(figure, `${DEFAULT_STALL_MS} ms (no spike was measured)`, 'default', true, replaceWith),
    };
  }
  const ms = round(best[0]);
  return {
    ms,
    from: best[1],
    assumption: assume(figure, `${ms} ms, inferred from ${best[1]} (${best[2]})`, 'inferred', true, replaceWith),
  };
}

type Candidate = readonly [number | undefined, string, string];

/** The fault pattern a scenario injects: never measured, but it sets only how often the failure is triggered. */
export function pattern(text: string): Assumption {
  return assume('fault pattern', text, 'modelled', false, 'simulate_cluster_args, to vary it');
}

/** Splits the inputs a plan read into measured and configured, and lists what it assumed. */
export function sourcesOf(derivedFrom: readonly string[], assumed: readonly Assumption[]): PlanSources {
  return {
    measured: derivedFrom.filter((i) => !i.startsWith('cluster_config.')),
    configured: derivedFrom.filter((i) => i.startsWith('cluster_config.')),
    assumed,
  };
}

function assume(
  figure: string,
  value: string,
  kind: AssumptionKind,
  decisive: boolean,
  replaceWith: string,
): Assumption {
  return { figure, value, kind, decisive, replaceWith };
}
