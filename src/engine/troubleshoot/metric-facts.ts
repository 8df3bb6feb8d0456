/** Numbers derived from the metrics: trends of lag series, percentiles from histogram buckets, rates. */
import type { FollowerLag, Metrics } from './types.js';

/** The seed's `consensus_latency_seconds` bucket bounds (le), in seconds; the last bucket is +Inf. */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5] as const;

export interface SeriesTrend {
  readonly first: number;
  readonly last: number;
  /** Least-squares slope times the series length: how much the fitted line rises over the window. */
  readonly fittedRise: number;
  readonly growing: boolean;
}

/**
 * A lag series is growing when the fitted line rises by at least a quarter of the series' peak (and 100 ms), and
 * the last third sits above the first third. A series that oscillates has a small fitted rise however noisy it is.
 */
export function seriesTrend(samples: readonly number[]): SeriesTrend | undefined {
  const n = samples.length;
  if (n < 3) return undefined;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const fittedRise = (num / den) * (n - 1);
  const third = Math.max(1, Math.floor(n / 3));
  const mean = (xs: readonly number[]) => xs.reduce((s, y) => s + y, 0) / xs.length;
  const rising = mean(samples.slice(n - third)) > mean(samples.slice(0, third));
  const peak = Math.max(...samples);
  return {
    first: samples[0] ?? 0,
    last: samples[n - 1] ?? 0,
    fittedRise,
    growing: rising && fittedRise >= Math.max(0.1, 0.25 * peak),
  };
}

export interface LagFacts {
  readonly follower: string;
  readonly current: number;
  readonly trend?: SeriesTrend | undefined;
  readonly index: number;
}

export function lagFacts(lags: readonly FollowerLag[] | undefined): LagFacts[] {
  return (lags ?? []).flatMap((l, index) => {
    const current = l.samples && l.samples.length > 0 ? (l.samples[l.samples.length - 1] ?? 0) : l.lag_seconds;
    if (current === undefined) return [];
    return [{ follower: l.follower_id, current, trend: l.samples ? seriesTrend(l.samples) : undefined, index }];
  });
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside the bucket as Prometheus'
 * `histogram_quantile` does; a quantile in the +Inf bucket is reported as the highest finite bound (a floor).
 */
export function histogramQuantile(
  q: number,
  cumulative: readonly number[],
): { value: number; floor: boolean } | undefined {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let prev = 0;
  for (let i = 0; i < cumulative.length; i++) {
    const count = cumulative[i] ?? 0;
    const upper = LATENCY_BUCKETS_SECONDS[i];
    if (upper === undefined) return { value: lower, floor: true };
    if (count >= rank) {
      const inBucket = count - prev;
      return { value: inBucket > 0 ? lower + ((upper - lower) * (rank - prev)) / inBucket : upper, floor: false };
    }
    lower = upper;
    prev = count;
  }
  return { value: lower, floor: true };
}

export interface LatencyFacts {
  readonly p50?: number | undefined;
  readonly p99?: number | undefined;
  /** true when p99 fell in the +Inf bucket, so the value is only a lower bound. */
  readonly p99Floor: boolean;
  readonly source: string;
  readonly baselineP99?: number | undefined;
}

export function latencyFacts(metrics: Metrics | undefined): LatencyFacts | undefined {
  const l = metrics?.consensus_latency_seconds;
  if (!l) return undefined;
  const buckets = l.bucket_counts;
  const fromBuckets = buckets && buckets.length > 0;
  const p99b = fromBuckets ? histogramQuantile(0.99, buckets) : undefined;
  const p50 = l.p50 ?? (fromBuckets ? histogramQuantile(0.5, buckets)?.value : undefined);
  const p99 = l.p99 ?? p99b?.value;
  if (p50 === undefined && p99 === undefined) return undefined;
  return {
    p50,
    p99,
    p99Floor: l.p99 === undefined && (p99b?.floor ?? false),
    source:
      l.p99 !== undefined || l.p50 !== undefined
        ? 'metrics.consensus_latency_seconds'
        : 'metrics.consensus_latency_seconds.bucket_counts',
    baselineP99: l.baseline_p99,
  };
}

export interface ElectionFacts {
  readonly total: number;
  readonly success: number;
  readonly timeout: number;
  readonly splitVote: number;
  readonly perMinute: number;
  readonly windowSeconds: number;
}

export function electionFacts(metrics: Metrics | undefined): ElectionFacts | undefined {
  const e = metrics?.leader_elections_total;
  if (!metrics || !e) return undefined;
  const success = e.success ?? 0;
  const timeout = e.timeout ?? 0;
  const splitVote = e.split_vote ?? 0;
  const total = success + timeout + splitVote;
  return {
    total,
    success,
    timeout,
    splitVote,
    perMinute: total / (metrics.window_seconds / 60),
    windowSeconds: metrics.window_seconds,
  };
}

/** Share of load on the hottest partition against the mean: 1 is perfectly even. */
export function loadImbalance(
  load: Metrics['partition_load'],
): { hottest: string; ratio: number; share: number; hottestIndex: number; lastIsHottest: boolean } | undefined {
  if (!load || load.length < 2) return undefined;
  const total = load.reduce((s, p) => s + p.ops_per_second, 0);
  if (total <= 0) return undefined;
  let hottestIndex = 0;
  load.forEach((p, i) => {
    if (p.ops_per_second > (load[hottestIndex]?.ops_per_second ?? 0)) hottestIndex = i;
  });
  const hottest = load[hottestIndex];
  const max = hottest?.ops_per_second ?? 0;
  return {
    hottest: hottest?.partition ?? '',
    ratio: max / (total / load.length),
    share: max / total,
    hottestIndex,
    lastIsHottest: hottestIndex === load.length - 1,
  };
}
