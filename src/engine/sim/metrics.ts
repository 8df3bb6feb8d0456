/** The seed's metrics, with its names and labels, and their Prometheus text exposition. */

export const LATENCY_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5] as const;

export type ElectionResult = 'success' | 'timeout' | 'split_vote';
export type OperationType = 'write' | 'read';

export interface Histogram {
  /** Cumulative counts per bucket upper bound (same order as the bounds), then +Inf = count. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

export interface MetricsSnapshot {
  readonly leader_elections_total: Record<ElectionResult, number>;
  /** By follower id (`node-2`...): age of its applied state behind the leader's at the end of the run. */
  readonly replication_lag_seconds: Record<string, number>;
  readonly consensus_latency_seconds: Record<OperationType, Histogram>;
  readonly partition_events_total: { detected: number; healed: number };
}

export const newHistogram = (): Histogram => ({ buckets: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 });

export function observe(h: Histogram, seconds: number): void {
  for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i++) {
    if (seconds <= (LATENCY_BUCKETS_SECONDS[i] as number)) h.buckets[i] = (h.buckets[i] as number) + 1;
  }
  h.sum += seconds;
  h.count++;
}

const num = (v: number): string => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1e9) / 1e9));

/** Prometheus text exposition format 0.0.4. */
export function toPrometheus(m: MetricsSnapshot): string {
  const lines: string[] = [];
  const head = (name: string, type: string, help: string): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  head('leader_elections_total', 'counter', 'Leader elections by outcome.');
  for (const [result, v] of Object.entries(m.leader_elections_total)) {
    lines.push(`leader_elections_total{result="${result}"} ${v}`);
  }
  head('replication_lag_seconds', 'gauge', 'How far each follower applied state is behind the leader.');
  for (const [id, v] of Object.entries(m.replication_lag_seconds)) {
    lines.push(`replication_lag_seconds{follower_id="${id}"} ${num(v)}`);
  }
  head('consensus_latency_seconds', 'histogram', 'From a request reaching the leader to its commit (or read).');
  for (const [op, h] of Object.entries(m.consensus_latency_seconds)) {
    LATENCY_BUCKETS_SECONDS.forEach((le, i) => {
      lines.push(`consensus_latency_seconds_bucket{operation_type="${op}",le="${le}"} ${h.buckets[i]}`);
    });
    lines.push(`consensus_latency_seconds_bucket{operation_type="${op}",le="+Inf"} ${h.count}`);
    lines.push(`consensus_latency_seconds_sum{operation_type="${op}"} ${num(h.sum)}`);
    lines.push(`consensus_latency_seconds_count{operation_type="${op}"} ${h.count}`);
  }
  head('partition_events_total', 'counter', 'Network partitions begun (detected) and ended (healed).');
  lines.push(`partition_events_total{type="detected"} ${m.partition_events_total.detected}`);
  lines.push(`partition_events_total{type="healed"} ${m.partition_events_total.healed}`);
  return `${lines.join('\n')}\n`;
}
