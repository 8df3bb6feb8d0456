/**
 * The troubleshoot tool's input schema. Kept apart from the tool because it is long: every field described and
 * bounded, the metric names and labels those of the seed skill, log records in the seed log schema.
 */
import { z } from 'zod';
import {
  CONFLICT_STRATEGIES,
  ISSUE_IDS,
  LOG_EVENTS,
  MAX_EVENTS,
  MAX_NODES,
  MAX_SEED,
  MAX_SYMPTOM_CHARS,
  PARTITIONING_SCHEMES,
  PROTOCOLS,
  READ_PATHS,
  REPLICATION_MODES,
} from '../engine/index.js';
import { toolInput } from './define-tool.js';

const HOUR_MS = 3_600_000;
const count = (what: string) => z.int().min(0).max(1e12).optional().describe(`${what}, 0..1e12.`);
const ms = (what: string, max = HOUR_MS) => z.number().min(0).max(max).optional().describe(`${what}, 0..${max} ms.`);
const seconds = (what: string, max = 86_400) => z.number().min(0).max(max).optional().describe(`${what}, 0..${max} s.`);
const ratio = (what: string) => z.number().min(0).max(1).optional().describe(`${what}, 0..1.`);
const rate = (what: string) => z.number().min(0).max(1e9).optional().describe(`${what}, 0..1e9 per second.`);
const quorum = (what: string) => z.int().min(1).max(MAX_NODES).optional().describe(`${what}, 1..${MAX_NODES}.`);

const clusterConfig = z
  .strictObject({
    protocol: z.enum(PROTOCOLS).optional().describe('Replication protocol in use.'),
    nodes: z.int().min(1).max(MAX_NODES).optional().describe(`Voting nodes (replicas), 1..${MAX_NODES}.`),
    byzantine: z.boolean().optional().describe('true if nodes may lie (quorums sized for 3f+1).'),
    regions: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(64).describe('Region or failure-domain name.'),
          nodes: z.int().min(0).max(MAX_NODES).optional().describe('Nodes in it; give for every region or none.'),
        }),
      )
      .min(1)
      .max(32)
      .optional()
      .describe('Placement over 1..32 regions (same shape as validate_cluster).'),
    quorum_size: quorum('The quorum the system is configured to wait for (votes or acks)'),
    read_quorum: quorum('Read quorum R'),
    write_quorum: quorum('Write quorum W'),
    election_timeout_min_ms: ms('Lower end of the randomised election timeout', 600_000),
    election_timeout_max_ms: ms('Upper end of the randomised election timeout', 600_000),
    heartbeat_ms: ms('Leader heartbeat interval', 60_000),
    pre_vote: z.boolean().optional().describe('Raft PreVote enabled.'),
    check_quorum: z.boolean().optional().describe('Raft CheckQuorum enabled.'),
    read_from: z
      .enum(READ_PATHS)
      .optional()
      .describe('Where reads are served: leader (ReadIndex), leader_lease, followers, any_replica.'),
    replication_mode: z
      .enum(REPLICATION_MODES)
      .optional()
      .describe('When a write is acknowledged: sync (all), quorum (majority), semi_sync (one replica), async.'),
    conflict_resolution: z.enum(CONFLICT_STRATEGIES).optional().describe('How concurrent writes are reconciled.'),
    clock_skew_bound_ms: ms('Clock offset the system assumes (lease margin, LWW tolerance, max-offset)'),
    lock_timeout_ms: ms('Lock wait timeout; 0 means waiters wait forever'),
    partitioning: z.enum(PARTITIONING_SCHEMES).optional().describe('Partitioning scheme of the keyspace.'),
    retry_max_attempts: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('Client attempts per request including the first, 1..100.'),
    retry_initial_delay_ms: ms('First retry delay', 600_000),
    retry_multiplier: z.number().min(1).max(10).optional().describe('Backoff multiplier, 1..10 (1 = no backoff).'),
    retry_jitter: ratio('Jitter factor on each delay (0 = none)'),
    retry_layers: z
      .int()
      .min(1)
      .max(6)
      .optional()
      .describe('Layers that each retry (client, proxy, service...), 1..6.'),
  })
  .describe('What you know of the cluster; every field optional.');

const metrics = z
  .strictObject({
    window_seconds: z
      .int()
      .min(1)
      .max(2_592_000)
      .default(3600)
      .describe('Window the counters cover (their increase over it), 1..2592000 s; default 3600 (increase(...[1h])).'),
    leader_elections_total: z
      .strictObject({
        success: count('result="success"'),
        timeout: count('result="timeout"'),
        split_vote: count('result="split_vote"'),
      })
      .optional()
      .describe('leader_elections_total increase over the window, by its result label.'),
    replication_lag_seconds: z
      .array(
        z.strictObject({
          follower_id: z.string().min(1).max(64).describe('The follower_id label.'),
          lag_seconds: seconds('Current lag'),
          samples: z
            .array(z.number().min(0).max(86_400))
            .max(120)
            .optional()
            .describe('Lag series, oldest first, equally spaced over the window; up to 120 samples of 0..86400 s.'),
        }),
      )
      .max(64)
      .optional()
      .describe('replication_lag_seconds per follower (up to 64): a current value or a short series.'),
    consensus_latency_seconds: z
      .strictObject({
        operation_type: z.string().max(64).optional().describe('The operation_type label.'),
        p50: seconds('Median', 3600),
        p99: seconds('99th percentile', 3600),
        bucket_counts: z
          .array(z.int().min(0).max(1e12))
          .min(7)
          .max(7)
          .optional()
          .describe(
            'Cumulative counts for le = 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, +Inf (7 numbers); p50/p99 are computed from them when not given.',
          ),
        baseline_p99: seconds('p99 in a healthy period', 3600),
      })
      .optional()
      .describe('consensus_latency_seconds: percentiles or the histogram buckets.'),
    partition_events_total: z
      .strictObject({ detected: count('type="detected"'), healed: count('type="healed"') })
      .optional()
      .describe('partition_events_total increase over the window, by type.'),
    clock_skew_ms: ms('Largest clock offset between any two nodes'),
    rtt_ms: ms('Typical round trip between nodes', 60_000),
    rtt_p99_ms: ms('99th-percentile round trip between nodes', 60_000),
    packet_loss_ratio: ratio('Packet loss between nodes'),
    stale_reads_total: count('Reads seen returning values older than an acknowledged write'),
    deadlocks_total: count('Deadlocks detected'),
    lock_wait_p99_seconds: seconds('99th-percentile lock wait', 3600),
    divergent_keys: count('Keys whose replicas hold different values'),
    lost_writes_total: count('Acknowledged writes found missing'),
    nodes_up: z.int().min(0).max(MAX_NODES).optional().describe(`Nodes up and reachable now, 0..${MAX_NODES}.`),
    cpu_utilization: ratio('CPU utilisation of the busiest node'),
    gc_pause_max_ms: ms('Longest stop-the-world pause'),
    fsync_p99_ms: ms('99th-percentile log fsync', 60_000),
    write_rate_per_second: rate('Writes accepted by the leader'),
    apply_rate_per_second: rate('Entries applied by the slowest follower'),
    requests_per_second: rate('Client requests (first attempts)'),
    retries_per_second: rate('Client retries'),
    partition_load: z
      .array(
        z.strictObject({
          partition: z.string().min(1).max(64).describe('Partition or shard id.'),
          ops_per_second: z.number().min(0).max(1e9).describe('Load on it, 0..1e9 ops/s.'),
        }),
      )
      .max(256)
      .optional()
      .describe('Load per partition, up to 256 (in key order for range partitioning).'),
    hot_key_share: ratio('Share of requests going to the single hottest key'),
  })
  .describe('Observed metrics, with the seed metric names and labels; every field optional.');

const contextValue = z.union([
  z.string().max(200),
  z.number().min(-1e15).max(1e15),
  z.boolean(),
  z.array(z.string().max(64)).max(64),
]);

// Not strict: pasted log lines carry extra fields (the simulator's at_ms, a logger's msg or pid); they are dropped.
const logRecord = z.object({
  level: z.string().max(16).optional().describe('INFO, WARN, ...'),
  timestamp: z
    .union([z.string().max(40), z.number().min(0).max(1e19)])
    .optional()
    .describe(
      'ISO 8601 (2025-01-10T12:00:00.250Z), or epoch seconds, milliseconds, microseconds or nanoseconds as digits or a number (1736510400.25, "1736510400250"); a timestamp that reads as none of these is ignored for timing and reported in notes.',
    ),
  skill: z.string().max(64).optional().describe('"distributed-systems" in the seed schema; ignored.'),
  node_id: z.string().max(64).optional().describe('Node that wrote the record.'),
  term: z.int().min(0).max(1e15).optional().describe("The node's current term."),
  event: z.enum(LOG_EVENTS).describe('Protocol event.'),
  context: z
    .record(z.string().max(64), contextValue)
    .refine((c) => Object.keys(c).length <= 16, 'context holds at most 16 keys')
    .optional()
    .describe(
      'Event details, up to 16 keys: node_id/leader and term for leader_elected, index and value for commit_applied, isolated_nodes for partition_detected, strategy for conflict_resolved.',
    ),
});

const answers = z
  .strictObject({
    partition_tested: z.boolean().optional().describe('Partitions (including one-way) have been tested.'),
    fencing: z.boolean().optional().describe('A fencing mechanism (tokens/terms checked by storage) is in place.'),
    idempotency_keys: z.boolean().optional().describe('Writes carry idempotency keys and repeats are dropped.'),
    recovery_documented: z.boolean().optional().describe('The recovery procedure is written down.'),
    clock_sync: z.enum(['ptp', 'ntp', 'none']).optional().describe('How clocks are synchronised.'),
    consistent_lock_order: z.boolean().optional().describe('Locks are always taken in one global order.'),
    reads_return_old_values: z
      .boolean()
      .optional()
      .describe('Reads were seen returning values older than a successful write.'),
    recent_failover: z.boolean().optional().describe('A failover (leader or primary change) happened in the window.'),
    acknowledged_writes_missing: z.boolean().optional().describe('Writes that were acknowledged are now missing.'),
  })
  .describe('Facts you know that no metric shows; every field optional.');

export const inputSchema = toolInput({
  symptom: z
    .string()
    .max(MAX_SYMPTOM_CHARS)
    .default('')
    .describe(
      `What is going wrong, in your own words (up to ${MAX_SYMPTOM_CHARS} chars), e.g. "the leader keeps changing".`,
    ),
  issue: z.enum(ISSUE_IDS).optional().describe('The issue you suspect, if any; the evidence can still overturn it.'),
  cluster_config: clusterConfig.optional(),
  metrics: metrics.optional(),
  events: z
    .array(logRecord)
    .max(MAX_EVENTS)
    .optional()
    .describe(
      `Log records in the seed log schema (level, timestamp, skill, node_id, term, event, context), up to ${MAX_EVENTS}; other keys are ignored, so simulate_cluster's trace can be passed as is.`,
    ),
  answers: answers.optional(),
  reproduce: z
    .boolean()
    .default(false)
    .describe(
      'Also simulate the suspected failure and the fix side by side (60 s of simulated Raft, same seed, network and faults): leader flapping, stale reads from a deposed leader, split-brain under a partition.',
    ),
  seed: z
    .int()
    .min(0)
    .max(MAX_SEED)
    .default(1)
    .describe(`Seed of the reproduction, 0..${MAX_SEED}; the same seed gives the same run.`),
  max_diagnoses: z
    .int()
    .min(1)
    .max(12)
    .default(5)
    .describe('Diagnoses to return, 1..12 (default 5), most likely first.'),
});

export type TroubleshootToolInput = z.output<typeof inputSchema>;
