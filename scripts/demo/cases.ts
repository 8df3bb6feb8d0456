/** The questions `npm run demo` puts to the server: one or more realistic calls per tool. */
export interface DemoCase {
  /** What an engineer asked. */
  readonly question: string;
  readonly tool: string;
  readonly args: Record<string, unknown>;
  /** Fields of the structured result worth showing besides the summary. */
  readonly show: readonly string[];
}

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
];
