import { z } from 'zod';
import {
  CONSISTENCY_LEVELS,
  MAX_NODES,
  MAX_SEED,
  OPTIMIZE_FOR,
  PROBLEM_TYPES,
  PROTOCOL_PREFERENCES,
  VIOLATIONS_LISTED,
} from '../engine/index.js';
import { toolInput } from './define-tool.js';
import { DESIGN_RANGES_LISTED, partitioningNeeds, partitioningOutput } from './design-protocol-partitioning.js';

/** The most items list_limit may ask for in one list (the output budget still applies). */
const DESIGN_LIST_LIMIT_MAX = 1024;

const clusterConfig = z.strictObject({
  nodes: z.int().min(1).max(MAX_NODES).describe(`Nodes in the cluster, 1..${MAX_NODES}.`),
  failure_tolerance: z
    .int()
    .min(0)
    .max(MAX_NODES)
    .optional()
    .describe(
      'Failures f to survive, 0..1000 (needs 2f+1 nodes, 3f+1 if byzantine). Default: the most the cluster can.',
    ),
  regions: z
    .array(z.string().min(1).max(64))
    .max(32)
    .optional()
    .describe('Region (failure domain) names, 1..32; nodes are spread evenly over them in this order.'),
});

const networkAssumptions = z.strictObject({
  latency_ms: z
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      'One-way delay between nodes in ms, 1..10000; between regions when several are given. Default 1 (30 between regions).',
    ),
  partition_probability: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'Chance per second that a network partition starts, 0..1; the verification runs inject partitions at this rate.',
    ),
  byzantine: z
    .boolean()
    .default(false)
    .describe('true if nodes may lie or equivocate: the design is byzantine-tolerant (PBFT, 3f+1 nodes).'),
});

export const inputSchema = toolInput({
  distributed_context: z
    .strictObject({
      problem_type: z
        .enum(PROBLEM_TYPES)
        .describe('What to design: consensus, replication, partitioning, transaction or conflict_resolution.'),
      cluster_config: clusterConfig.describe('The cluster: nodes (required), failure_tolerance, regions.'),
      consistency_requirement: z
        .enum(CONSISTENCY_LEVELS)
        .default('eventual')
        .describe('Consistency the clients need: linearizable, sequential, causal or eventual (default).'),
      network_assumptions: networkAssumptions.prefault({}).describe('What the network and the nodes are like.'),
      partitioning: partitioningNeeds.optional(),
    })
    .describe('The problem, as in the distributed-systems skill: problem_type, cluster_config, consistency, network.'),
  preferences: z
    .strictObject({
      protocol: z
        .enum(PROTOCOL_PREFERENCES)
        .default('auto')
        .describe('auto (the choice table), or force raft, multi_paxos or pbft for consensus-based designs.'),
      optimize_for: z
        .enum(OPTIMIZE_FOR)
        .default('availability')
        .describe(
          'availability (default), or commit_latency: Multi-Paxos with in-region Flexible-Paxos quorums when regions allow.',
        ),
    })
    .prefault({})
    .describe('Optional steering of the choice.'),
  verify: z
    .strictObject({
      runs: z
        .int()
        .min(0)
        .max(200)
        .optional()
        .describe(
          'Seeded simulations of the design with faults, 0..200 (0: skip; the failure scenarios still run). Default 20, fewer for costly groups (PBFT messages grow as n^2): verification.notes says how many and why.',
        ),
      seed: z.int().min(0).max(MAX_SEED).default(1).describe('Seed of the first run (run i uses seed + i).'),
      duration_ms: z
        .int()
        .min(2000)
        .max(60_000)
        .optional()
        .describe(
          'Simulated time per run, 2000..60000 ms; default 10000. Runs are stretched past it when the derived election timeouts need longer for a first leader and a failover.',
        ),
      writes_per_second: z
        .number()
        .min(1)
        .max(2000)
        .optional()
        .describe('Client writes per second in each run, 1..2000; default 100, lower for large PBFT groups.'),
    })
    .prefault({})
    .describe('How hard to verify the design by simulation.'),
  list_limit: z
    .int()
    .min(1)
    .max(DESIGN_LIST_LIMIT_MAX)
    .optional()
    .describe(
      `Most items in each capped list of the result, 1..${DESIGN_LIST_LIMIT_MAX}, to ask for more (or less) detail: partitioning.layout.ranges (default the first ${DESIGN_RANGES_LISTED} in key order) and verification.violations (default ${VIOLATIONS_LISTED}). The result still stays under about 15 000 tokens: a list cut to fit is named in output_trimmed.`,
    ),
});

export type DesignProtocolInput = z.output<typeof inputSchema>;

const p2 = z.object({ p50: z.number().nullable(), p99: z.number().nullable() });

export const outputSchema = z.object({
  design: z
    .string()
    .describe('Design family: raft, multi_paxos, pbft, leaderless_quorum, sharded_consensus, two_phase_commit, crdt.'),
  protocol: z.object({ name: z.string(), description: z.string(), correctness_guarantee: z.string() }),
  configuration: z
    .object({
      quorum_size: z.int(),
      timeout_ms: z
        .int()
        .describe('Failure-detection timeout: election (Raft, Paxos), view change (PBFT), request (leaderless).'),
      heartbeat_ms: z.int().describe('Leader heartbeat (Raft, Paxos), retransmission (PBFT) or anti-entropy interval.'),
      election_timeout_ms: z.tuple([z.int(), z.int()]).optional(),
      pre_vote: z.boolean().optional(),
      check_quorum: z.boolean().optional(),
      phase1_quorum: z.int().optional(),
      phase2_quorum: z.int().optional(),
      batch_size: z.int().optional(),
      checkpoint_interval: z.int().optional(),
      watermark_window: z.int().optional(),
      reply_quorum: z.int().optional(),
      voters: z.int().optional(),
      learners: z.int().optional(),
      group_size: z.int().optional(),
      groups: z.int().optional(),
      replication_factor: z.int().optional(),
      read_quorum: z.int().optional(),
      write_quorum: z.int().optional(),
      virtual_nodes: z.int().optional(),
      partition_scheme: z.string().optional(),
      read_path: z.string(),
      conflict_resolution: z.string().optional(),
      crdt_type: z.string().optional(),
      anti_entropy_interval_ms: z.int().optional(),
      client_timeout_ms: z.int(),
      placement: z.array(z.object({ region: z.string(), nodes: z.int() })).optional(),
    })
    .describe('The settings to deploy, computed for this cluster and network.'),
  failure_scenarios: z.array(
    z.object({
      scenario: z.string(),
      behavior: z.string(),
      recovery: z.string(),
      simulated: z.boolean().describe('true: the behaviour was measured in a simulation of this design.'),
      measured: z
        .object({
          seed: z.int(),
          unavailable_ms: z.number(),
          failover_ms: z.number().nullable(),
          writes_ok: z.int(),
          writes_failed: z.int(),
          write_latency_p50_ms: z.number().nullable(),
          safety_held: z.boolean(),
        })
        .optional(),
    }),
  ),
  verification: z.object({
    simulated: z.boolean(),
    subject: z.string().describe('What was simulated, or why nothing could be.'),
    runs: z.int(),
    seed: z.int(),
    duration_ms: z.int(),
    faults_injected: z.record(z.string(), z.int()),
    safety_violations: z.int().describe('Invariant violations over every run and event: 0 expected.'),
    violations: z
      .array(z.string())
      .describe(`The first violations (seed, invariant, detail), at most ${VIOLATIONS_LISTED} (or list_limit).`),
    linearizable: z
      .boolean()
      .nullable()
      .describe("Every run's client history linearizable; null: not checked or undecided."),
    linearizability: z.object({ linearizable: z.int(), not_linearizable: z.int(), unknown: z.int() }),
    failover_ms: p2.extend({ samples: z.int() }),
    commit_latency_ms: p2.describe('Client-observed write latency, retries included.'),
    unavailable_fraction: z
      .number()
      .nullable()
      .describe(
        "Share of time with no writable leader under the runs' fault load (a leader crash every run): a stress figure, not an expected availability.",
      ),
    figures: z
      .record(z.string(), z.number().nullable())
      .describe('Design-specific figures (convergence, placement, transactions).'),
    completed: z.boolean(),
    verified: z
      .boolean()
      .describe(
        'false when the runs could not show what they were for (no leader elected, no failover within the run): the figures are then not evidence; notes says why.',
      ),
    writes_per_second: z.number().describe('Client writes offered per second in each run.'),
    notes: z
      .array(z.string())
      .describe('How runs, duration and load were chosen, and why a verification is not conclusive.'),
  }),
  retry_policy: z.object({
    max_attempts: z.int(),
    initial_delay_ms: z.number(),
    max_delay_ms: z.number(),
    multiplier: z.number(),
    jitter_factor: z.number(),
    per_attempt_timeout_ms: z.int(),
    retry_on: z.array(z.string()),
    abort_on: z.array(z.string()),
    idempotency_key_format: z.string(),
    dedup_window_seconds: z.number(),
  }),
  rationale: z.array(z.string()).describe('Each choice and its trade-off, including the timing derivation.'),
  alternatives: z.array(z.object({ name: z.string(), trade_off: z.string(), when_better: z.string() })),
  assumptions: z.array(z.string()).describe('What was assumed where the input was silent.'),
  warnings: z.array(z.string()),
  partitioning: partitioningOutput.optional(),
  summary: z.string(),
});
