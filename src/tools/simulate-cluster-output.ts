import { z } from 'zod';
import {
  LATENCY_BUCKETS_SECONDS,
  TRACE_EVENTS,
  toPrometheus,
  type HistoryCheckResult,
  type SimulationResult,
} from '../engine/index.js';
import type { SimulateClusterInput } from './simulate-cluster.js';
import { clientOpsCap, settingWarnings, summarize } from './simulate-cluster-summary.js';

export { clientOpsCap };

const node = (id: number): string => `node-${id + 1}`;
const MAX_LEADERS_SHOWN = 50;
const MAX_OUTAGES_SHOWN = 20;
const MAX_FAULTS_SHOWN = 50;

const percentiles = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});
const histogram = z.object({
  buckets: z.record(z.string(), z.int()).describe('Cumulative count per upper bound in seconds (le), and +Inf.'),
  sum: z.number(),
  count: z.int(),
});

export const outputSchema = z.object({
  protocol: z.string(),
  nodes: z.int(),
  seed: z.int().describe('The seed used: pass it again with the same input to get the same result.'),
  duration_ms: z.number(),
  completed: z.boolean().describe('false when a bound stopped the run before duration_ms.'),
  bound_hit: z.string().nullable().describe('Which bound stopped the run (max_events), or null.'),
  events_processed: z.int(),
  virtual_time_ms: z.number(),
  leaders: z
    .array(z.object({ term: z.int(), node: z.string(), elected_at_ms: z.number() }))
    .describe('Leaders elected, in order (first 50).'),
  leaders_total: z.int(),
  safe: z.boolean().describe('Every safety property held on every event.'),
  invariants: z.array(
    z.object({
      name: z.string(),
      rule: z.string(),
      held: z.boolean(),
      violations: z.int(),
      first_violation: z.object({ at_ms: z.number(), node: z.string().nullable(), detail: z.string() }).optional(),
    }),
  ),
  linearizable: z.boolean().nullable().describe('Verdict on the client history; null when it was not decided.'),
  linearizability: z.object({
    verdict: z
      .enum(['linearizable', 'not_linearizable', 'unknown', 'not_checked'])
      .describe('unknown: the search budget ran out first (never a guess).'),
    operations: z.int().describe('Client operations in the history.'),
    keys_checked: z.int().describe('Keys (independent registers) the checker searched.'),
    failed_keys: z.array(z.string()).describe('Keys whose history no order explains (at most 20).'),
    detail: z.string().describe('Why not linearizable (the operation that cannot be placed), or why unknown.'),
  }),
  clients: z.object({
    ops: z.int(),
    ok: z.int(),
    failed: z.int().describe('Definitely not applied (type fail).'),
    indeterminate: z.int().describe('Writes that may or may not have applied (type info: timed out).'),
    retried: z.int().describe('Operations that needed more than one attempt.'),
    retries: z.int(),
    deduplicated: z.int().describe('Retries the state machine recognised as already applied (DUPLICATE_REQUEST).'),
    shed: z.int().describe('Arrivals dropped because client_concurrency operations were already in flight.'),
    ops_capped: z
      .boolean()
      .describe(
        'true when the cap on operations per run (200 000; 2 500 000 / nodes above 12 nodes) stopped new arrivals early.',
      ),
    errors: z.record(z.string(), z.int()).describe('Error codes received, by code.'),
    write_latency_ms: percentiles.describe('Client-observed latency of successful writes, retries included.'),
    read_latency_ms: percentiles,
  }),
  unavailable_ms: z
    .number()
    .describe('Time with no live leader reaching a quorum both ways (writes could not commit).'),
  outages: z.array(z.object({ from_ms: z.number(), to_ms: z.number() })).describe('Unavailable intervals (first 20).'),
  outages_total: z.int(),
  metrics: z.object({
    leader_elections_total: z.object({ success: z.int(), timeout: z.int(), split_vote: z.int() }),
    replication_lag_seconds: z.record(z.string(), z.number()).describe('By follower_id, at the end of the run.'),
    consensus_latency_seconds: z
      .object({ write: histogram, read: histogram })
      .describe('Request at the leader to commit or read.'),
    partition_events_total: z.object({ detected: z.int(), healed: z.int() }),
  }),
  metrics_prometheus: z.string().optional(),
  replication_lag_max_seconds: z
    .record(z.string(), z.number())
    .describe('Worst lag seen per follower (sampled every 100 ms).'),
  messages: z.object({
    sent: z.int(),
    delivered: z.int(),
    cut: z.int().describe('Dropped by partitions.'),
    lost: z.int(),
    duplicated: z.int(),
    to_crashed_nodes: z.int(),
    by_type: z.record(z.string(), z.int()),
  }),
  faults_applied: z.array(
    z.object({
      at_ms: z.number(),
      action: z.string(),
      nodes: z.array(z.string()),
      source: z.enum(['script', 'random', 'nemesis']),
      note: z.string().optional(),
    }),
  ),
  faults_total: z.int(),
  final_state: z.array(
    z.object({
      node: z.string(),
      up: z.boolean(),
      role: z.string(),
      term: z.int(),
      commit_index: z.int(),
      last_index: z.int(),
      applied_index: z.int(),
    }),
  ),
  events: z
    .array(
      z.object({
        level: z.string(),
        timestamp: z.string(),
        skill: z.string(),
        node_id: z.string(),
        term: z.int(),
        event: z.enum(TRACE_EVENTS),
        context: z.record(z.string(), z.unknown()),
        at_ms: z.number(),
      }),
    )
    .describe('A sample of the trace in the seed log schema: elections and partitions first, then replication.'),
  event_counts: z.record(z.string(), z.int()).describe('How many of each trace event the whole run produced.'),
  warnings: z
    .array(z.string())
    .describe('Settings that make the run misleading (e.g. a heartbeat not below the election timeout), and why.'),
  summary: z.string(),
});

export type Output = z.input<typeof outputSchema>;

const bucketsOf = (
  h: SimulationResult['metrics']['consensus_latency_seconds']['write'],
): z.input<typeof histogram> => ({
  buckets: Object.fromEntries<number>([
    ...LATENCY_BUCKETS_SECONDS.map((le, i): [string, number] => [String(le), h.buckets[i] ?? 0]),
    ['+Inf', h.count],
  ]),
  sum: Math.round(h.sum * 1e6) / 1e6,
  count: h.count,
});

function linearizabilityOf(
  r: SimulationResult,
  check: HistoryCheckResult | undefined,
): Pick<Output, 'linearizable' | 'linearizability'> {
  const operations = r.clients.invoked;
  if (!check) {
    const detail = 'not checked (check_linearizability: false)';
    return {
      linearizable: null,
      linearizability: { verdict: 'not_checked', operations, keys_checked: 0, failed_keys: [], detail },
    };
  }
  const verdict = check.verdict === 'linearizable' || check.verdict === 'not_linearizable' ? check.verdict : 'unknown';
  const detail =
    verdict === 'not_linearizable'
      ? (check.counterexample?.explanation ?? `no valid order for ${check.failedKeys.join(', ')}`)
      : verdict === 'unknown'
        ? `the search stopped (${check.unknownReason ?? 'budget'}) before deciding; raise linearizability_max_steps`
        : `every key's history has an order that respects real time and a register's semantics`;
  return {
    linearizable: verdict === 'unknown' ? null : verdict === 'linearizable',
    linearizability: {
      verdict,
      operations,
      keys_checked: check.partitions.checked,
      failed_keys: [...check.failedKeys],
      detail,
    },
  };
}

export function simulationOutput(
  input: SimulateClusterInput,
  r: SimulationResult,
  check: HistoryCheckResult | undefined,
): Output {
  const out: Output = {
    protocol: r.protocol,
    nodes: r.nodes,
    seed: r.seed,
    duration_ms: r.durationMs,
    completed: r.boundHit === undefined,
    bound_hit: r.boundHit ?? null,
    events_processed: r.eventsProcessed,
    virtual_time_ms: r.virtualTimeMs,
    leaders: r.leaders
      .slice(0, MAX_LEADERS_SHOWN)
      .map((l) => ({ term: l.term, node: node(l.node), elected_at_ms: l.atMs })),
    leaders_total: r.leadersTotal,
    safe: r.invariants.every((i) => i.held),
    invariants: invariantsOf(r),
    ...linearizabilityOf(r, check),
    clients: clientsOf(r),
    unavailable_ms: r.unavailableMs,
    outages: r.outages.slice(0, MAX_OUTAGES_SHOWN).map((o) => ({ from_ms: o.fromMs, to_ms: o.toMs })),
    outages_total: r.outagesTotal,
    metrics: {
      leader_elections_total: r.metrics.leader_elections_total,
      replication_lag_seconds: r.metrics.replication_lag_seconds,
      consensus_latency_seconds: {
        write: bucketsOf(r.metrics.consensus_latency_seconds.write),
        read: bucketsOf(r.metrics.consensus_latency_seconds.read),
      },
      partition_events_total: r.metrics.partition_events_total,
    },
    ...(input.prometheus ? { metrics_prometheus: toPrometheus(r.metrics) } : {}),
    replication_lag_max_seconds: r.replicationLagMaxSeconds,
    messages: messagesOf(r),
    ...stateOf(r),
    events: r.trace.map((t) => ({ ...t, context: { ...t.context } })),
    event_counts: { ...r.traceCounts },
    warnings: settingWarnings(input),
    summary: '',
  };
  out.summary = summarize(r, out);
  return out;
}

function invariantsOf(r: SimulationResult): Output['invariants'] {
  return r.invariants.map((i) => ({
    name: i.name,
    rule: i.rule,
    held: i.held,
    violations: i.violations,
    ...(i.firstViolation
      ? {
          first_violation: {
            at_ms: i.firstViolation.atMs,
            node: i.firstViolation.node === undefined ? null : node(i.firstViolation.node),
            detail: i.firstViolation.detail,
          },
        }
      : {}),
  }));
}

function clientsOf(r: SimulationResult): Output['clients'] {
  const c = r.clients;
  return {
    ops: c.invoked,
    ok: c.ok,
    failed: c.failed,
    indeterminate: c.indeterminate,
    retried: c.retriedOps,
    retries: c.retries,
    deduplicated: c.deduplicated,
    shed: c.shed,
    ops_capped: r.clientOpsCapped,
    errors: { ...c.errors },
    write_latency_ms: c.writeLatencyMs,
    read_latency_ms: c.readLatencyMs,
  };
}

function messagesOf(r: SimulationResult): Output['messages'] {
  const m = r.messages;
  return {
    sent: m.sent,
    delivered: m.delivered,
    cut: m.cut,
    lost: m.lost,
    duplicated: m.duplicated,
    to_crashed_nodes: m.toCrashedNodes,
    by_type: m.byType,
  };
}

function stateOf(r: SimulationResult): Pick<Output, 'faults_applied' | 'faults_total' | 'final_state'> {
  return {
    faults_applied: r.faults.slice(0, MAX_FAULTS_SHOWN).map((f) => ({
      at_ms: f.atMs,
      action: f.action,
      nodes: f.nodes.map(node),
      source: f.source,
      ...(f.note ? { note: f.note } : {}),
    })),
    faults_total: r.faultsTotal,
    final_state: r.finalState.map((s) => ({
      node: node(s.node),
      up: s.up,
      role: s.role,
      term: s.term,
      commit_index: s.commitIndex,
      last_index: s.lastIndex,
      applied_index: s.appliedIndex,
    })),
  };
}
