/**
 * The largest valid inputs of every tool: every size at its schema's bound (1000 nodes, 600 s simulated, 256 keys
 * of 512 characters, 100 000 history lines, 200 verification runs...), detail options at their defaults. Used by
 * the worst-case test (time, memory, progress, output size) and by `npm run bench`.
 */
export interface WorstCase {
  readonly label: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  /** Within every bound the tool states, so it must answer: a refusal, even one naming a limit, fails. */
  readonly answers?: true;
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const id = (prefix: string, i: number, width = 128): string => `${prefix}${i}-`.padEnd(width, 'x');
const longKeys = range(256, (i) => id(`key:${String(i).padStart(3, '0')}`, i, 512));

/** A Jepsen-style register history of `lines` lines: waves of 40 concurrent clients, reads of values never written. */
export function hardHistory(lines: number): Record<string, unknown>[] {
  const history: Record<string, unknown>[] = [];
  for (let wave = 0; history.length < lines; wave++) {
    for (const type of ['invoke', 'ok'] as const) {
      for (let p = 0; p < 40 && history.length < lines; p++) {
        const write = p % 3 !== 0;
        const value = write ? wave * 40 + p : type === 'ok' ? (wave * 7919 + p * 104_729) % (40 * (wave + 1)) : null;
        history.push({ process: p, type, f: write ? 'write' : 'read', value });
      }
    }
  }
  return history;
}

function edn(history: readonly Record<string, unknown>[], chars: number): string {
  const text = history
    .map(
      (o) =>
        `{:process ${String(o['process'])}, :type :${String(o['type'])}, :f :${String(o['f'])}, :value ${o['value'] === null ? 'nil' : JSON.stringify(o['value'])}}`,
    )
    .join('\n');
  return `${text}\n;${'p'.repeat(Math.max(0, chars - text.length - 2))}`;
}

const simulation = {
  nodes: 25,
  duration_ms: 600_000,
  writes_per_second: 10_000,
  reads_per_second: 10_000,
  keys: 10_000,
  client_concurrency: 1000,
  max_events: 50_000_000,
  linearizability_max_steps: 1_000_000_000,
  prometheus: true,
  loss_probability: 0.3,
  duplicate_probability: 0.3,
  random_faults: { crash_rate_per_minute: 600, partition_probability: 1, mttr_ms: 1 },
  faults: range(200, (i) => ({ at_ms: i * 3000, action: i % 2 ? 'heal' : 'partition', nodes: [1 + (i % 25)] })),
};

export const WORST_CASES: readonly WorstCase[] = [
  {
    label: 'validate_cluster: 1000 byzantine nodes over 32 regions, every quorum',
    tool: 'validate_cluster',
    args: {
      nodes: 1000,
      failure_tolerance: 333,
      byzantine: true,
      regions: range(32, (i) => ({ name: id('region-', i, 64), nodes: i < 8 ? 32 : 31 })),
      read_quorum: 1000,
      write_quorum: 1000,
      phase1_quorum: 1000,
      phase2_quorum: 1000,
    },
  },
  {
    label: 'hash_ring ring: 900 weighted zoned nodes x 1000 vnodes, 256 long keys x 32 replicas, +100 -400, compare',
    tool: 'hash_ring',
    args: {
      nodes: range(900, (i) => ({ id: id('node-', i), weight: 2, zone: `zone-${i % 40}` })),
      virtual_nodes: 1000,
      keys: longKeys,
      replicas: 32,
      add_nodes: range(100, (i) => ({ id: id('new-', i), zone: `zone-${i % 40}` })),
      remove_nodes: range(400, (i) => id('node-', i)),
      sample_keys: 200_000,
      compare: true,
    },
  },
  {
    // 1000 nodes is the limit: compare's "+1 node" probe goes one past it (issue 8 audit: it used to refuse every row).
    label: 'hash_ring compare: 1000 zoned long-named nodes x 1000 vnodes, 200 000 sampled keys',
    tool: 'hash_ring',
    args: {
      nodes: range(1000, (i) => ({ id: id('node-', i), zone: `zone-${i % 40}` })),
      virtual_nodes: 1000,
      sample_keys: 200_000,
      compare: true,
    },
  },
  {
    label: 'hash_ring rendezvous: 900 weighted nodes, 256 long keys x 32 replicas, +100, 200 000 sampled keys',
    tool: 'hash_ring',
    args: {
      algorithm: 'rendezvous',
      nodes: range(900, (i) => ({ id: id('node-', i), weight: 1 + (i % 1000) })),
      keys: longKeys,
      replicas: 32,
      add_nodes: range(100, (i) => id('new-', i)),
      sample_keys: 200_000,
    },
  },
  {
    label: 'hash_ring range: 1000 nodes, 200 000 Zipf keys in 1024 ranges split by load',
    tool: 'hash_ring',
    args: {
      algorithm: 'range',
      nodes: range(1000, (i) => id('node-', i)),
      sample_keys: 200_000,
      load_skew: 1,
      partitions: 1024,
      replicas: 32,
      split_by: 'load',
      hot_load_factor: 1,
    },
  },
  {
    label: 'hash_ring directory: 1000 entries over maglev (M = 1000003), 100 moves, 256 keys',
    tool: 'hash_ring',
    args: {
      algorithm: 'directory',
      nodes: range(1000, (i) => id('node-', i)),
      directory: range(1000, (i) =>
        i % 2 ? { key: id('key:', i, 512), node: id('node-', i) } : { prefix: `p${i}:`, node: id('node-', i) },
      ),
      move_keys: range(100, (i) => ({ prefix: `p${i * 2}:`, to: id('node-', 999 - i) })),
      keys: range(256, (i) => `p${i}:${'k'.repeat(500)}`),
      sample_keys: 200_000,
      directory_replicas: 15,
      directory_default: 'maglev',
      maglev_table_size: 1_000_003,
    },
  },
  {
    label: 'resolve_conflict: 64 OR-Set replicas, 20 000 dots, 1000 operations',
    tool: 'resolve_conflict',
    args: {
      strategy: 'crdt',
      crdt_type: 'or_set',
      key: 'k'.repeat(256),
      states: range(64, (r) => ({
        clock: { [`r${r}`]: 312 },
        dots: range(312, (c) => ({ element: `e${(r * 312 + c) % 5000}`, node_id: `r${r}`, counter: c + 1 })),
      })),
      operations: range(1000, (i) => ({
        replica: i % 64,
        op: i % 3 ? 'add' : 'remove',
        element: `e${i}`,
        node_id: `w${i % 64}`,
      })),
    },
  },
  {
    label: 'resolve_conflict: 100 versions with vector clocks of 256 nodes, 32 000 characters of values',
    tool: 'resolve_conflict',
    args: {
      key: 'cart',
      sibling_resolver: 'union',
      versions: range(100, (v) => ({
        value: range(8, (i) => `item-${v}-${i}-${'v'.repeat(24)}`),
        timestamp: 1_700_000_000_000 + v,
        node_id: `n${v}`,
        vector_clock: Object.fromEntries(range(256, (n) => [`node-${n}`, (v * 7 + n) % 13])),
      })),
    },
  },
  {
    label: 'troubleshoot: 500 log records, 2000-character symptom, reproduction on 25 nodes, 12 diagnoses',
    tool: 'troubleshoot',
    args: {
      symptom: 'the leader keeps changing and commits stall '.repeat(50).slice(0, 2000),
      issue: 'leader_flapping',
      cluster_config: {
        protocol: 'raft',
        nodes: 25,
        election_timeout_min_ms: 10,
        election_timeout_max_ms: 20,
        heartbeat_ms: 10,
      },
      metrics: { rtt_ms: 100, rtt_p99_ms: 1000, leader_elections_total: { success: 500, timeout: 50, split_vote: 50 } },
      events: range(500, (i) => ({
        level: 'WARN',
        timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        skill: 'distributed-systems',
        node_id: `node-${i % 25}`,
        term: i,
        event: 'leader_elected',
        context: { leader: `node-${i % 25}`, term: i },
      })),
      reproduce: true,
      max_diagnoses: 12,
    },
  },
  {
    label: 'simulate_cluster raft: 25 nodes, 600 s, 20 000 ops/s, 200 scripted faults, random faults, loss',
    tool: 'simulate_cluster',
    args: { ...simulation, protocol: 'raft', pre_vote: true, check_quorum: true },
  },
  {
    label: 'simulate_cluster pbft: 25 nodes, 600 s, 20 000 ops/s, batch 1, checkpoint every request',
    tool: 'simulate_cluster',
    args: { ...simulation, protocol: 'pbft', batch_size: 1, checkpoint_interval: 1, faults: [] },
  },
  {
    label: 'check_history: 100 000 JSON lines, 40 concurrent clients, time_limit_ms 8000',
    tool: 'check_history',
    args: { model: 'register', history: hardHistory(100_000), time_limit_ms: 8000 },
  },
  {
    label: 'check_history: 16 MiB of EDN (100 000 lines and a comment), all_partitions',
    tool: 'check_history',
    args: { model: 'register', edn: edn(hardHistory(100_000), 16_777_216), time_limit_ms: 8000, all_partitions: true },
  },
  {
    label: 'simulate_replication: compare 16 lognormal replicas, 2 000 000 Poisson writes, 32 outages, failover',
    tool: 'simulate_replication',
    args: {
      mode: 'compare',
      replicas: 16,
      latency_distributions: range(16, () => ({ distribution: 'lognormal', mean_ms: 100, jitter_ms: 100 })),
      write_rate: 100_000,
      duration_seconds: 20,
      arrivals: 'poisson',
      series_points: 60,
      replica_failures: range(32, (i) => ({ replica: 1 + (i % 16), at_seconds: i * 0.5, duration_seconds: 0.3 })),
      primary_failure_at_seconds: 19,
    },
  },
  {
    label: 'design_protocol: 25 nodes over 5 regions, 200 verification runs of 60 s at 2000 writes/s',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 25, failure_tolerance: 12, regions: range(5, (i) => `region-${i}`) },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 10_000, partition_probability: 1 },
      },
      verify: { runs: 200, duration_ms: 60_000, writes_per_second: 2000 },
    },
  },
  {
    label: 'design_protocol: partitioning, 1000 nodes over 32 regions, range queries, skew 4, sequential, default verify',
    tool: 'design_protocol',
    answers: true,
    args: {
      distributed_context: {
        problem_type: 'partitioning',
        cluster_config: { nodes: 1000, failure_tolerance: 2, regions: range(32, (i) => id('region-', i, 64)) },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 10_000, partition_probability: 1 },
        partitioning: { range_queries: true, load_skew: 4, sequential_keys: true },
      },
    },
  },
  {
    label: 'design_protocol: 25 byzantine nodes (PBFT, f = 8), default verification',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 25 },
        consistency_requirement: 'linearizable',
        network_assumptions: { byzantine: true },
      },
    },
  },
];
