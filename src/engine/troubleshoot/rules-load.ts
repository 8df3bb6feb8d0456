/** Evidence for load problems: commit latency spikes, hot partitions, retry storms. */
import { Evidence, W } from './evidence.js';
import { round, type Facts } from './facts.js';
import { loadImbalance } from './metric-facts.js';
import type { Finding } from './types.js';

/** etcd's hardware guidance: a WAL fsync p99 above 10 ms slows every commit. */
const FSYNC_SLOW_MS = 10;

export function latencyFindings(f: Facts): Finding[] {
  const e = new Evidence('commit_latency_spikes');
  const lat = f.latency;
  const p99 = lat?.p99;
  const src = lat?.source ?? 'metrics.consensus_latency_seconds';
  if (lat?.p50 !== undefined && p99 !== undefined && lat.p50 > 0) {
    const ratio = p99 / lat.p50;
    const text = `p99 ${round(p99 * 1000)} ms${lat.p99Floor ? ' or more' : ''} is ${round(ratio)}x the p50 of ${round(lat.p50 * 1000)} ms`;
    if (ratio >= 10) e.supports(2.5, src, `${text}: a heavy tail.`);
    else if (ratio >= 5) e.supports(1.5, src, `${text}.`);
    else if (ratio <= 3 && p99 < 0.05) e.contradicts(2.5, src, `${text}, under 50 ms: no spike.`);
  }
  const base = lat?.baselineP99;
  if (p99 !== undefined && base !== undefined && base > 0) {
    const input = `${src}, metrics.consensus_latency_seconds.baseline_p99`;
    const ratio = p99 / base;
    const change = `${round(base * 1000)} -> ${round(p99 * 1000)} ms`;
    if (ratio >= 3) e.supports(2.5, input, `p99 is ${round(ratio)}x its healthy baseline (${change}).`);
    else if (ratio <= 1.5) e.contradicts(W.moderate, input, `p99 is within 1.5x its baseline (${change}).`);
  }
  if (lat?.p99Floor) e.supports(W.weak, src, 'over 1% of commits took longer than the largest bucket (0.5 s).');
  const el = f.elections;
  if (el && el.total > 0 && p99 !== undefined && p99 >= 0.05) {
    e.supports(
      1.5,
      'metrics.leader_elections_total',
      `${el.total} election(s) in the window: requests wait out each leaderless gap.`,
      'leader_changes',
    );
  }
  latencyCauseEvidence(e, f, p99 === undefined ? undefined : p99 * 1000);
  return e.findings;
}

function latencyCauseEvidence(e: Evidence, f: Facts, p99Ms: number | undefined): void {
  const fsync = f.metrics?.fsync_p99_ms;
  if (fsync !== undefined && (fsync >= FSYNC_SLOW_MS || (p99Ms !== undefined && fsync >= 0.3 * p99Ms))) {
    const share = p99Ms !== undefined ? `, ${round((fsync / p99Ms) * 100)}% of the commit p99` : '';
    e.supports(
      W.moderate,
      'metrics.fsync_p99_ms',
      `fsync p99 is ${fsync} ms${share} (etcd asks for under ${FSYNC_SLOW_MS} ms).`,
      'slow_fsync',
    );
  }
  const pause = f.metrics?.gc_pause_max_ms;
  if (pause !== undefined && p99Ms !== undefined && pause >= 0.5 * p99Ms) {
    e.supports(
      W.moderate,
      'metrics.gc_pause_max_ms',
      `pauses of up to ${pause} ms match the ${round(p99Ms)} ms tail.`,
      'gc_pauses',
    );
  }
  const regions = f.config.regions?.length ?? 0;
  if (regions >= 2 && f.rtt && f.rtt.ms >= 20) {
    e.supports(
      W.weak,
      `cluster_config.regions, ${f.rtt.input}`,
      `the quorum spans ${regions} regions ${f.rtt.ms} ms apart: every commit waits for a cross-region acknowledgement.`,
      'wan_quorum',
    );
  }
  const cpu = f.metrics?.cpu_utilization;
  if (cpu !== undefined && cpu >= 0.85) {
    e.supports(
      1.5,
      'metrics.cpu_utilization',
      `the busiest node runs at ${round(cpu * 100)}% CPU: requests queue.`,
      'saturation',
    );
  }
  if (f.cluster?.warnings.some((w) => w.code === 'large_voting_group')) {
    e.supports(
      0.5,
      'cluster_config.nodes',
      `${f.nodes} voters: every commit waits for ${f.quorum} acknowledgements.`,
      'saturation',
    );
  }
}

export function hotPartitionFindings(f: Facts): Finding[] {
  const e = new Evidence('hot_partition');
  const imb = loadImbalance(f.metrics?.partition_load);
  const share = f.metrics?.hot_key_share;
  if (imb) {
    const monotonic = f.config.partitioning === 'range' && imb.lastIsHottest;
    const vnodes = f.config.partitioning === 'hash' && (share ?? 0) < 0.05;
    const cause = monotonic ? 'monotonic_keys' : vnodes ? 'too_few_vnodes' : 'skewed_keys';
    const input = `metrics.partition_load[${imb.hottestIndex}]`;
    const text = `partition ${imb.hottest} carries ${round(imb.share * 100)}% of the load, ${round(imb.ratio)}x the mean`;
    const tail = monotonic ? ', and it is the last range: inserts with increasing keys all land there.' : '.';
    if (imb.ratio >= 3) e.supports(W.strong, input, text + tail, cause);
    else if (imb.ratio >= 1.5) e.supports(1.5, input, text + tail, cause);
    else if (imb.ratio <= 1.2) e.contradicts(2.5, 'metrics.partition_load', `${text}: load is even.`);
  }
  if (share !== undefined && share >= 0.1) {
    e.supports(2.5, 'metrics.hot_key_share', `one key takes ${round(share * 100)}% of requests.`, 'skewed_keys');
  } else if (share !== undefined && share <= 0.01) {
    e.contradicts(W.weak, 'metrics.hot_key_share', `no key takes more than ${round(share * 100)}% of requests.`);
  }
  return e.findings;
}

export function retryStormFindings(f: Facts): Finding[] {
  const e = new Evidence('retry_storm');
  const req = f.metrics?.requests_per_second;
  const ret = f.metrics?.retries_per_second;
  const ratio = req !== undefined && ret !== undefined && req > 0 ? ret / req : undefined;
  if (ratio !== undefined) {
    const input = 'metrics.retries_per_second, metrics.requests_per_second';
    const text = `${ret} retries/s against ${req} requests/s (${round(ratio * 100)}%)`;
    if (ratio >= 1)
      e.supports(
        W.strong,
        input,
        `${text}: retries outnumber first attempts, multiplying the load ${round(1 + ratio)}x.`,
      );
    else if (ratio >= 0.3) e.supports(1.5, input, `${text}.`);
    else if (ratio < 0.05)
      e.contradicts(ratio < 0.01 ? W.strong : W.moderate, input, `${text}: retries are not what loads the system.`);
  }
  retryPolicyEvidence(e, f);
  const el = f.elections;
  if (el && el.total > 0 && ratio !== undefined && ratio >= 0.3) {
    e.supports(
      W.weak,
      'metrics.leader_elections_total',
      `${el.total} leader change(s) in the window: clients that lost the leader retry together against the new one.`,
      'synchronized_retries',
    );
  }
  return e.findings;
}

/** The seed's policy is the reference: 50 ms first delay, x2, 10 s cap, jitter 0.25, at most 10 attempts. */
function retryPolicyEvidence(e: Evidence, f: Facts): void {
  const { retry_multiplier: mult, retry_jitter: jitter, retry_max_attempts: attempts, retry_layers: layers } = f.config;
  if (mult !== undefined && mult <= 1) {
    e.supports(
      W.moderate,
      'cluster_config.retry_multiplier',
      `multiplier ${mult}: retries come at a fixed pace however long the outage lasts.`,
      'no_backoff',
    );
  }
  if (jitter === 0) {
    e.supports(
      1.5,
      'cluster_config.retry_jitter',
      'no jitter: clients that failed together retry together.',
      'synchronized_retries',
    );
  }
  // Attempts multiply across layers that each retry: 3 layers of 3 attempts turn one request into 27 calls.
  const amplification = attempts === undefined ? 0 : attempts ** (layers ?? 1);
  if (amplification >= 27) {
    e.supports(
      1.5,
      'cluster_config.retry_max_attempts' + (layers ? ', cluster_config.retry_layers' : ''),
      `${attempts} attempts${layers ? ` at each of ${layers} layers` : ''}: one failing request can become ${amplification} calls to the bottom layer.`,
      'no_backoff',
    );
  }
  const seedLike = (mult ?? 0) >= 2 && (jitter ?? 0) >= 0.2 && (attempts ?? 10) <= 10 && (layers ?? 1) <= 1;
  if (seedLike)
    e.contradicts(
      W.weak,
      'cluster_config.retry_*',
      'the retry policy backs off exponentially with jitter at a single layer.',
    );
}
