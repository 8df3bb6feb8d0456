import { replicaName, type ModeOutcome, type ReplicationResult } from '../engine/index.js';

const WAITS_FOR: Record<ModeOutcome['mode'], string> = {
  sync: "the slowest replica's acknowledgment",
  semi_sync: "the first replica's acknowledgment",
  quorum: 'the W-th acknowledgment',
  async: 'no replica',
};

const pct = (v: number): string => `${Math.round(v * 10_000) / 100}%`;
const label = (m: ModeOutcome, r: ReplicationResult): string =>
  m.mode === 'quorum' ? `quorum (W=${r.writeQuorum})` : m.mode;

/** One paragraph: what a write costs, how far followers lag, what a failure loses, what is guaranteed. */
export function summarize(r: ReplicationResult, single: ModeOutcome | undefined): string {
  const parts = single ? [latencySentence(single, r)] : [compareSentences(r)];
  parts.push(lagSentence(r));
  if (single) {
    parts.push(availabilitySentence(single, r));
    parts.push(recoverySentence(single));
    parts.push(`Guarantee: ${single.consistency}. ${single.consistencyDetail}`);
  }
  return parts.join(' ');
}

function latencySentence(m: ModeOutcome, r: ReplicationResult): string {
  const l = m.commitLatency;
  const head = `${label(m, r)} replication to ${r.replicas} replica(s), waiting for ${WAITS_FOR[m.mode]}:`;
  if (!l) return `${head} no write committed during the run.`;
  const spread = m.latencyVaries ? ` (p50 ${l.p50Ms}, p99 ${l.p99Ms}, max ${l.maxMs} ms)` : '';
  const formula = m.closedFormLatencyMs !== null ? `; the formula gives ${m.closedFormLatencyMs} ms` : '';
  return `${head} a write commits in ${l.meanMs} ms on average${spread}${formula}.`;
}

function compareSentences(r: ReplicationResult): string {
  const latency = r.modes
    .map((m) => {
      const l = m.commitLatency;
      if (!l) return `${label(m, r)} never`;
      return `${label(m, r)} ${l.meanMs} ms${m.latencyVaries ? ` (p99 ${l.p99Ms} ms)` : ''}`;
    })
    .join(', ');
  const parts = [`Same workload, seed and draws for every mode. Mean commit latency: ${latency}.`];
  const first = r.modes[0];
  if (first) {
    const loss = r.modes
      .map((m) => `${label(m, r)} ${m.recovery.acknowledgedWritesLost} (${m.recovery.dataLossSeconds} s)`)
      .join(', ');
    parts.push(`${failureClause(first.recovery)}, acknowledged writes lost: ${loss}.`);
  }
  if (r.modes.some((m) => m.availability.blockedSeconds > 0)) {
    const avail = r.modes.map((m) => `${label(m, r)} ${pct(m.availability.availability)}`).join(', ');
    parts.push(`Write availability under the replica failures: ${avail}.`);
  }
  return parts.join(' ');
}

function lagSentence(r: ReplicationResult): string {
  const worst = replicaName(r.worstReplica);
  const at = `${r.endMs / 1000} s`;
  if (r.lagMessages === 0) return `At ${at} every follower has applied every write (no lag).`;
  const drain = r.applyRate !== undefined ? `, ${r.lagSeconds} s of apply work at ${r.applyRate} writes/s` : '';
  const formula = r.closedFormLag
    ? ` The formula (write_rate - apply_rate) x t gives ${r.closedFormLag.lagMessages} writes.`
    : '';
  return (
    `At ${at} the worst follower, ${worst}, is ${r.lagMessages} writes behind${drain}; ` +
    `its oldest unapplied write is ${r.stalenessSeconds} s old.${formula}`
  );
}

function availabilitySentence(m: ModeOutcome, r: ReplicationResult): string {
  const a = m.availability;
  const tolerance = `It tolerates ${a.failuresTolerated} unreachable replica(s) of ${r.replicas}`;
  const clauses: string[] = [];
  // Blocked time comes from replica outages only: without any, "blocked for 0 s" says nothing.
  if (a.replicaFailures > 0) {
    clauses.push(
      `the replica failures given block writes for ${a.blockedSeconds} s (availability ${pct(a.availability)})`,
    );
  }
  const stuck = a.writesNeverCommitted - a.writesInFlightAtPrimaryFailure;
  if (stuck > 0) clauses.push(`${stuck} write(s) never committed (a replica they waited for never came back)`);
  if (a.writesInFlightAtPrimaryFailure > 0) {
    clauses.push(
      `${a.writesInFlightAtPrimaryFailure} write(s) were in flight at the primary failure (never acknowledged; their clients may retry)`,
    );
  }
  return clauses.length === 0 ? `${tolerance}.` : `${tolerance}: ${clauses.join('; ')}.`;
}

/** "If the primary fails at 30 s", or, with no failure given, the assumption said plainly. */
function failureClause(rec: ModeOutcome['recovery']): string {
  const at = `${rec.failureAtMs / 1000} s`;
  return rec.failureAssumed
    ? `If the primary failed at the end of the run (${at}; assumed, as no primary_failure_at_seconds was given)`
    : `If the primary fails at ${at}`;
}

function recoverySentence(m: ModeOutcome): string {
  const rec = m.recovery;
  const promoted =
    rec.promotedReplica === undefined
      ? 'no replica is up to promote'
      : `failover to ${replicaName(rec.promotedReplica)}`;
  const catchUp =
    rec.promotionCatchUpSeconds > 0 ? `, which first applies ${rec.promotionCatchUpSeconds} s of backlog` : '';
  const lost =
    rec.acknowledgedWritesLost === 0
      ? 'no acknowledged write is lost'
      : `${rec.acknowledgedWritesLost} acknowledged write(s) are lost (the last ${rec.dataLossSeconds} s)`;
  return `${failureClause(rec)}, ${lost}; ${promoted}${catchUp}.`;
}
