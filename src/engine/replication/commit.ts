import { roundMicros } from '../sim/retry.js';
import type { ReplicationMode } from './types.js';

/** Replica acknowledgments a write needs before the primary acknowledges it to the client. */
export function acksRequired(mode: ReplicationMode, replicas: number, writeQuorum: number): number {
  switch (mode) {
    case 'sync':
      return replicas;
    case 'semi_sync':
      return 1;
    case 'quorum':
      return writeQuorum;
    case 'async':
      return 0;
  }
}

/**
 * The instant the `required`-th acknowledgment arrives: the slowest for sync, the first for semi-sync, the W-th for
 * a quorum, the write itself for async (the primary's own durable write is not modelled, it is the same in every mode).
 * `scratch` is reused between writes to keep the hot loop allocation-free.
 */
export function commitTime(sentMs: number, acksMs: Float64Array, required: number, scratch: Float64Array): number {
  if (required === 0) return sentMs;
  const n = acksMs.length;
  if (required === n) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, acksMs[i] as number);
    return max;
  }
  if (required === 1) {
    let min = Infinity;
    for (let i = 0; i < n; i++) min = Math.min(min, acksMs[i] as number);
    return min;
  }
  // Insertion sort of at most 16 values: cheaper than anything cleverer at this size.
  for (let i = 0; i < n; i++) {
    const v = acksMs[i] as number;
    let j = i - 1;
    while (j >= 0 && (scratch[j] as number) > v) {
      scratch[j + 1] = scratch[j] as number;
      j--;
    }
    scratch[j + 1] = v;
  }
  return scratch[required - 1] as number;
}

/** Commit latencies of one mode, kept to compute exact percentiles at the end. */
export class CommitLog {
  private latencies = new Float64Array(1024);
  count = 0;
  sumMs = 0;
  private minMs = Infinity;
  private maxMs = -Infinity;
  /** Writes acknowledged to their client strictly before the primary failed (all, when it does not fail). */
  ackedBeforeFailure = 0;
  /** Writes that never commit: a needed replica never came back, or the primary failed first. */
  neverCommitted = 0;
  /** Of those, the writes a replica would still have acknowledged had the primary not failed first. */
  inFlightAtPrimaryFailure = 0;
  /**
   * Writes acknowledged strictly before the run ended (the primary failure, or the end of the duration): what a
   * failure at the end of the run would put at risk. Equal to `ackedBeforeFailure` when the primary fails.
   */
  ackedBeforeEnd = 0;

  constructor(
    readonly mode: ReplicationMode,
    readonly required: number,
    private readonly primaryFailureAtMs: number,
    private readonly endMs: number,
  ) {}

  record(sentMs: number, commitMs: number): void {
    if (commitMs === Infinity || commitMs >= this.primaryFailureAtMs) {
      this.neverCommitted++;
      if (commitMs !== Infinity) this.inFlightAtPrimaryFailure++;
      return;
    }
    this.ackedBeforeFailure++;
    if (commitMs < this.endMs) this.ackedBeforeEnd++;
    const latency = roundMicros(commitMs - sentMs);
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = latency;
    this.sumMs += latency;
    if (latency < this.minMs) this.minMs = latency;
    if (latency > this.maxMs) this.maxMs = latency;
  }

  /** Nearest-rank percentiles (the kernel's definition) over committed writes; null when none committed. */
  summary(): { meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; minMs: number } | null {
    if (this.count === 0) return null;
    const { minMs, maxMs } = this;
    // Every write took the same time (constant latencies, no failures): nothing to sort.
    if (minMs === maxMs) return { meanMs: minMs, p50Ms: minMs, p95Ms: minMs, p99Ms: minMs, maxMs, minMs };
    const sorted = this.latencies.subarray(0, this.count).sort();
    const at = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
    return {
      meanMs: roundMicros(this.sumMs / this.count),
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: sorted[sorted.length - 1] as number,
      minMs: sorted[0] as number,
    };
  }
}
