import type { z } from 'zod';
import {
  ABORT_ON,
  DEDUP_WINDOW_SECONDS,
  RETRY_ON,
  startDesign,
  type DesignConfiguration,
  type DesignResult,
  type DesignSpec,
  type DesignVerification,
} from '../engine/index.js';
import { partitioningOut } from './design-protocol-partitioning.js';
import { inputSchema, outputSchema, type DesignProtocolInput } from './design-protocol-schema.js';
import { PURE_TOOL, defineTool, type ToolContext } from './define-tool.js';
import { runInSlices } from './long-work.js';

export { inputSchema, outputSchema };

type Output = z.input<typeof outputSchema>;

export function designSpec(input: DesignProtocolInput): DesignSpec {
  const c = input.distributed_context;
  const n = c.network_assumptions;
  return {
    problemType: c.problem_type,
    nodes: c.cluster_config.nodes,
    failureTolerance: c.cluster_config.failure_tolerance,
    regions: c.cluster_config.regions,
    consistency: c.consistency_requirement,
    latencyMs: n.latency_ms,
    partitionProbability: n.partition_probability,
    byzantine: n.byzantine,
    protocol: input.preferences.protocol,
    optimizeFor: input.preferences.optimize_for,
    verify: {
      runs: input.verify.runs,
      seed: input.verify.seed,
      durationMs: input.verify.duration_ms,
      writesPerSecond: input.verify.writes_per_second,
      violationsListed: input.list_limit,
    },
    partitioning: c.partitioning && {
      rangeQueries: c.partitioning.range_queries,
      loadSkew: c.partitioning.load_skew,
      sequentialKeys: c.partitioning.sequential_keys,
      manualPlacement: c.partitioning.manual_placement,
    },
  };
}

export async function runDesignProtocol(input: DesignProtocolInput, ctx: ToolContext): Promise<Output> {
  const job = startDesign(designSpec(input));
  await runInSlices(job, ctx, { unitsPerSlice: 20_000 });
  return designOutput(input, job.result());
}

function configurationOut(c: DesignConfiguration): Output['configuration'] {
  const out: Output['configuration'] = {
    quorum_size: c.quorumSize,
    timeout_ms: Math.round(c.timeoutMs),
    heartbeat_ms: Math.round(c.heartbeatMs),
    read_path: c.readPath,
    client_timeout_ms: Math.round(c.clientTimeoutMs),
  };
  const optional: [keyof Output['configuration'], unknown][] = [
    ['election_timeout_ms', c.electionTimeoutMs ? [...c.electionTimeoutMs] : undefined],
    ['pre_vote', c.preVote],
    ['check_quorum', c.checkQuorum],
    ['phase1_quorum', c.phase1Quorum],
    ['phase2_quorum', c.phase2Quorum],
    ['batch_size', c.batchSize],
    ['checkpoint_interval', c.checkpointInterval],
    ['watermark_window', c.watermarkWindow],
    ['reply_quorum', c.replyQuorum],
    ['voters', c.voters],
    ['learners', c.learners],
    ['group_size', c.groupSize],
    ['groups', c.groups],
    ['replication_factor', c.replicationFactor],
    ['read_quorum', c.readQuorum],
    ['write_quorum', c.writeQuorum],
    ['virtual_nodes', c.virtualNodes],
    ['partition_scheme', c.partitionScheme],
    ['conflict_resolution', c.conflictResolution],
    ['crdt_type', c.crdtType],
    ['anti_entropy_interval_ms', c.antiEntropyIntervalMs],
    ['placement', c.placement?.map((p) => ({ region: p.region, nodes: p.nodes }))],
  ];
  for (const [key, value] of optional) if (value !== undefined) Object.assign(out, { [key]: value });
  return out;
}

function verificationOut(v: DesignVerification): Output['verification'] {
  return {
    simulated: v.simulated,
    subject: v.subject,
    runs: v.runs,
    seed: v.seed,
    duration_ms: v.durationMs,
    faults_injected: Object.fromEntries(Object.entries(v.faultsInjected).sort(([a], [b]) => a.localeCompare(b))),
    safety_violations: v.safetyViolations,
    violations: [...v.violations],
    linearizable: v.linearizable,
    linearizability: {
      linearizable: v.linearizability.linearizable,
      not_linearizable: v.linearizability.notLinearizable,
      unknown: v.linearizability.unknown,
    },
    failover_ms: { ...v.failoverMs },
    commit_latency_ms: { ...v.commitLatencyMs },
    unavailable_fraction: v.unavailableFraction,
    figures: { ...v.figures },
    completed: v.completed,
    verified: v.verified,
    writes_per_second: v.writesPerSecond,
    notes: [...v.notes],
  };
}

export function designOutput(input: DesignProtocolInput, r: DesignResult): Output {
  const out: Output = {
    design: r.kind,
    protocol: {
      name: r.protocol.name,
      description: r.protocol.description,
      correctness_guarantee: r.protocol.correctnessGuarantee,
    },
    configuration: configurationOut(r.configuration),
    failure_scenarios: r.failureScenarios.map((s) => ({
      scenario: s.scenario,
      behavior: s.behavior,
      recovery: s.recovery,
      simulated: s.simulated,
      ...(s.measured
        ? {
            measured: {
              seed: s.measured.seed,
              unavailable_ms: s.measured.unavailableMs,
              failover_ms: s.measured.failoverMs,
              writes_ok: s.measured.writesOk,
              writes_failed: s.measured.writesFailed,
              write_latency_p50_ms: s.measured.writeLatencyP50Ms,
              safety_held: s.measured.safetyHeld,
            },
          }
        : {}),
    })),
    verification: verificationOut(r.verification),
    retry_policy: {
      max_attempts: r.retryPolicy.maxAttempts,
      initial_delay_ms: r.retryPolicy.initialDelayMs,
      max_delay_ms: r.retryPolicy.maxDelayMs,
      multiplier: r.retryPolicy.multiplier,
      jitter_factor: r.retryPolicy.jitterFactor,
      per_attempt_timeout_ms: Math.round(r.retryPolicy.perAttemptTimeoutMs),
      retry_on: [...RETRY_ON],
      abort_on: [...ABORT_ON],
      idempotency_key_format: '{request_id}:{operation_type}',
      dedup_window_seconds: DEDUP_WINDOW_SECONDS,
    },
    rationale: [...r.rationale],
    alternatives: r.alternatives.map((a) => ({ name: a.name, trade_off: a.tradeOff, when_better: a.whenBetter })),
    assumptions: [...r.assumptions],
    warnings: [...r.warnings],
    ...(r.partitioning
      ? {
          partitioning: partitioningOut(
            r.partitioning,
            input.distributed_context.cluster_config.nodes,
            input.distributed_context.partitioning ?? {},
            input.verify.seed,
            input.list_limit,
          ),
        }
      : {}),
    summary: '',
  };
  out.summary = summarize(input, r);
  return out;
}

const fmt = (v: number | null, unit = 'ms'): string => (v === null ? 'n/a' : `${Math.round(v * 10) / 10} ${unit}`);

function summarize(input: DesignProtocolInput, r: DesignResult): string {
  const c = input.distributed_context;
  const cfg = r.configuration;
  const parts = [
    `For ${c.cluster_config.nodes} node(s) (${c.problem_type}, ${c.consistency_requirement}${c.network_assumptions.byzantine ? ', byzantine' : ''}): ${r.protocol.name}, quorum ${cfg.quorumSize}` +
      (cfg.electionTimeoutMs
        ? `, election timeout ${cfg.electionTimeoutMs[0]}-${cfg.electionTimeoutMs[1]} ms, heartbeat ${cfg.heartbeatMs} ms`
        : `, timeout ${cfg.timeoutMs} ms`) +
      '.',
  ];
  const v = r.verification;
  if (!v.simulated) parts.push(`Not verified by simulation: ${v.subject}.`);
  else if (!v.verified) {
    const why = v.notes.filter((n) => n.startsWith('not verified: ')).map((n) => n.slice('not verified: '.length));
    parts.push(
      `NOT VERIFIED: ${v.runs} seeded run(s) (seed ${v.seed}) could not show a working failover: ${why.join('; ')}. ${v.safetyViolations === 0 ? 'Safety held in them' : `SAFETY BROKE in them (${v.safetyViolations} violation(s))`}, but availability and failover figures are not evidence.`,
    );
  } else {
    const faults = Object.values(v.faultsInjected).reduce((a, b) => a + b, 0);
    const lin =
      v.linearizable === true
        ? 'every client history linearizable'
        : v.linearizable === false
          ? 'SOME HISTORIES NOT LINEARIZABLE'
          : 'linearizability not checked';
    parts.push(
      `Verified by ${v.runs} seeded run(s) (seed ${v.seed}) with ${faults} injected fault(s): ${v.safetyViolations} safety violation(s), ${lin}` +
        (v.failoverMs.samples > 0 ? `, failover p50 ${fmt(v.failoverMs.p50)} / p99 ${fmt(v.failoverMs.p99)}` : '') +
        (v.commitLatencyMs.p50 !== null
          ? `, commit latency p50 ${fmt(v.commitLatencyMs.p50)} / p99 ${fmt(v.commitLatencyMs.p99)}`
          : '') +
        (v.unavailableFraction !== null && v.failoverMs.samples > 0
          ? `, unavailable ${(100 * v.unavailableFraction).toFixed(2)}% of the time under that fault load`
          : '') +
        (v.figures['convergence_after_last_fault_p50_ms'] !== undefined
          ? `, ${v.figures['runs_converged']} of ${v.runs} runs converged (p50 ${fmt(v.figures['convergence_after_last_fault_p50_ms'] ?? null)} after the last fault)`
          : '') +
        '.',
    );
  }
  const chosen = v.notes.filter((n) => !n.startsWith('not verified: '));
  if (chosen.length > 0) parts.push(`Runs chosen: ${chosen.join('; ')}.`);
  if (r.partitioning) parts.push(partitioningSentence(r.partitioning));
  parts.push(
    `${r.failureScenarios.length} failure scenarios (${r.failureScenarios.filter((s) => s.simulated).length} simulated) describe behaviour and recovery.`,
  );
  if (r.warnings.length > 0) parts.push(`Warnings: ${r.warnings.join(' ')}`);
  return parts.join(' ');
}

function partitioningSentence(p: NonNullable<DesignResult['partitioning']>): string {
  const e = p.evidence;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  if (p.scheme === 'range') {
    const s = e.sequential;
    const inserts = s
      ? ` Keys arrive in order: plain keys put every insert on one node (${s.insertMaxOverMeanRange.toFixed(2)}x its fair insert load)` +
        (p.keyBuckets
          ? `, so keys take one of ${p.keyBuckets} hash-bucket prefixes: inserts on ${s.insertNodesBucketed} node(s) (${s.insertMaxOverMeanBucketed.toFixed(2)}x), scans ask every bucket.`
          : '.')
      : '';
    return `Keys are split into ordered ranges: a scan over a tenth of the keys asks ${e.scanNodesRange} node(s) (hashing: ${e.scanNodesHash}); stored keys: busiest node ${e.maxOverMeanRange.toFixed(2)}x its fair load, ${e.maxOverMeanRangeAfterSplits.toFixed(2)}x after splitting ${e.hotRanges} hot range(s).${inserts}`;
  }
  if (p.scheme === 'directory') {
    const r = p.directory?.replication;
    return `Keys are placed by a routing table (${r?.replicas ?? 3} copies, updates need ${r?.updateQuorum ?? 2}) in front of a consistent-hash ring.`;
  }
  return `Keys are split by consistent hashing: busiest node ${e.maxOverMeanHash.toFixed(2)}x its fair load; a join moves ${pct(e.movedOnJoinHash)} of the keys (ideal ${pct(e.idealOnJoin)}); a scan would ask ${e.scanNodesHash} node(s) (ranges: ${e.scanNodesRange}).`;
}

export const designProtocolTool = defineTool({
  name: 'design_protocol',
  title: 'Design a distributed protocol and verify it by simulation',
  description:
    'Choose and configure a protocol for a cluster (Raft, Multi-Paxos with Flexible-Paxos quorums, PBFT, leaderless ' +
    'quorums with CRDTs, shards by consistent hashing, ranges or a directory (from range_queries, skew and ' +
    'manual placement) with replication groups, two-phase commit over consensus groups) from ' +
    'the problem type, nodes, failure tolerance, regions, consistency need and network; derive its timeouts from the ' +
    'latency (broadcast << election timeout << MTBF); then verify it with seeded simulations under faults (safety, ' +
    'linearizability, failover, commit latency, availability) and simulate its failure scenarios. Use it when asked ' +
    '"what should I run and how do I configure it?". Impossible sizes (below 2f+1, or 3f+1 if byzantine) are ' +
    'refused with the fix. Bounds: 1..1000 nodes (groups above 25 voters are designed, not simulated), 0..200 runs.',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint:
    'Verify less in one call: fewer verify.runs, a shorter verify.duration_ms or a lower verify.writes_per_second (verify.runs 0 skips the runs).',
  run: runDesignProtocol,
});
