import { crashQuorumSize } from '../cluster/quorum.js';
import { configError, limitError } from '../errors.js';
import { MAX_SEED } from '../sim/rng.js';
import {
  REPLICATION_DEFAULTS as D,
  REPLICATION_LIMITS as L,
  REPLICATION_MODES,
  type ReplicaLatency,
  type ReplicationSpec,
  type ResolvedReplicationSpec,
} from './types.js';

const within = (path: string, v: number, min: number, max: number): void => {
  if (!(v >= min && v <= max)) throw limitError(path, `must be between ${min} and ${max}, got ${v}`);
};

/**
 * Fills in defaults and rejects what cannot be run, naming the input field (snake_case, as the tool calls it) and
 * saying how to fix it. Zod checks shapes and ranges at the tool boundary; these checks hold for library callers too.
 */
export function resolveReplicationSpec(spec: ReplicationSpec): ResolvedReplicationSpec {
  if (spec.modes.length === 0 || spec.modes.some((m) => !REPLICATION_MODES.includes(m))) {
    throw configError('mode', `use one of ${REPLICATION_MODES.join(', ')} or compare`);
  }
  const latencies = resolveLatencies(spec);
  const replicas = spec.replicas ?? (latencies.length > 0 ? latencies.length : D.replicas);
  within('replicas', replicas, 1, L.replicas);
  const writeRate = spec.writeRate ?? D.writeRate;
  within('write_rate', writeRate, L.minRate, L.writeRate);
  const durationSeconds = spec.durationSeconds ?? D.durationSeconds;
  within('duration_seconds', durationSeconds, 0.001, L.durationSeconds);
  if (writeRate * durationSeconds > L.writes) {
    throw limitError(
      'duration_seconds',
      `write_rate x duration_seconds is ${writeRate * durationSeconds} writes; the limit is ${L.writes}: shorten the run or lower the rate (lag and loss scale linearly with both)`,
    );
  }
  const applyRate = spec.applyRate;
  if (applyRate !== undefined && !(applyRate >= L.minRate)) {
    throw configError(
      'apply_rate',
      `must be at least ${L.minRate} writes per second (got ${applyRate}): a replica that applies nothing never catches up; omit apply_rate for replicas that apply writes as fast as they arrive`,
    );
  }
  if (applyRate !== undefined) within('apply_rate', applyRate, L.minRate, L.applyRate);
  return {
    modes: spec.modes,
    replicas,
    latencies: checkLatencyCount(latencies, replicas, spec),
    writeQuorum: resolveWriteQuorum(spec, replicas),
    writeRate,
    applyRate,
    durationMs: durationSeconds * 1000,
    arrivals: spec.arrivals ?? 'uniform',
    durableOn: spec.durableOn ?? 'apply',
    primaryFailureAtMs: resolvePrimaryFailure(spec.primaryFailureAtSeconds, durationSeconds),
    failures: checkFailures(spec, replicas, durationSeconds),
    seed: checkSeed(spec.seed ?? D.seed),
    seriesPoints: checkSeries(spec.seriesPoints ?? D.seriesPoints),
  };
}

function resolveLatencies(spec: ReplicationSpec): readonly ReplicaLatency[] {
  if (spec.latenciesMs && spec.latencyDistributions) {
    throw configError('latency_distributions', 'give latencies_ms (constant) or latency_distributions, not both');
  }
  if (spec.latenciesMs) {
    spec.latenciesMs.forEach((v, i) => within(`latencies_ms.${i}`, v, 0, L.latencyMs));
    return spec.latenciesMs.map((meanMs) => ({ distribution: 'constant', meanMs, jitterMs: 0 }));
  }
  const dists = spec.latencyDistributions ?? [];
  dists.forEach((d, i) => {
    within(`latency_distributions.${i}.mean_ms`, d.meanMs, 0, L.latencyMs);
    within(`latency_distributions.${i}.jitter_ms`, d.jitterMs, 0, L.latencyMs);
    if (d.distribution === 'lognormal' && d.meanMs === 0 && d.jitterMs > 0) {
      throw configError(`latency_distributions.${i}.mean_ms`, 'a lognormal latency needs a mean above 0');
    }
  });
  return dists;
}

function checkLatencyCount(
  latencies: readonly ReplicaLatency[],
  replicas: number,
  spec: ReplicationSpec,
): readonly ReplicaLatency[] {
  if (latencies.length === 0) {
    // No latencies: shipping and acknowledgment are instantaneous, so lag comes from the apply rate alone.
    return Array.from({ length: replicas }, () => ({ distribution: 'constant', meanMs: 0, jitterMs: 0 }));
  }
  if (latencies.length !== replicas) {
    const field = spec.latenciesMs ? 'latencies_ms' : 'latency_distributions';
    throw configError(
      field,
      `has ${latencies.length} entries but replicas is ${replicas}: give one latency per replica (or omit replicas to use ${latencies.length})`,
    );
  }
  return latencies;
}

function resolveWriteQuorum(spec: ReplicationSpec, replicas: number): number {
  const w = spec.writeQuorum ?? crashQuorumSize(replicas);
  if (!Number.isInteger(w) || w < 1 || w > replicas) {
    throw configError(
      'write_quorum',
      `W = ${w} but there are ${replicas} replicas: W counts replica acknowledgments, so it must be 1..${replicas} (a majority is ${crashQuorumSize(replicas)})`,
    );
  }
  return w;
}

function resolvePrimaryFailure(atSeconds: number | undefined, durationSeconds: number): number | undefined {
  if (atSeconds === undefined) return undefined;
  if (!(atSeconds > 0 && atSeconds <= durationSeconds)) {
    throw configError(
      'primary_failure_at_seconds',
      `must be after 0 and at most duration_seconds (${durationSeconds}), got ${atSeconds}`,
    );
  }
  return atSeconds * 1000;
}

function checkFailures(spec: ReplicationSpec, replicas: number, durationSeconds: number) {
  const failures = spec.replicaFailures ?? [];
  within('replica_failures', failures.length, 0, L.failures);
  failures.forEach((f, i) => {
    if (!Number.isInteger(f.replica) || f.replica < 0 || f.replica >= replicas) {
      throw configError(
        `replica_failures.${i}.replica`,
        `replica ${f.replica + 1} does not exist: replicas are numbered 1..${replicas}`,
      );
    }
    if (!(f.atSeconds >= 0 && f.atSeconds < durationSeconds)) {
      throw configError(
        `replica_failures.${i}.at_seconds`,
        `must be within the run, 0 <= at_seconds < duration_seconds (${durationSeconds}), got ${f.atSeconds}`,
      );
    }
    if (f.durationSeconds !== undefined)
      within(`replica_failures.${i}.duration_seconds`, f.durationSeconds, 0.001, 1e6);
  });
  return failures;
}

function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw limitError('seed', `must be an integer 0..${MAX_SEED}`);
  return seed;
}

function checkSeries(points: number): number {
  if (!Number.isInteger(points)) throw limitError('series_points', 'must be an integer');
  within('series_points', points, 1, L.seriesPoints);
  return points;
}
