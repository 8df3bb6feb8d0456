import { z } from 'zod';
import {
  DEFAULT_RETRY_POLICY,
  FAULT_ACTIONS,
  MAX_SEED,
  SIM_LIMITS,
  SIM_PROTOCOL_NAMES,
  configError,
  createHistoryCheck,
  startClusterSimulation,
  type ClusterSimulationSpec,
  type FaultSpec,
} from '../engine/index.js';
import { PURE_TOOL, defineTool, toolInput, type ToolContext } from './define-tool.js';
import { CALL_MEMO_BYTES_MAX, runInSlices } from './long-work.js';
import { clientOpsCap, outputSchema, simulationOutput } from './simulate-cluster-output.js';

export { outputSchema };

const N = SIM_LIMITS.nodes;
const ms = (max: number) => z.number().min(0).max(max);
const nodeNumbers = z.array(z.int().min(1).max(N)).max(N);

const fault = z.strictObject({
  at_ms: ms(SIM_LIMITS.durationMs).describe('Virtual time the fault starts, ms from the start of the run.'),
  action: z
    .enum(FAULT_ACTIONS)
    .describe(
      'crash / restart nodes (restart without nodes restarts every crashed one); crash_leader; partition: cut nodes ' +
        'off from targets (default: every other node) both ways; partition_one_way: drop only what nodes send to ' +
        'targets; isolate_leader: cut the current leader off (its region peers too are cut from it); ' +
        'isolate_leader_region (needs regions): cut every node of the region the leader is in at that moment from ' +
        'the other regions, the nodes inside it still talk to each other; heal: end every partition, slow link and packet loss; ' +
        'slow_link: add latency_ms to every message between nodes and targets; packet_loss: lose messages with ' +
        'probability. Byzantine (nodes, or the current leader when none are given): byzantine_silent sends nothing; ' +
        'byzantine_wrong_replies answers clients with values never written; byzantine_equivocate (pbft only) makes ' +
        'a primary send different requests to different replicas for one sequence number, and backups collude.',
    ),
  nodes: nodeNumbers
    .default([])
    .describe(
      `Node numbers 1..${N} (node-1 is 1). Ignored by *_leader, isolate_leader_region and heal; byzantine_* without nodes: the leader.`,
    ),
  targets: nodeNumbers.optional().describe('The other side of a partition or slow link; default every other node.'),
  duration_ms: ms(SIM_LIMITS.durationMs)
    .optional()
    .describe('Undo the fault after this long (restart, heal that cut, restore the link); default: it lasts.'),
  latency_ms: ms(60_000).optional().describe('slow_link only: extra one-way delay in ms, 0..60000.'),
  probability: z.number().min(0).max(1).optional().describe('packet_loss only: loss probability 0..1.'),
});

export const inputSchema = toolInput({
  protocol: z.enum(SIM_PROTOCOL_NAMES).default('raft').describe('Consensus protocol to simulate.'),
  nodes: z.int().min(1).max(N).default(5).describe(`Voting nodes, 1..${N}.`),
  seed: z
    .int()
    .min(0)
    .max(MAX_SEED)
    .default(1)
    .describe('Seed of every random draw; the same seed and input give the same result.'),
  duration_ms: z
    .int()
    .min(100)
    .max(SIM_LIMITS.durationMs)
    .default(10_000)
    .describe(`Simulated time, 100..${SIM_LIMITS.durationMs} ms.`),
  election_timeout_ms: z
    .tuple([z.number().min(1).max(60_000), z.number().min(1).max(60_000)])
    .default([150, 300])
    .describe('[min, max] randomized election timeout in ms (each 1..60000, min <= max); Raft default [150, 300].'),
  heartbeat_ms: z.number().min(1).max(60_000).default(50).describe('Leader heartbeat interval, 1..60000 ms.'),
  pre_vote: z.boolean().default(false).describe('PreVote: a node asks whether it could win before raising its term.'),
  check_quorum: z.boolean().default(false).describe('CheckQuorum: a leader that cannot hear a majority steps down.'),
  phase1_quorum: z
    .int()
    .min(1)
    .max(N)
    .optional()
    .describe('multi_paxos only: Flexible-Paxos phase-1 (leader change) quorum |Q1|; default a majority.'),
  phase2_quorum: z
    .int()
    .min(1)
    .max(N)
    .optional()
    .describe('multi_paxos only: phase-2 (every slot) quorum |Q2|; default a majority. |Q1| + |Q2| must exceed nodes.'),
  batch_size: z
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('pbft only: most client requests per pre-prepare, 1..1000; default 16.'),
  checkpoint_interval: z
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      'pbft only: a checkpoint every this many sequence numbers (the log holds twice that), 1..10000; default 64.',
    ),
  allow_unsafe_quorums: z
    .boolean()
    .default(false)
    .describe('multi_paxos only: run |Q1| + |Q2| <= nodes anyway, to watch two values get chosen for one slot.'),
  latency_ms: z
    .number()
    .min(0.01)
    .max(10_000)
    .default(1)
    .describe('Mean one-way delay between nodes of one region, 0.01..10000 ms.'),
  latency_distribution: z
    .enum(['constant', 'uniform', 'normal', 'lognormal'])
    .default('normal')
    .describe(
      'Shape of the delay: constant, uniform (mean +- jitter), normal (sd = jitter) or lognormal (heavy tail).',
    ),
  latency_jitter_ms: ms(10_000).optional().describe('Spread of the delay in ms (0..10000); default 20% of latency_ms.'),
  regions: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(64).describe('Region name.'),
        nodes: z.int().min(0).max(N).optional().describe('Nodes in this region; give it for every region or none.'),
      }),
    )
    .min(1)
    .max(16)
    .optional()
    .describe('Placement over 1..16 regions (nodes numbered in region order); without counts, spread evenly.'),
  inter_region_latency_ms: z
    .number()
    .min(0.01)
    .max(10_000)
    .default(30)
    .describe('Mean one-way delay between two regions, ms.'),
  region_latency_ms: z
    .array(z.array(z.number().min(0.01).max(10_000)).max(16))
    .max(16)
    .optional()
    .describe('Full [from][to] matrix of mean one-way delays between regions in ms (overrides the two above).'),
  loss_probability: z.number().min(0).max(1).default(0).describe('Chance each message is lost, 0..1.'),
  duplicate_probability: z.number().min(0).max(1).default(0).describe('Chance each message is delivered twice, 0..1.'),
  disk_latency_ms: ms(1000).default(0).describe('fsync time, 0..1000 ms: messages after a write wait for it.'),
  writes_per_second: z
    .number()
    .min(0)
    .max(10_000)
    .default(100)
    .describe('Client writes per second (Poisson), 0..10000.'),
  reads_per_second: z.number().min(0).max(10_000).default(0).describe('Client reads per second (Poisson), 0..10000.'),
  keys: z.int().min(1).max(10_000).default(10).describe('Keys the workload spreads over, 1..10000.'),
  read_mode: z
    .enum(['read_index', 'log', 'leader_local', 'any_local'])
    .default('read_index')
    .describe('read_index (linearizable, Raft §6.4), log (a read entry), leader_local (unsafe), any_local (stale).'),
  client_concurrency: z.int().min(1).max(1000).default(50).describe('Most client operations in flight, 1..1000.'),
  client_timeout_ms: z.number().min(1).max(60_000).default(500).describe('Client wait per attempt, 1..60000 ms.'),
  dedup_window_seconds: z.number().min(0).max(3600).default(300).describe('State-machine dedup window, 0..3600 s.'),
  faults: z
    .array(fault)
    .max(SIM_LIMITS.faults)
    .default([])
    .describe(`Fault script, at most ${SIM_LIMITS.faults} entries.`),
  random_faults: z
    .strictObject({
      crash_rate_per_minute: z.number().min(0).max(600).default(0).describe('Crashes per node per minute, 0..600.'),
      partition_probability: z
        .number()
        .min(0)
        .max(1)
        .default(0)
        .describe('Chance per second a random partition starts.'),
      mttr_ms: z.number().min(1).max(600_000).default(1000).describe('Mean crash downtime and partition length, ms.'),
    })
    .optional()
    .describe('Faults drawn from the seed at these rates.'),
  check_linearizability: z
    .boolean()
    .default(true)
    .describe('Check the client history for linearizability (the kv model, key by key) after the run.'),
  linearizability_max_steps: z
    .int()
    .min(1000)
    .max(1_000_000_000)
    .default(20_000_000)
    .describe('Search budget of that check in steps, 1000..1e9; past it the verdict is unknown, never a guess.'),
  trace: z.int().min(0).max(1000).default(40).describe('Trace records to return (a sample of the run), 0..1000.'),
  prometheus: z.boolean().default(false).describe('Also return the metrics in Prometheus text format.'),
  max_events: z
    .int()
    .min(1000)
    .max(SIM_LIMITS.events)
    .default(10_000_000)
    .describe(`Event bound, 1000..${SIM_LIMITS.events}.`),
});

export type SimulateClusterInput = z.output<typeof inputSchema>;

/** Node index of each region position, and the mean-delay matrix between regions. */
function regionsOf(input: SimulateClusterInput): ClusterSimulationSpec['regions'] {
  const regions = input.regions;
  if (!regions) return undefined;
  const counted = regions.filter((r) => r.nodes !== undefined);
  if (counted.length > 0 && counted.length < regions.length) {
    throw configError('regions', 'give nodes for every region or for none');
  }
  const counts =
    counted.length > 0
      ? regions.map((r) => r.nodes ?? 0)
      : regions.map((_, i) => Math.floor(input.nodes / regions.length) + (i < input.nodes % regions.length ? 1 : 0));
  if (counts.reduce((a, b) => a + b, 0) !== input.nodes) {
    throw configError('regions', `region node counts must add up to nodes (${input.nodes})`);
  }
  const matrix = input.region_latency_ms;
  if (matrix && (matrix.length !== regions.length || matrix.some((row) => row.length !== regions.length))) {
    throw configError(
      'region_latency_ms',
      `give a ${regions.length}x${regions.length} matrix, one row and column per region`,
    );
  }
  return {
    regionOf: counts.flatMap((c, i) => Array.from({ length: c }, () => i)),
    latencyMs:
      matrix ??
      regions.map((_, i) => regions.map((_, j) => (i === j ? input.latency_ms : input.inter_region_latency_ms))),
  };
}

function faultsOf(input: SimulateClusterInput): FaultSpec[] {
  return input.faults.map((f, i) => {
    if (f.action === 'slow_link' && f.latency_ms === undefined)
      throw configError(`faults.${i}.latency_ms`, 'slow_link needs latency_ms');
    if (f.action === 'packet_loss' && f.probability === undefined)
      throw configError(`faults.${i}.probability`, 'packet_loss needs probability');
    for (const n of [...f.nodes, ...(f.targets ?? [])]) {
      if (n > input.nodes)
        throw configError(`faults.${i}.nodes`, `node ${n} does not exist: nodes are numbered 1..${input.nodes}`);
    }
    return {
      atMs: f.at_ms,
      action: f.action,
      nodes: f.nodes.map((n) => n - 1),
      targets: f.targets?.map((n) => n - 1),
      durationMs: f.duration_ms,
      latencyMs: f.latency_ms,
      probability: f.probability,
    };
  });
}

export function clusterSpec(input: SimulateClusterInput): ClusterSimulationSpec {
  const [min, max] = input.election_timeout_ms;
  if (input.protocol !== 'multi_paxos') {
    for (const field of ['phase1_quorum', 'phase2_quorum'] as const) {
      if (input[field] !== undefined) throw configError(field, 'phase quorums apply to protocol multi_paxos only');
    }
  }
  if (input.protocol !== 'pbft') {
    for (const field of ['batch_size', 'checkpoint_interval'] as const) {
      if (input[field] !== undefined) throw configError(field, `${field} applies to protocol pbft only`);
    }
  }
  if (min > max) throw configError('election_timeout_ms', `give [min, max] with min <= max, got [${min}, ${max}]`);
  const rf = input.random_faults;
  return {
    protocol: input.protocol,
    tuning: {
      electionTimeoutMinMs: min,
      electionTimeoutMaxMs: max,
      heartbeatMs: input.heartbeat_ms,
      preVote: input.pre_vote,
      checkQuorum: input.check_quorum,
      phase1Quorum: input.phase1_quorum,
      phase2Quorum: input.phase2_quorum,
      allowUnsafeQuorums: input.allow_unsafe_quorums,
      batchSize: input.batch_size,
      checkpointInterval: input.checkpoint_interval,
    },
    nodes: input.nodes,
    seed: input.seed,
    durationMs: input.duration_ms,
    latency: {
      distribution: input.latency_distribution,
      meanMs: input.latency_ms,
      jitterMs: input.latency_jitter_ms ?? input.latency_ms * 0.2,
    },
    regions: regionsOf(input),
    lossProbability: input.loss_probability,
    duplicateProbability: input.duplicate_probability,
    diskLatencyMs: input.disk_latency_ms,
    clients: {
      writesPerSecond: input.writes_per_second,
      readsPerSecond: input.reads_per_second,
      keys: input.keys,
      concurrency: input.client_concurrency,
      timeoutMs: input.client_timeout_ms,
      retry: DEFAULT_RETRY_POLICY,
      readMode: input.read_mode,
      maxOps: clientOpsCap(input.nodes),
    },
    faults: faultsOf(input),
    randomFaults: {
      crashRatePerMinute: rf?.crash_rate_per_minute ?? 0,
      partitionProbability: rf?.partition_probability ?? 0,
      mttrMs: rf?.mttr_ms ?? 1000,
    },
    dedupWindowMs: input.dedup_window_seconds * 1000,
    maxEvents: input.max_events,
  };
}

export async function runSimulateCluster(
  input: SimulateClusterInput,
  ctx: ToolContext,
): Promise<z.input<typeof outputSchema>> {
  const job = startClusterSimulation(clusterSpec(input));
  await runInSlices(job, ctx, { unitsPerSlice: 50_000 });
  const result = job.result(input.trace);
  if (!input.check_linearizability) return simulationOutput(input, result, undefined);
  // The history is Jepsen-shaped get/put on keys: the kv model checks each key as its own register (P-compositionality).
  const check = createHistoryCheck(result.history, {
    model: 'kv',
    maxSteps: input.linearizability_max_steps,
    maxMemoBytes: CALL_MEMO_BYTES_MAX,
  });
  await runInSlices(check, ctx, { unitsPerSlice: 20_000 });
  return simulationOutput(input, result, check.result());
}

export const simulateClusterTool = defineTool({
  name: 'simulate_cluster',
  title: 'Simulate a consensus cluster under faults',
  description:
    'Run a deterministic, seeded simulation of a Raft, Multi-Paxos (Flexible-Paxos quorums too) or PBFT cluster ' +
    'with clients, network delay, loss, partitions, slow links, crashes, byzantine replicas and random faults, and ' +
    'report leaders, whether ' +
    "the protocol's safety properties held on every event, whether the clients' history is linearizable, " +
    'client outcomes with commit latency, time without a writable leader, the seed metrics and a trace sample. Use ' +
    'it for what-if questions ("what happens when the leader\'s region is cut off for 10 s?", "do 150-300 ms ' +
    'timeouts survive 40 ms links?"). Same seed and input give the same answer. Bounds: 1..25 nodes, up to 600 s ' +
    'simulated, 10 M events by default.',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint:
    'Simulate less in one call: a shorter duration_ms, fewer nodes, lower writes_per_second and reads_per_second, or a max_events below the events reached (a deterministic cut); the CLI has no wall-clock limit.',
  run: runSimulateCluster,
});
