/**
 * What a batch of log records (the seed log schema) shows: leaders per term, deposed leaders still replicating,
 * indexes applied with two values, partitions, clocks going backwards. Raft's safety properties (§5.2 Election
 * Safety, §5.4.3 State Machine Safety) are what make some of these findings violations rather than oddities.
 */
import { parseTimestampMs } from './iso-time.js';
import type { ContextValue, LogEventName, LogRecord } from './types.js';

export const MAX_EVENTS = 500;

export interface EventRecord {
  /** Position in the caller's `events` array, for citations (`events[3]`). */
  readonly index: number;
  readonly event: LogEventName;
  /** The node that wrote the record. */
  readonly node?: string | undefined;
  readonly term?: number | undefined;
  readonly atMs?: number | undefined;
  readonly context: Readonly<Record<string, ContextValue>>;
}

export interface LeaderClaim {
  readonly term: number;
  readonly leader: string;
  readonly index: number;
  readonly atMs?: number | undefined;
}

export interface EventFacts {
  readonly count: number;
  /** Records in time order when every record has a timestamp, otherwise in the order given. */
  readonly records: readonly EventRecord[];
  readonly leaders: readonly LeaderClaim[];
  readonly electionStarts: number;
  readonly startsByNode: ReadonlyMap<string, number>;
  readonly duplicateLeaders: readonly { term: number; nodes: string[]; indexes: number[] }[];
  readonly leaderChanges: number;
  /** Terms skipped between consecutive leaders: elections that produced no leader. */
  readonly termsSkipped: number;
  readonly spanMs?: number | undefined;
  readonly staleLeaderWrites: readonly { node: string; term: number; newerTerm: number; index: number }[];
  readonly partitionsDetected: number;
  readonly partitionsHealed: number;
  readonly isolated: readonly { index: number; nodes: readonly string[] }[];
  /** A leader_elected record while a partition was open (detected, not yet healed): some side still had a quorum. */
  readonly electedDuringPartition?: number | undefined;
  readonly applyConflicts: readonly ApplyConflict[];
  readonly clockBackwards: readonly { node: string; backMs: number; index: number }[];
  /** The largest clock offset that causality proves, from a follower appending in a term before its leader's election. */
  readonly causalSkew?: { node: string; leader: string; term: number; skewMs: number; index: number } | undefined;
  readonly conflictsResolved: number;
  readonly strategies: readonly string[];
  readonly nodes: readonly string[];
  /** Records whose timestamp was given but could not be read: left out of every timing (order, rates, clocks). */
  readonly unreadableTimestamps: readonly { readonly index: number; readonly text: string }[];
  /**
   * The lowest and highest term in the records. Each term begins with an election (Raft §5.2), so `to - from`
   * elections started within the records, whatever their timestamps say or do not say.
   */
  readonly termSpan?: { readonly from: number; readonly to: number } | undefined;
}

export interface ApplyConflict {
  readonly logIndex: number;
  readonly values: readonly { node: string; value: string; index: number }[];
  /** A leader_elected record sits between the first two differing applies: the value changed across a failover. */
  readonly leaderChangeBetween: boolean;
}

const str = (v: ContextValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: ContextValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

function normalize(records: readonly LogRecord[]): EventRecord[] {
  return records.map((r, index) => {
    const context = r.context ?? {};
    const node = r.node_id ?? str(context['node_id']);
    const term = r.term ?? num(context['term']);
    const atMs = r.timestamp === undefined ? undefined : parseTimestampMs(r.timestamp);
    return { index, event: r.event, node, term, atMs, context };
  });
}

/** The leader a leader_elected record names: `context.leader` or `context.node_id` (the seed's example), else the writer. */
function leaderClaim(r: EventRecord): LeaderClaim | undefined {
  const leader = str(r.context['leader']) ?? str(r.context['node_id']) ?? r.node;
  const term = r.term;
  if (r.event !== 'leader_elected' || leader === undefined || term === undefined) return undefined;
  return { term, leader, index: r.index, atMs: r.atMs };
}

export function analyzeEvents(input: readonly LogRecord[]): EventFacts {
  const given = normalize(input);
  const timed = given.every((r) => r.atMs !== undefined);
  const records = timed ? [...given].sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0) || a.index - b.index) : given;
  const leaders = records.map(leaderClaim).filter((c): c is LeaderClaim => c !== undefined);
  const times = records.map((r) => r.atMs).filter((t): t is number => t !== undefined);
  const strategies = new Set(
    records.flatMap((r) => (r.event === 'conflict_resolved' ? [str(r.context['strategy']) ?? 'unspecified'] : [])),
  );
  // A pre-vote round starts no term (Raft thesis §9.6), so it is not an election in the counts.
  const starts = records.filter((r) => r.event === 'election_started' && r.context['pre_vote'] !== true);
  return {
    count: records.length,
    records,
    leaders,
    electionStarts: starts.length,
    startsByNode: countBy(starts.map((r) => r.node ?? 'unknown')),
    duplicateLeaders: duplicateLeaders(leaders),
    leaderChanges: leaders.filter((c, i) => i > 0 && leaders[i - 1]?.leader !== c.leader).length,
    termsSkipped: termsSkipped(leaders),
    spanMs: times.length >= 2 ? Math.max(...times) - Math.min(...times) : undefined,
    staleLeaderWrites: staleLeaderWrites(records),
    partitionsDetected: records.filter((r) => r.event === 'partition_detected').length,
    partitionsHealed: records.filter((r) => r.event === 'partition_healed').length,
    isolated: records.flatMap((r) => {
      const nodes = r.context['isolated_nodes'];
      const list = Array.isArray(nodes) ? (nodes as readonly string[]) : undefined;
      return r.event === 'partition_detected' && list ? [{ index: r.index, nodes: [...list] }] : [];
    }),
    electedDuringPartition: electedDuringPartition(records),
    applyConflicts: applyConflicts(records),
    clockBackwards: clockBackwards(given),
    causalSkew: causalSkew(records, leaders),
    conflictsResolved: records.filter((r) => r.event === 'conflict_resolved').length,
    strategies: [...strategies].sort(),
    nodes: [...new Set(records.map((r) => r.node).filter((n): n is string => n !== undefined))].sort(),
    unreadableTimestamps: given.flatMap((r) => {
      const text = input[r.index]?.timestamp;
      return text !== undefined && r.atMs === undefined ? [{ index: r.index, text: String(text) }] : [];
    }),
    termSpan: termSpan(records),
  };
}

function termSpan(records: readonly EventRecord[]): EventFacts['termSpan'] {
  const terms = records.map((r) => r.term).filter((t): t is number => t !== undefined);
  return terms.length > 0 ? { from: Math.min(...terms), to: Math.max(...terms) } : undefined;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Raft §5.2 Election Safety: at most one leader per term. Two names for one term is a violation. */
function duplicateLeaders(leaders: readonly LeaderClaim[]): { term: number; nodes: string[]; indexes: number[] }[] {
  const byTerm = new Map<number, LeaderClaim[]>();
  for (const c of leaders) byTerm.set(c.term, [...(byTerm.get(c.term) ?? []), c]);
  const out: { term: number; nodes: string[]; indexes: number[] }[] = [];
  for (const [term, claims] of [...byTerm].sort((a, b) => a[0] - b[0])) {
    const nodes = [...new Set(claims.map((c) => c.leader))].sort();
    if (nodes.length > 1) out.push({ term, nodes, indexes: claims.map((c) => c.index) });
  }
  return out;
}

function termsSkipped(leaders: readonly LeaderClaim[]): number {
  const terms = [...new Set(leaders.map((c) => c.term))].sort((a, b) => a - b);
  let skipped = 0;
  for (let i = 1; i < terms.length; i++) skipped += Math.max(0, (terms[i] ?? 0) - (terms[i - 1] ?? 0) - 1);
  return skipped;
}

/**
 * A node that led term t and still writes `log_replicated` after another node was elected for a later term: a
 * deposed leader still acting, which is split-brain unless something fences it (Raft §6.4 on stale leaders).
 */
function staleLeaderWrites(
  records: readonly EventRecord[],
): { node: string; term: number; newerTerm: number; index: number }[] {
  const ledTerms = new Map<string, number>();
  let newest: LeaderClaim | undefined;
  const out: { node: string; term: number; newerTerm: number; index: number }[] = [];
  for (const r of records) {
    const claim = leaderClaim(r);
    if (claim) {
      ledTerms.set(claim.leader, Math.max(ledTerms.get(claim.leader) ?? -1, claim.term));
      if (!newest || claim.term > newest.term) newest = claim;
      continue;
    }
    if (r.event !== 'log_replicated' || r.node === undefined) continue;
    const led = ledTerms.get(r.node);
    const term = r.term ?? led;
    if (led === undefined || term === undefined || term > led || !newest) continue;
    if (newest.term > term && newest.leader !== r.node) {
      out.push({ node: r.node, term, newerTerm: newest.term, index: r.index });
    }
  }
  return out;
}

function electedDuringPartition(records: readonly EventRecord[]): number | undefined {
  let open = 0;
  for (const r of records) {
    if (r.event === 'partition_detected') open++;
    else if (r.event === 'partition_healed') open = Math.max(0, open - 1);
    else if (r.event === 'leader_elected' && open > 0) return r.index;
  }
  return undefined;
}

function applyValue(r: EventRecord): string | undefined {
  for (const key of ['value', 'command', 'entry', 'entry_term']) {
    const v = r.context[key];
    if (v !== undefined) return JSON.stringify(v);
  }
  return undefined;
}

/** Raft §5.4.3 State Machine Safety: no two servers apply different commands at the same index. */
function applyConflicts(records: readonly EventRecord[]): ApplyConflict[] {
  const byIndex = new Map<number, { node: string; value: string; index: number; pos: number }[]>();
  records.forEach((r, pos) => {
    const logIndex = num(r.context['index']);
    const value = applyValue(r);
    if (r.event !== 'commit_applied' || logIndex === undefined || value === undefined) return;
    byIndex.set(logIndex, [
      ...(byIndex.get(logIndex) ?? []),
      { node: r.node ?? 'unknown', value, index: r.index, pos },
    ]);
  });
  const out: ApplyConflict[] = [];
  for (const [logIndex, applies] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    const first = applies[0];
    const other = applies.find((a) => a.value !== first?.value);
    if (!first || !other) continue;
    const between = records.slice(first.pos + 1, other.pos).some((r) => r.event === 'leader_elected');
    out.push({
      logIndex,
      values: applies.map(({ node, value, index }) => ({ node, value, index })),
      leaderChangeBetween: between,
    });
  }
  return out;
}

/** A node's own records are written in order, so a timestamp lower than the one before means its clock stepped back. */
function clockBackwards(given: readonly EventRecord[]): { node: string; backMs: number; index: number }[] {
  const last = new Map<string, number>();
  const out: { node: string; backMs: number; index: number }[] = [];
  for (const r of given) {
    if (r.node === undefined || r.atMs === undefined) continue;
    const prev = last.get(r.node);
    if (prev !== undefined && r.atMs < prev) out.push({ node: r.node, backMs: prev - r.atMs, index: r.index });
    last.set(r.node, Math.max(prev ?? r.atMs, r.atMs));
  }
  return out;
}

/**
 * A follower can append an entry in term t only after the leader of t was elected (it receives AppendEntries from
 * that leader, Raft §5.3). If the follower's timestamp is earlier than the leader's own leader_elected record, the
 * two clocks differ by at least the gap.
 */
function causalSkew(records: readonly EventRecord[], leaders: readonly LeaderClaim[]): EventFacts['causalSkew'] {
  let worst: EventFacts['causalSkew'];
  for (const claim of leaders) {
    const own = records.find((r) => r.index === claim.index);
    if (own?.node !== claim.leader || claim.atMs === undefined) continue;
    for (const r of records) {
      if (r.event !== 'log_replicated' || r.term !== claim.term || r.node === undefined || r.node === claim.leader)
        continue;
      if (r.atMs === undefined || r.atMs >= claim.atMs) continue;
      const skewMs = claim.atMs - r.atMs;
      if (!worst || skewMs > worst.skewMs)
        worst = { node: r.node, leader: claim.leader, term: claim.term, skewMs, index: r.index };
    }
  }
  return worst;
}
