import { z } from 'zod';
import {
  SIM_LIMITS,
  LATENCY_BUCKETS_SECONDS,
  TRACE_EVENTS,
  toPrometheus,
  type HistoryCheckResult,
  type SimulationResult,
} from '../engine/index.js';
import type { SimulateClusterInput } from './simulate-cluster.js';

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
      source: z.enum(['script', 'random']),
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
  summary: z.string(),
});

type Output = z.input<typeof outputSchema>;

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

/**
 * Client operations one run may start. Every write lands in each node's log and dedup table, so the cap shrinks
 * above 12 nodes to keep a 25-node run at 10 000 writes/s inside the server's 512 MB (the Raft logs, tables and
 * history of 200 000 writes on 25 nodes took about 500 MB).
 */
export function clientOpsCap(nodes: number): number {
  return Math.min(SIM_LIMITS.clientOps, Math.floor(CLIENT_OP_SLOTS / Math.max(1, nodes)));
}

const CLIENT_OP_SLOTS = 2_500_000;

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

const fmt = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 10) / 10} ms`);

function summarize(r: SimulationResult, out: Output): string {
  const parts: string[] = [];
  const secs = Math.round(r.virtualTimeMs) / 1000;
  parts.push(
    `Simulated ${secs} s of a ${r.nodes}-node ${r.protocol} cluster (seed ${r.seed}, ${r.eventsProcessed} events).`,
  );
  if (r.boundHit) parts.push(`The run stopped early at the ${r.boundHit} bound.`);
  const broken = r.invariants.filter((i) => !i.held);
  parts.push(
    broken.length === 0
      ? 'Every safety property held on every event.'
      : `SAFETY VIOLATED: ${broken.map((i) => `${i.name} (${i.firstViolation?.detail ?? ''} at ${i.firstViolation?.atMs ?? '?'} ms)`).join('; ')}.`,
  );
  const e = r.metrics.leader_elections_total;
  parts.push(
    `${r.leadersTotal} leader(s) elected (${e.split_vote} split vote(s), ${e.timeout} timed-out election(s)); no writable leader for ${Math.round(r.unavailableMs)} ms over ${r.outagesTotal} outage(s).`,
  );
  const c = r.clients;
  if (c.invoked > 0) {
    parts.push(
      `Clients: ${c.invoked} ops, ${c.ok} ok, ${c.failed} failed, ${c.indeterminate} indeterminate, ${c.retriedOps} retried; write latency p50 ${fmt(c.writeLatencyMs.p50)}, p99 ${fmt(c.writeLatencyMs.p99)}` +
        (c.readLatencyMs.p50 !== null
          ? `; read p50 ${fmt(c.readLatencyMs.p50)}, p99 ${fmt(c.readLatencyMs.p99)}`
          : '') +
        (c.shed > 0 ? `; ${c.shed} arrivals shed at the concurrency limit` : '') +
        (r.clientOpsCapped
          ? `; the cap of ${clientOpsCap(r.nodes)} operations per run stopped new arrivals before the end`
          : '') +
        '.',
    );
  }
  const lin = out.linearizability;
  if (out.linearizable === false) parts.push(`The client history is NOT linearizable: ${lin.detail}`);
  else if (out.linearizable === true)
    parts.push(`The client history is linearizable (${lin.keys_checked} keys checked).`);
  else if (lin.verdict === 'unknown') parts.push(`Linearizability undecided: ${lin.detail}.`);
  if (r.faultsTotal > 0) parts.push(`${r.faultsTotal} fault(s) applied.`);
  const byzantine = byzantineWarning(r);
  if (byzantine) parts.push(byzantine);
  return parts.join(' ');
}

/** Byzantine replicas beyond what the protocol tolerates make a violation an expected finding, not a bug. */
function byzantineWarning(r: SimulationResult): string | undefined {
  const liars = new Set(r.faults.filter((f) => f.action.startsWith('byzantine_')).flatMap((f) => f.nodes));
  if (liars.size === 0) return undefined;
  if (r.protocol !== 'pbft') {
    return `${liars.size} byzantine node(s): ${r.protocol} assumes crash faults only, so it promises nothing here.`;
  }
  const f = Math.floor((r.nodes - 1) / 3);
  return liars.size > f
    ? `${liars.size} byzantine replica(s) exceed f = ${f} for ${r.nodes} nodes: PBFT needs n >= 3f + 1, so its guarantees do not hold.`
    : `${liars.size} byzantine replica(s), within f = ${f}: honest replicas must still agree.`;
}
