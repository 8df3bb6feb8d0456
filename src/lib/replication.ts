import {
  simulateReplication,
  type ModeOutcome,
  type ReplicationMode,
  type ReplicationResult,
  type ReplicationSpec,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

type ReplicationOptions = Omit<ReplicationSpec, 'modes'>;

export interface SyncReplicationResult extends ReplicationResult {
  /** Mean time a write waits for every replica's acknowledgment: the slowest replica's round trip, when constant. */
  readonly totalLatencyMs: number;
  /** The sync mode's outcome: commit latency percentiles, availability, recovery point, consistency. */
  readonly sync: ModeOutcome;
}

export interface AsyncReplicationResult extends ReplicationResult {
  /** The async mode's outcome (commits wait for no replica). */
  readonly async: ModeOutcome;
}

/**
 * Synchronous replication simulated by simulate_replication's engine: a write commits when every replica has
 * acknowledged it. With constant `latenciesMs` [10, 20, 30], `totalLatencyMs` is 30.
 */
export function simulateSyncReplication(options: ReplicationOptions): SyncReplicationResult {
  const result = run('simulateSyncReplication', options, 'sync');
  const sync = outcome(result, 'sync');
  return { ...result, totalLatencyMs: sync.commitLatency?.meanMs ?? Number.NaN, sync };
}

/**
 * Asynchronous replication simulated by simulate_replication's engine: the primary commits at once and replicas
 * apply at `applyRate`; `lagMessages` and `lagSeconds` are the worst replica's backlog at the end. Writing 1000/s
 * against 800/s applied for 60 s leaves 200 x 60 = 12 000 writes behind.
 */
export function simulateAsyncReplication(options: ReplicationOptions): AsyncReplicationResult {
  const result = run('simulateAsyncReplication', options, 'async');
  return { ...result, async: outcome(result, 'async') };
}

const REPLICATION_KEYS = optionKeys<ReplicationOptions>()(
  'replicas',
  'latenciesMs',
  'latencyDistributions',
  'writeQuorum',
  'writeRate',
  'applyRate',
  'durationSeconds',
  'arrivals',
  'durableOn',
  'primaryFailureAtSeconds',
  'replicaFailures',
  'seed',
  'seriesPoints',
);

function run(fn: string, options: ReplicationOptions, mode: ReplicationMode): ReplicationResult {
  checkOptionKeys(fn, options, REPLICATION_KEYS);
  return inLibraryTerms(REPLICATION_KEYS, () => simulateReplication({ ...options, modes: [mode] }));
}

function outcome(result: ReplicationResult, mode: ModeOutcome['mode']): ModeOutcome {
  const found = result.modes.find((m) => m.mode === mode);
  if (!found) throw new Error(`the ${mode} run returned no ${mode} outcome`);
  return found;
}

const SPEC_KEYS = [...REPLICATION_KEYS, 'modes'];

/** simulate_replication's engine: every mode in `modes` on the same workload and the same random draws. */
export function simulateReplicationModes(spec: ReplicationSpec): ReplicationResult {
  checkOptionKeys('simulateReplication', spec, SPEC_KEYS);
  return inLibraryTerms(SPEC_KEYS, () => simulateReplication(spec));
}
