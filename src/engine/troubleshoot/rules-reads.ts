/** Evidence for stale reads and for replication lag that grows instead of draining. */
import type { QuorumCheck } from '../cluster/quorum-checks.js';
import { Evidence, W } from './evidence.js';
import { round, type Facts } from './facts.js';
import type { Finding } from './types.js';

const FOLLOWER_READS: ReadonlySet<string> = new Set(['followers', 'any_replica']);

/** The quorum engine's verdict on R + W > N or W > N/2, when the config gave the quorums. */
export function quorumCheck(
  f: Facts,
  rule: 'read_write_quorum_overlap' | 'write_quorum_overlap',
): QuorumCheck | undefined {
  return f.cluster?.quorumChecks.find((c) => c.rule === rule);
}

export function staleReadFindings(f: Facts): Finding[] {
  const e = new Evidence('stale_reads');
  const stale = f.metrics?.stale_reads_total;
  const answered = f.answers.reads_return_old_values;
  const seen = (stale !== undefined && stale > 0) || answered === true;
  if (stale !== undefined && stale > 0) {
    e.supports(2.5, 'metrics.stale_reads_total', `${stale} read(s) returned values older than an acknowledged write.`);
  } else if (stale !== undefined)
    e.contradicts(W.moderate, 'metrics.stale_reads_total', 'no stale read was counted in the window.');
  if (answered === true)
    e.supports(W.moderate, 'answers.reads_return_old_values', 'reads were seen returning old values.');
  if (answered === false) {
    e.contradicts(W.moderate, 'answers.reads_return_old_values', 'reads were checked and return the latest value.');
  }
  // The rule: lag growing while reads return old values means the reads come from lagging followers.
  const g = f.lags.find((l) => l.trend?.growing);
  if (g?.trend && seen) {
    e.supports(
      W.strong,
      `metrics.replication_lag_seconds[${g.index}].samples`,
      `lag on ${g.follower} grows from ${round(g.trend.first)} s to ${round(g.trend.last)} s while reads return old values: the reads are served by followers that fall behind.`,
      'follower_reads_lag',
    );
  }
  readPathEvidence(e, f, seen);
  return e.findings;
}

function readPathEvidence(e: Evidence, f: Facts, seen: boolean): void {
  const maxLag = Math.max(0, ...f.lags.map((l) => l.current));
  const readFrom = f.config.read_from;
  const rw = quorumCheck(f, 'read_write_quorum_overlap');
  if (readFrom !== undefined && FOLLOWER_READS.has(readFrom)) {
    const lagging = maxLag >= 1;
    e.supports(
      lagging ? W.moderate : W.weak,
      lagging ? 'cluster_config.read_from, metrics.replication_lag_seconds' : 'cluster_config.read_from',
      `reads go to ${readFrom.replace('_', ' ')}` +
        (lagging ? ` and a follower lags ${round(maxLag)} s behind.` : ': any lag is visible to readers.'),
      'follower_reads_lag',
    );
  } else if (readFrom === 'leader' && rw?.held !== false) {
    e.contradicts(1.5, 'cluster_config.read_from', 'reads go through the leader, which holds every committed write.');
  }
  const quorums = 'cluster_config.read_quorum, cluster_config.write_quorum';
  if (rw?.held === false) e.supports(2.5, quorums, rw.message, 'non_overlapping_quorums');
  else if (rw) e.contradicts(W.weak, quorums, rw.message);
  const ev = f.events;
  if (ev && (ev.staleLeaderWrites.length > 0 || ev.duplicateLeaders.length > 0) && readFrom !== 'followers') {
    e.supports(
      1.5,
      'events (leader_elected, log_replicated)',
      'the events show a deposed leader still acting, and it may answer reads with what it has.',
      'stale_leader_reads',
    );
  }
  const skew = f.metrics?.clock_skew_ms;
  const bound = f.config.clock_skew_bound_ms;
  if (readFrom === 'leader_lease' && skew !== undefined && bound !== undefined && skew > bound) {
    e.supports(
      W.moderate,
      'cluster_config.read_from, metrics.clock_skew_ms, cluster_config.clock_skew_bound_ms',
      `lease reads with clock skew ${skew} ms beyond the ${bound} ms bound: an old leaseholder can believe its lease still holds.`,
      'lease_clock_skew',
    );
  }
  if (f.lags.length > 0 && maxLag < 0.05 && !seen) {
    e.contradicts(
      1.5,
      'metrics.replication_lag_seconds',
      `every follower is within ${round(maxLag * 1000)} ms of the leader.`,
    );
  }
}

/** The seed's async replication arithmetic: the backlog grows by (write - apply) entries per second. */
export function lagGrowthFindings(f: Facts): Finding[] {
  const e = new Evidence('replication_lag_growth');
  const growing = f.lags.filter((l) => l.trend?.growing);
  const withTrend = f.lags.filter((l) => l.trend);
  const some = growing.length < f.lags.length;
  for (const g of growing.slice(0, 3)) {
    e.supports(
      W.strong,
      `metrics.replication_lag_seconds[${g.index}].samples`,
      `lag on ${g.follower} rises from ${round(g.trend?.first ?? 0)} s to ${round(g.trend?.last ?? 0)} s (fitted rise ${round(g.trend?.fittedRise ?? 0)} s over the window)` +
        (some ? ` while ${f.lags.length - growing.length} other follower(s) keep up.` : '.'),
      some ? 'slow_follower' : 'apply_slower_than_writes',
    );
  }
  if (growing.length === 0 && withTrend.length > 0) {
    const names = withTrend.map((l) => l.follower).join(', ');
    e.contradicts(2.5, 'metrics.replication_lag_seconds', `lag on ${names} oscillates without a rising trend.`);
  } else if (growing.length === 0 && f.lags.length > 0) {
    const maxLag = Math.max(...f.lags.map((l) => l.current));
    const input = 'metrics.replication_lag_seconds';
    if (maxLag >= 10) {
      e.supports(
        W.weak,
        input,
        `a follower is ${round(maxLag)} s behind (a single reading: give samples to see the trend).`,
      );
    } else if (maxLag < 0.1) e.contradicts(W.moderate, input, `every follower is within ${round(maxLag * 1000)} ms.`);
  }
  rateEvidence(e, f);
  const loss = f.metrics?.packet_loss_ratio;
  if (loss !== undefined && loss >= 0.01) {
    e.supports(
      W.weak,
      'metrics.packet_loss_ratio',
      `${round(loss * 100)}% packet loss slows the replication stream (retransmits).`,
      'network_bandwidth',
    );
  }
  return e.findings;
}

function rateEvidence(e: Evidence, f: Facts): void {
  const w = f.metrics?.write_rate_per_second;
  const a = f.metrics?.apply_rate_per_second;
  if (w === undefined || a === undefined || a <= 0) return;
  const input = 'metrics.write_rate_per_second, metrics.apply_rate_per_second';
  if (w <= a) {
    e.contradicts(1.5, input, `the follower applies ${a}/s, at least the ${w}/s written: any backlog drains.`);
    return;
  }
  const window = f.metrics?.window_seconds ?? 60;
  e.supports(
    W.strong,
    input,
    `writes arrive at ${w}/s and the slowest follower applies ${a}/s: the backlog grows by ${round(w - a)} entries/s (${round((w - a) * window)} over the ${window} s window) and the lag by ${round((w - a) / a)} s every second.`,
    'apply_slower_than_writes',
  );
}
