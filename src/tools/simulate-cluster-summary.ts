import { SIM_LIMITS, type SimulationResult } from '../engine/index.js';
import type { Output } from './simulate-cluster-output.js';
import type { SimulateClusterInput } from './simulate-cluster.js';

/**
 * Client operations one run may start. Every write lands in each node's log and dedup table, so the cap shrinks
 * above 12 nodes to keep a 25-node run at 10 000 writes/s inside the server's 512 MB (the Raft logs, tables and
 * history of 200 000 writes on 25 nodes took about 500 MB).
 */
export function clientOpsCap(nodes: number): number {
  return Math.min(SIM_LIMITS.clientOps, Math.floor(CLIENT_OP_SLOTS / Math.max(1, nodes)));
}

const CLIENT_OP_SLOTS = 2_500_000;

const fmt = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 10) / 10} ms`);

export function summarize(r: SimulationResult, out: Output): string {
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
  parts.push(leadershipSentence(r));
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
  for (const w of out.warnings) parts.push(`Warning: ${w}`);
  return parts.join(' ');
}

/**
 * Leader changes in the protocol's own words: PBFT has views, view changes and primaries (Castro & Liskov §4.4),
 * not elections; a view change that installs no primary is counted in leader_elections_total as a timeout (one
 * replica asked for it) or a split vote (several did).
 */
function leadershipSentence(r: SimulationResult): string {
  const e = r.metrics.leader_elections_total;
  const outage = `no ${r.protocol === 'pbft' ? 'working primary' : 'writable leader'} for ${Math.round(r.unavailableMs)} ms over ${r.outagesTotal} outage(s)`;
  if (r.protocol === 'pbft') {
    const failed = e.split_vote + e.timeout;
    const changes = r.leadersTotal - (r.leaders[0]?.term === 0 ? 1 : 0); // view 0's primary needs no change
    return `${r.leadersTotal} view(s) with a primary installed (${changes} by view change; ${failed} view change(s) abandoned before their new view started); ${outage}.`;
  }
  return `${r.leadersTotal} leader(s) elected (${e.split_vote} split vote(s), ${e.timeout} timed-out election(s)); ${outage}.`;
}

/**
 * Settings that make a run misleading. A leader that heartbeats no faster than the shortest election timeout lets
 * followers time out between heartbeats while it is healthy, so leaders churn (Raft §5.2 and §9.3: the broadcast
 * time, heartbeats included, must be well below the election timeout; etcd sends one every tenth of it).
 */
export function settingWarnings(input: SimulateClusterInput): string[] {
  const warnings: string[] = [];
  const [minMs] = input.election_timeout_ms;
  if (input.protocol !== 'pbft' && input.heartbeat_ms >= minMs) {
    warnings.push(
      `heartbeat_ms ${input.heartbeat_ms} is not below the shortest election timeout (${minMs} ms): followers time ` +
        'out between heartbeats of a healthy leader and start elections, so leaders churn for no fault. Use a ' +
        `heartbeat well below it (about ${Math.max(1, Math.round(minMs / 10))}-${Math.max(1, Math.round(minMs / 3))} ms), or raise election_timeout_ms.`,
    );
  }
  return warnings;
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
