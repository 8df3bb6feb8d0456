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
];
