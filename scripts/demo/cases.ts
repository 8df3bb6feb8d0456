/** The questions `npm run demo` puts to the server: one or more realistic calls per tool. */
export interface DemoCase {
  /** What an engineer asked. */
  readonly question: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  /** Fields of the structured result worth showing besides the summary. */
  readonly show: readonly string[];
}

/** A client log around a failover: a put times out (info), then one read sees it and a later one does not. */
const CART_LOG = [
  { process: 0, type: 'invoke', f: 'put', key: 'cart:7', value: 'apple', time: 0 },
  { process: 0, type: 'ok', f: 'put', key: 'cart:7', value: 'apple', time: 12 },
  { process: 1, type: 'invoke', f: 'put', key: 'cart:7', value: 'apple,pear', time: 20 },
  { process: 1, type: 'info', f: 'put', key: 'cart:7', value: 'apple,pear', time: 1020 },
  { process: 2, type: 'invoke', f: 'get', key: 'cart:7', value: null, time: 1100 },
  { process: 2, type: 'ok', f: 'get', key: 'cart:7', value: 'apple,pear', time: 1108 },
  { process: 3, type: 'invoke', f: 'get', key: 'cart:7', value: null, time: 1200 },
  { process: 3, type: 'ok', f: 'get', key: 'cart:7', value: 'apple', time: 1209 },
];
/**
 * An on-call report of leader flapping on a Raft cluster stretched over three regions with LAN timings, asked about
 * twice: diagnose it, then reproduce it from the measured round trips.
 */
const FLAPPING = {
  symptom: 'the leader keeps changing, about every minute',
  cluster_config: {
    protocol: 'raft',
    nodes: 5,
    election_timeout_min_ms: 150,
    election_timeout_max_ms: 300,
    heartbeat_ms: 50,
  },
  metrics: {
    window_seconds: 3600,
    leader_elections_total: { success: 52, timeout: 6, split_vote: 4 },
    partition_events_total: { detected: 0, healed: 0 },
    consensus_latency_seconds: { p50: 0.04, p99: 0.21 },
    rtt_ms: 30,
    rtt_p99_ms: 180,
  },
};

export const DEMO_CASES: readonly DemoCase[] = [
  {
    question: 'We run 5 etcd members across us-east-1a/1b/1c as 3-1-1. Can we lose a zone? Is 5 enough for 2 failures?',
    tool: 'validate_cluster',
    args: {
      nodes: 5,
      failure_tolerance: 2,
      regions: [
        { name: 'us-east-1a', nodes: 3 },
        { name: 'us-east-1b', nodes: 1 },
        { name: 'us-east-1c', nodes: 1 },
      ],
    },
    show: ['quorum_size', 'regions.fatal_regions', 'regions.recommended_placement'],
  },
  {
    question: 'Our Cassandra keyspace has RF=3 with reads at ONE and writes at QUORUM. Are reads strongly consistent?',
    tool: 'validate_cluster',
    args: { nodes: 3, read_quorum: 1, write_quorum: 2 },
    show: ['valid', 'error'],
  },
  {
    question: 'A 4-replica BFT ledger must survive 2 malicious replicas. Does it?',
    tool: 'validate_cluster',
    args: { nodes: 4, failure_tolerance: 2, byzantine: true },
    show: ['valid', 'min_nodes_required'],
  },
  {
    question:
      'We shard sessions over node-1 and node-2 with 100 virtual nodes each. Where is user:123, and what moves if we add node-3?',
    tool: 'hash_ring',
    args: { nodes: ['node-1', 'node-2'], virtual_nodes: 100, keys: ['user:123'], add_nodes: ['node-3'] },
    show: ['assignments', 'movement.moved_fraction', 'movement.ideal_fraction', 'movement.moves'],
  },
  {
    question:
      'Our app and twemproxy both use ketama over 10 memcached boxes. Which box holds these keys, and how much cache do we lose adding an 11th?',
    tool: 'hash_ring',
    args: {
      nodes: Array.from({ length: 10 }, (_, i) => `10.0.1.${i + 1}:11211`),
      algorithm: 'ketama',
      keys: ['session:8f2a', 'cart:1001', 'user:42'],
      add_nodes: ['10.0.1.11:11211'],
    },
    show: ['assignments', 'balance.max_over_mean', 'movement.moved_fraction', 'movement.churn_fraction'],
  },
  {
    question:
      'Six storage nodes of mixed sizes over three zones, 3 replicas per key. Which hashing scheme balances best and moves least when we grow?',
    tool: 'hash_ring',
    args: {
      nodes: [
        { id: 'db-a1', weight: 2, zone: 'us-east-1a' },
        { id: 'db-a2', weight: 1, zone: 'us-east-1a' },
        { id: 'db-b1', weight: 2, zone: 'us-east-1b' },
        { id: 'db-b2', weight: 1, zone: 'us-east-1b' },
        { id: 'db-c1', weight: 2, zone: 'us-east-1c' },
        { id: 'db-c2', weight: 1, zone: 'us-east-1c' },
      ],
      algorithm: 'rendezvous',
      keys: ['tenant:17'],
      replicas: 3,
      compare: true,
    },
    show: ['assignments', 'compare'],
  },
  {
    question:
      'Our orders table is range-partitioned over 3 nodes by customer id. Customers b, c and d each send 50 req/s, everyone else 1. Where are the hot spots, what moves when we split them, and how many nodes does a scan of customers b..e hit?',
    tool: 'hash_ring',
    args: {
      nodes: ['db-1', 'db-2', 'db-3'],
      algorithm: 'range',
      keys: 'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `cust:${c}`),
      key_loads: 'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => ('bcd'.includes(c) ? 50 : 1)),
      replicas: 2,
      range_start: 'cust:b',
      range_end: 'cust:f',
    },
    show: ['range.hot_ranges', 'range.moves', 'range.moved_keys', 'range.query', 'balance_after.max_over_mean'],
  },
  {
    question:
      'An event store keyed by id, 8 ranges over 4 nodes, with Zipf-skewed traffic (s = 1.2) over 20 000 keys. Which ranges run hot, and is there a single key no split can fix?',
    tool: 'hash_ring',
    args: {
      nodes: ['kv-1', 'kv-2', 'kv-3', 'kv-4'],
      algorithm: 'range',
      sample_keys: 20000,
      load_skew: 1.2,
      partitions: 8,
      seed: 11,
    },
    show: ['range.hot_ranges', 'range.moved_keys', 'balance.max_over_mean', 'balance_after.max_over_mean'],
  },
  {
    question:
      'We route tenants through a directory in front of a consistent-hash ring. Move tenant acme to its own node n4, but its VIP account must stay on n2. What moves, and how many directory copies must ack the change?',
    tool: 'hash_ring',
    args: {
      nodes: ['n1', 'n2', 'n3', 'n4'],
      algorithm: 'directory',
      directory: [
        { prefix: 'tenant:acme:', node: 'n1' },
        { key: 'tenant:acme:vip', node: 'n2' },
        { prefix: 'tenant:globex:', node: 'n3' },
      ],
      keys: ['tenant:acme:1', 'tenant:acme:2', 'tenant:acme:vip', 'tenant:globex:9', 'tenant:initech:5'],
      move_keys: [{ prefix: 'tenant:acme:', to: 'n4' }],
      directory_replicas: 3,
    },
    show: ['assignments', 'directory.moves', 'directory.unrequested_moves', 'directory.replication'],
  },
  {
    question:
      'Two app servers wrote user:123 one millisecond apart (A at 1000, B at 1001). Our NTP skew can reach 50 ms. Which value does LWW keep, and can we trust it?',
    tool: 'resolve_conflict',
    args: {
      strategy: 'lww',
      key: 'user:123',
      versions: [
        { value: 'A', timestamp: 1000, node_id: 'app-1' },
        { value: 'B', timestamp: 1001, node_id: 'app-2' },
      ],
      max_clock_skew_ms: 50,
    },
    show: ['value', 'lost_updates', 'unsafe_order', 'event'],
  },
  {
    question:
      'A Riak-style read of cart:42 returned three versions with vector clocks. Which are real conflicts, and what would a union give?',
    tool: 'resolve_conflict',
    args: {
      key: 'cart:42',
      versions: [
        { value: ['milk'], vector_clock: { 'node-a': 1 }, timestamp: 1_700_000_000_000 },
        { value: ['milk', 'eggs'], vector_clock: { 'node-a': 2 }, timestamp: 1_700_000_000_900 },
        { value: ['milk', 'bread'], vector_clock: { 'node-a': 1, 'node-b': 1 }, timestamp: 1_700_000_000_500 },
      ],
      sibling_resolver: 'union',
    },
    show: ['strategy', 'value', 'siblings', 'merged_clock', 'superseded'],
  },
  {
    question:
      'Offline clients: one removes "red" from the tags while another re-adds it. With an OR-Set, what do replicas converge to?',
    tool: 'resolve_conflict',
    args: {
      strategy: 'crdt',
      crdt_type: 'or_set',
      key: 'doc:7/tags',
      states: [
        { clock: { server: 1 }, dots: [{ element: 'red', node_id: 'server', counter: 1 }] },
        { clock: { server: 1 }, dots: [{ element: 'red', node_id: 'server', counter: 1 }] },
      ],
      operations: [
        { replica: 0, op: 'remove', element: 'red', node_id: 'phone' },
        { replica: 1, op: 'add', element: 'red', node_id: 'laptop' },
        { replica: 1, op: 'add', element: 'blue', node_id: 'laptop' },
      ],
    },
    show: ['replicas', 'value', 'merged_state'],
  },
  {
    question: 'Three regions count page views with a PN-Counter and have diverged. What is the converged count?',
    tool: 'resolve_conflict',
    args: {
      strategy: 'crdt',
      key: 'views:home',
      states: [
        { increments: { 'us-east': 120, 'eu-west': 40 }, decrements: {} },
        { increments: { 'us-east': 100, 'eu-west': 75 }, decrements: { 'eu-west': 5 } },
        { increments: { 'ap-south': 30 }, decrements: {} },
      ],
    },
    show: ['crdt_type', 'replicas', 'value'],
  },
  {
    question:
      'On call: "the etcd leader keeps changing, about every minute". 5 members, election timeout 150-300 ms, heartbeat 50 ms, p99 RTT 45 ms, no partitions in the last hour.',
    tool: 'troubleshoot',
    args: FLAPPING,
    show: ['diagnoses.0.status', 'diagnoses.0.cause', 'diagnoses.0.resolution', 'checklist'],
  },
  {
    question:
      'Same etcd cluster: prove that a longer election timeout with PreVote and CheckQuorum stops the flapping.',
    tool: 'troubleshoot',
    args: { ...FLAPPING, reproduce: true },
    show: ['reproduction.description', 'reproduction.measured', 'reproduction.verdict', 'reproduction.with_fix.label'],
  },
  {
    question: 'These two log lines showed up after a network blip. Do we have split-brain?',
    tool: 'troubleshoot',
    args: {
      symptom: 'two nodes both claim to be leader',
      cluster_config: { nodes: 4, quorum_size: 2 },
      events: [
        {
          level: 'INFO',
          timestamp: '2025-01-10T12:00:00.120Z',
          event: 'leader_elected',
          context: { node_id: 'node-1', term: 42 },
        },
        {
          level: 'WARN',
          timestamp: '2025-01-10T12:00:00.300Z',
          event: 'partition_detected',
          context: { isolated_nodes: ['node-3', 'node-4'] },
        },
        {
          level: 'INFO',
          timestamp: '2025-01-10T12:00:00.410Z',
          event: 'leader_elected',
          context: { node_id: 'node-3', term: 42 },
        },
      ],
      answers: { fencing: false },
    },
    show: ['diagnoses.0.issue', 'diagnoses.0.safety_violation', 'diagnoses.0.cause', 'next_steps'],
  },
  {
    question:
      'After a partition cut off our old leader, users read carts they had already changed. Reads go to whichever replica answers. Show it and the fix.',
    tool: 'troubleshoot',
    args: {
      symptom: 'users read old values after the network blip',
      cluster_config: {
        protocol: 'raft',
        nodes: 3,
        read_from: 'any_replica',
        check_quorum: false,
        pre_vote: true,
        election_timeout_min_ms: 150,
        election_timeout_max_ms: 300,
        heartbeat_ms: 50,
      },
      events: [
        { level: 'INFO', timestamp: '2025-01-10T12:00:00.000Z', event: 'leader_elected', node_id: 'node-1', term: 2 },
        { level: 'INFO', timestamp: '2025-01-10T12:00:02.100Z', event: 'leader_elected', node_id: 'node-3', term: 3 },
        { level: 'INFO', timestamp: '2025-01-10T12:00:03.400Z', event: 'log_replicated', node_id: 'node-1', term: 2 },
      ],
      answers: { reads_return_old_values: true },
      reproduce: true,
    },
    show: ['reproduction.description', 'reproduction.measured', 'reproduction.verdict', 'reproduction.with_fix.label'],
  },
  {
    question:
      'Users read stale balances from our Postgres read replicas. Lag on replica-2 over the last 8 minutes is attached.',
    tool: 'troubleshoot',
    args: {
      symptom: 'users see old balances right after updating them',
      cluster_config: { read_from: 'followers', replication_mode: 'async' },
      metrics: {
        window_seconds: 480,
        replication_lag_seconds: [
          { follower_id: 'replica-1', samples: [0.05, 0.04, 0.06, 0.05, 0.05, 0.04, 0.05, 0.06] },
          { follower_id: 'replica-2', samples: [0.2, 0.7, 1.4, 2.2, 2.9, 3.8, 4.4, 5.3] },
        ],
        stale_reads_total: 212,
        write_rate_per_second: 1000,
        apply_rate_per_second: 800,
      },
    },
    show: ['diagnoses.0.issue', 'diagnoses.0.evidence.supporting', 'diagnoses.1.issue'],
  },
  {
    question: 'Something is off with our database cluster since Tuesday. What should I look at?',
    tool: 'troubleshoot',
    args: { symptom: 'something is off with the database since Tuesday' },
    show: ['matched', 'questions'],
  },
  {
    question:
      'Our 5-node etcd runs 2-2-1 over us-east, us-west and eu-west (30 ms apart). What happens to writes if the leader is cut off from the other nodes for 10 s?',
    tool: 'simulate_cluster',
    args: {
      nodes: 5,
      regions: [
        { name: 'us-east', nodes: 2 },
        { name: 'us-west', nodes: 2 },
        { name: 'eu-west', nodes: 1 },
      ],
      inter_region_latency_ms: 30,
      writes_per_second: 300,
      reads_per_second: 100,
      duration_ms: 20_000,
      faults: [{ at_ms: 5000, action: 'isolate_leader', duration_ms: 10_000 }],
      seed: 42,
    },
    show: ['leaders', 'unavailable_ms', 'clients.write_latency_ms', 'clients.indeterminate', 'safe'],
  },
  {
    question:
      'Our network drops 30% of packets and node-1 answers 120 ms late. Does the 5-node Raft leader flap with 150-300 ms timeouts once PreVote and CheckQuorum are on?',
    tool: 'simulate_cluster',
    args: {
      nodes: 5,
      duration_ms: 30_000,
      writes_per_second: 100,
      faults: [
        { at_ms: 0, action: 'slow_link', nodes: [1], latency_ms: 120 },
        { at_ms: 0, action: 'packet_loss', probability: 0.3 },
      ],
      pre_vote: true,
      check_quorum: true,
      seed: 3,
    },
    show: ['metrics.leader_elections_total', 'leaders_total', 'unavailable_ms', 'clients.write_latency_ms'],
  },
  {
    question: 'We serve reads from any replica to save a round trip. What do clients see while a node is partitioned?',
    tool: 'simulate_cluster',
    args: {
      nodes: 3,
      duration_ms: 10_000,
      writes_per_second: 200,
      reads_per_second: 400,
      keys: 4,
      read_mode: 'any_local',
      faults: [{ at_ms: 2000, action: 'partition', nodes: [3], duration_ms: 5000 }],
      seed: 5,
    },
    show: ['linearizable', 'linearizability', 'clients.read_latency_ms', 'replication_lag_max_seconds'],
  },
  {
    question:
      'We run Multi-Paxos on 5 nodes over three regions 40 ms apart. Could we commit on 2 acceptors if leader changes need 4, and is it still safe when the leader is cut off?',
    tool: 'simulate_cluster',
    args: {
      protocol: 'multi_paxos',
      nodes: 5,
      phase1_quorum: 4,
      phase2_quorum: 2,
      regions: [
        { name: 'us-east', nodes: 2 },
        { name: 'us-west', nodes: 2 },
        { name: 'eu-west', nodes: 1 },
      ],
      inter_region_latency_ms: 40,
      election_timeout_ms: [400, 800],
      heartbeat_ms: 100,
      writes_per_second: 200,
      duration_ms: 20_000,
      faults: [{ at_ms: 5000, action: 'isolate_leader', duration_ms: 5000 }],
      seed: 11,
    },
    show: ['safe', 'invariants', 'leaders', 'clients.write_latency_ms', 'unavailable_ms'],
  },
  {
    question:
      'Our 4-node PBFT ledger: what do clients see if the primary turns malicious and sends different transactions to different replicas, and what if a second node joins it?',
    tool: 'simulate_cluster',
    args: {
      protocol: 'pbft',
      nodes: 4,
      latency_ms: 5,
      writes_per_second: 200,
      reads_per_second: 50,
      duration_ms: 10_000,
      faults: [{ at_ms: 3000, action: 'byzantine_equivocate' }],
      seed: 4,
    },
    show: ['safe', 'linearizable', 'leaders', 'unavailable_ms', 'clients.write_latency_ms', 'summary'],
  },
  {
    question:
      'We need a linearizable metadata store on 5 nodes across us-east, us-west and eu-west (about 30 ms apart), surviving 2 failures. What should we run, with which timeouts, and what happens when a region goes down?',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'consensus',
        cluster_config: { nodes: 5, failure_tolerance: 2, regions: ['us-east', 'us-west', 'eu-west'] },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 30, partition_probability: 0.01 },
      },
    },
    show: ['summary', 'configuration', 'failure_scenarios.4', 'verification.failover_ms'],
  },
  {
    question:
      'Four organisations each run one node of a shared ledger and do not trust each other. How do we replicate it, and what if one of them turns malicious?',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'replication',
        cluster_config: { nodes: 4, failure_tolerance: 1 },
        consistency_requirement: 'linearizable',
        network_assumptions: { latency_ms: 20, byzantine: true },
      },
    },
    show: [
      'protocol',
      'configuration.quorum_size',
      'configuration.reply_quorum',
      'failure_scenarios.5',
      'failure_scenarios.7',
    ],
  },
  {
    question:
      'Shopping carts on 6 nodes in 3 regions must stay writable during partitions; causal consistency is enough. Design it.',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'replication',
        cluster_config: { nodes: 6, regions: ['us', 'eu', 'ap'] },
        consistency_requirement: 'causal',
        network_assumptions: { latency_ms: 60, partition_probability: 0.05 },
      },
    },
    show: ['protocol.name', 'configuration', 'verification.figures', 'failure_scenarios.1'],
  },
  {
    question:
      'A time-series store on 12 nodes: dashboards scan time ranges, a few series are far busier than the rest (Zipf about 1.2), and writes arrive in timestamp order. How should we shard it, and what will hurt?',
    tool: 'design_protocol',
    args: {
      distributed_context: {
        problem_type: 'partitioning',
        cluster_config: { nodes: 12, failure_tolerance: 1 },
        consistency_requirement: 'linearizable',
        partitioning: { range_queries: true, load_skew: 1.2, sequential_keys: true },
      },
      verify: { runs: 5 },
    },
    show: ['protocol.name', 'partitioning.reasons', 'partitioning.evidence', 'warnings'],
  },
  {
    question:
      'Jepsen flagged our register test. Process 1 read 3 while process 2 was writing 4, after a write of 0. Is that really a violation, and which operation is to blame?',
    tool: 'check_history',
    args: {
      model: 'register',
      edn: [
        '[{:process 0, :type :invoke, :f :write, :value 0}',
        ' {:process 0, :type :ok, :f :write, :value 0}',
        ' {:process 1, :type :invoke, :f :read, :value nil}',
        ' {:process 2, :type :invoke, :f :write, :value 4}',
        ' {:process 1, :type :ok, :f :read, :value 3}',
        ' {:process 2, :type :ok, :f :write, :value 4}',
        ' {:process 3, :type :invoke, :f :read, :value nil}',
        ' {:process 3, :type :ok, :f :read, :value 4}]',
      ].join('\n'),
    },
    show: ['verdict', 'counterexample.blocked', 'counterexample.state_before'],
  },
  {
    question:
      'After a failover our key-value clients logged this. One put timed out. Did any client see data go back in time?',
    tool: 'check_history',
    args: {
      model: 'kv',
      history: [
        ...CART_LOG,
        { process: 0, type: 'invoke', f: 'get', key: 'user:1', value: null, time: 1300 },
        { process: 0, type: 'ok', f: 'get', key: 'user:1', value: null, time: 1304 },
      ],
    },
    show: ['verdict', 'failed_keys', 'counterexample.explanation'],
  },
  {
    question: 'Same log: is it at least sequentially consistent, so that only real-time order is broken?',
    tool: 'check_history',
    args: {
      model: 'kv',
      consistency: 'sequential',
      history: CART_LOG,
    },
    show: ['verdict', 'also_linearizable'],
  },
  {
    question:
      'If we go semi-sync across our three replicas (10, 40 and 60 ms round trips), what is our write latency, how far can a replica lag, and what do we lose if the primary dies with the nearest replica?',
    tool: 'simulate_replication',
    args: {
      mode: 'compare',
      latencies_ms: [10, 40, 60],
      write_rate: 2000,
      duration_seconds: 60,
      primary_failure_at_seconds: 45,
      replica_failures: [{ replica: 1, at_seconds: 45 }],
    },
    show: ['compare', 'lag_messages', 'staleness_seconds'],
  },
  {
    question:
      'Our async replica applies 800 writes/s while we write 1000/s. How far behind is it after a minute, and what does a failover lose?',
    tool: 'simulate_replication',
    args: { mode: 'async', write_rate: 1000, apply_rate: 800, duration_seconds: 60, primary_failure_at_seconds: 60 },
    show: ['lag_messages', 'lag_seconds', 'closed_form', 'rpo'],
  },
  {
    question:
      'PostgreSQL with standbys in two nearby zones (2 +- 0.5 ms and 3 +- 1 ms) and one in another region (log-normal 70 +- 20 ms) at 5000 writes/s: ANY 2 quorum or all three synchronous? What are the p99s?',
    tool: 'simulate_replication',
    args: {
      mode: 'compare',
      latency_distributions: [
        { distribution: 'normal', mean_ms: 2, jitter_ms: 0.5 },
        { distribution: 'normal', mean_ms: 3, jitter_ms: 1 },
        { distribution: 'lognormal', mean_ms: 70, jitter_ms: 20 },
      ],
      write_quorum: 2,
      write_rate: 5000,
      duration_seconds: 60,
      durable_on: 'receive',
      seed: 1,
    },
    show: ['compare', 'worst_follower', 'staleness_seconds'],
  },
  {
    question: 'One of our three synchronous replicas will be down for 30 s during maintenance. What happens to writes?',
    tool: 'simulate_replication',
    args: {
      mode: 'compare',
      latencies_ms: [4, 6, 9],
      write_quorum: 2,
      write_rate: 2000,
      duration_seconds: 60,
      replica_failures: [{ replica: 3, at_seconds: 20, duration_seconds: 30 }],
    },
    show: ['compare'],
  },
];
