import { assert } from '../errors.js';
import { latencySampler } from '../sim/latency.js';
import { roundMicros } from '../sim/retry.js';
import { Rng } from '../sim/rng.js';
import { CommitLog, acksRequired, commitTime } from './commit.js';
import { PrefixCounter } from './counters.js';
import { replicaOutages, type ReplicaOutages } from './outages.js';
import { ReplicaPipeline } from './pipeline.js';
import type { ReplicaLatency, ResolvedReplicationSpec } from './types.js';

/** What one replica's stream looked like, gathered in the single pass over the writes. */
export interface ReplicaTally {
  /** Applied strictly before each series instant (the last instant is the end of the run). */
  readonly applied: PrefixCounter;
  /**
   * Received (held durably) strictly before the end of the run: the primary failure, or the end of the duration (the
   * failure the RPO assumes when none is given).
   */
  readonly held: PrefixCounter;
  /** Sum and count of apply time minus arrival time at the primary, over writes applied at all. */
  delaySumMs: number;
  delayCount: number;
}

/** Everything the report needs once every write has gone through. */
export interface ReplicationTally {
  readonly spec: ResolvedReplicationSpec;
  readonly endMs: number;
  readonly instantsMs: readonly number[];
  readonly written: PrefixCounter;
  readonly replicas: readonly ReplicaTally[];
  readonly commits: readonly CommitLog[];
  readonly outages: readonly ReplicaOutages[];
  readonly writes: number;
}

/** Shortest time one latency draw holds, ms. */
const MIN_EPOCH_MS = 1;

const samplerFor = (l: ReplicaLatency): ((rng: Rng) => number) =>
  // A constant latency is taken as given (0 included: "no network"), where the kernel's sampler floors it at 1 us.
  l.distribution === 'constant' || l.jitterMs === 0 ? () => roundMicros(l.meanMs) : latencySampler(l);

/**
 * A replication run as an incremental job over the writes in arrival order: `advance(budget)` pushes at most
 * `budget` writes through every replica's pipeline and every mode's commit rule. The replicas' streams do not depend
 * on the mode (the primary ships every write the moment it arrives, whatever it waits for), so one pass with one set
 * of draws serves all modes: `compare` sees exactly the runs each mode would see alone (common random numbers).
 */
export class ReplicationJob {
  private readonly arrivalRng: Rng;
  private readonly latencyRngs: Rng[];
  private readonly samplers: ((rng: Rng) => number)[];
  /** Per replica: how long one drawn delay holds, the epoch it was drawn for, and the delay. */
  private readonly epochMs: number[];
  private readonly epochIndex: number[];
  private readonly epochRttMs: number[];
  private readonly pipelines: ReplicaPipeline[];
  private readonly acks: Float64Array;
  private readonly scratch: Float64Array;
  private readonly tally: ReplicationTally;
  private nextArrivalMs: number;
  private writes = 0;
  private finished = false;

  constructor(readonly spec: ResolvedReplicationSpec) {
    const failureAt = spec.primaryFailureAtMs;
    const endMs = Math.min(spec.durationMs, failureAt ?? Infinity);
    // Streams are forked in a fixed order, replicas last, so adding a replica never changes another's draws.
    const root = Rng.fromSeed(spec.seed);
    this.arrivalRng = root.fork();
    this.latencyRngs = spec.latencies.map(() => root.fork());
    this.samplers = spec.latencies.map(samplerFor);
    this.epochMs = spec.latencies.map((l) => Math.max(MIN_EPOCH_MS, l.meanMs));
    this.epochIndex = spec.latencies.map(() => -1);
    this.epochRttMs = spec.latencies.map(() => 0);
    const outages = replicaOutages(spec.failures, spec.replicas);
    const spacingMs = spec.applyRate === undefined ? 0 : 1000 / spec.applyRate;
    this.pipelines = outages.map((o) => new ReplicaPipeline(spec.durableOn, spacingMs, o));
    this.acks = new Float64Array(spec.replicas);
    this.scratch = new Float64Array(spec.replicas);
    const instantsMs = Array.from({ length: spec.seriesPoints }, (_, i) =>
      roundMicros((endMs * (i + 1)) / spec.seriesPoints),
    );
    this.tally = {
      spec,
      endMs,
      instantsMs,
      written: new PrefixCounter(instantsMs),
      replicas: outages.map(() => ({
        applied: new PrefixCounter(instantsMs),
        held: new PrefixCounter([endMs]),
        delaySumMs: 0,
        delayCount: 0,
      })),
      commits: spec.modes.map(
        (mode) =>
          new CommitLog(mode, acksRequired(mode, spec.replicas, spec.writeQuorum), failureAt ?? Infinity, endMs),
      ),
      outages,
      writes: 0,
    };
    this.nextArrivalMs = this.firstArrival();
  }

  /** Processes at most `budget` writes; true once every write of the run has gone through. */
  advance(budget: number): boolean {
    if (this.finished) return true;
    const { endMs } = this.tally;
    for (let i = 0; i < budget; i++) {
      const sentMs = this.nextArrivalMs;
      if (!(sentMs < endMs)) return this.finish();
      this.step(sentMs);
      this.writes++;
      this.nextArrivalMs = this.arrivalAfter(sentMs);
      assert(this.nextArrivalMs >= sentMs, 'arrivals come in time order');
    }
    return false;
  }

  progress(): { done: number; total: number; message: string } {
    const done = Math.floor(Math.min(this.nextArrivalMs, this.tally.endMs));
    return {
      done,
      total: this.tally.endMs,
      message: `${done} of ${this.tally.endMs} virtual ms, ${this.writes} writes`,
    };
  }

  get done(): boolean {
    return this.finished;
  }

  /** The gathered figures; only once the job is done. */
  result(): ReplicationTally {
    assert(this.finished, 'result() before the job finished');
    return { ...this.tally, writes: this.writes };
  }

  private step(sentMs: number): void {
    const { replicas, written, commits } = this.tally;
    written.offer(sentMs, sentMs);
    for (let r = 0; r < this.pipelines.length; r++) {
      const pipeline = this.pipelines[r] as ReplicaPipeline;
      this.acks[r] = pipeline.step(sentMs, this.roundTripMs(r, sentMs));
      const tally = replicas[r] as ReplicaTally;
      tally.applied.offer(pipeline.applyMs, sentMs);
      tally.held.offer(pipeline.recvMs, sentMs);
      if (pipeline.applyMs !== Infinity) {
        tally.delaySumMs += pipeline.applyMs - sentMs;
        tally.delayCount++;
      }
    }
    for (const log of commits) log.record(sentMs, commitTime(sentMs, this.acks, log.required, this.scratch));
  }

  /**
   * The round trip a write sent now sees. A link's delay drifts from one round trip to the next, not from one write
   * to the next: writes sent within one epoch (the replica's mean round trip) share a draw, and each epoch draws
   * afresh from the replica's distribution, so every write's latency still follows that distribution. Independent
   * draws per write would be unphysical on an in-order stream: at 10 000 writes/s with a few ms of jitter each write
   * would wait for the slowest of the hundred before it, inflating every percentile.
   */
  private roundTripMs(r: number, sentMs: number): number {
    const epoch = Math.floor(sentMs / (this.epochMs[r] as number));
    if (epoch !== this.epochIndex[r]) {
      this.epochIndex[r] = epoch;
      this.epochRttMs[r] = (this.samplers[r] as (rng: Rng) => number)(this.latencyRngs[r] as Rng);
    }
    return this.epochRttMs[r] as number;
  }

  private firstArrival(): number {
    return this.spec.arrivals === 'uniform' ? 0 : roundMicros(this.arrivalRng.exponential(1000 / this.spec.writeRate));
  }

  private arrivalAfter(prevMs: number): number {
    if (this.spec.arrivals === 'poisson') {
      return roundMicros(prevMs + this.arrivalRng.exponential(1000 / this.spec.writeRate));
    }
    // Evenly spaced, computed from the index rather than summed, so no rounding drifts over millions of writes.
    return roundMicros((this.writes * 1000) / this.spec.writeRate);
  }

  private finish(): true {
    this.finished = true;
    this.tally.written.finish();
    for (const r of this.tally.replicas) {
      r.applied.finish();
      r.held.finish();
    }
    return true;
  }
}
