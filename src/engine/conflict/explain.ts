import type { CrdtMergeOutcome } from './crdt/merge-states.js';
import type { CrdtType } from './crdt/types.js';
import { formatHlc } from './hlc.js';
import { canonicalJson, type JsonValue } from './json-value.js';
import { orderVersions, type OrderClock, type SkewAmbiguity, type TieReport } from './lww.js';
import type { ResolverOutcome, SiblingResolver, Superseded, VectorClockOutcome } from './siblings.js';
import type { LostUpdate } from './types.js';
import { clockToObject, type VectorClock } from './vector-clock.js';
import type { Version } from './versions.js';

const PREVIEW_CHARS = 40;

/** A short rendering of a value for prose (the full values are in the structured result). */
export function preview(value: JsonValue): string {
  const text = canonicalJson(value);
  return text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS - 3)}...`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const names = (indices: readonly (number | null)[]): string => indices.map((i) => `versions.${i ?? '?'}`).join(', ');

function describe(v: Version, clock: OrderClock): string {
  const stamp = clock === 'timestamp' ? `timestamp ${v.timestamp ?? '?'}` : `HLC ${v.hlc ? formatHlc(v.hlc) : '?'}`;
  return `versions.${v.index} (${preview(v.value)}, ${stamp}${v.nodeId ? ` from ${v.nodeId}` : ''})`;
}

export interface TotalOrderParts {
  readonly winner: Version;
  readonly lostUpdates: readonly LostUpdate[];
  readonly superseded: readonly Superseded[];
  readonly tie: TieReport | null;
  readonly withinSkew: readonly SkewAmbiguity[];
  readonly clock: OrderClock;
  readonly versions: readonly Version[];
  readonly maxClockSkewMs: number | undefined;
}

export function explainTotalOrder(p: TotalOrderParts): string {
  const lww = p.clock === 'timestamp';
  const out = [
    lww
      ? `Last-writer-wins kept ${describe(p.winner, p.clock)}: the latest timestamp.`
      : `Hybrid-logical-clock order kept ${describe(p.winner, p.clock)}: the greatest (wall time, logical) pair.`,
  ];
  if (p.tie)
    out.push(
      `It tied with ${names(p.tie.indices.slice(1))} and won by ${p.tie.brokenBy === 'node_id' ? 'node id' : 'value'}, an arbitrary but deterministic choice.`,
    );
  if (p.lostUpdates.length > 0) {
    const lost = p.lostUpdates.map((l) => `versions.${l.ref.index ?? '?'} (${preview(l.ref.value)})`).join(', ');
    out.push(`It discarded ${plural(p.lostUpdates.length, 'write')} with another value: ${lost}.`);
  }
  if (p.superseded.length > 0) {
    out.push(
      `${plural(p.superseded.length, 'version')} dropped safely (same value, or causally older by vector clock).`,
    );
  }
  out.push(skewSentence(p));
  out.push(
    lww
      ? 'LWW suits values where losing a concurrent write is acceptable (caches, last-seen times). To keep concurrent writes, attach vector clocks (strategy vector_clock) or model the value as a CRDT.'
      : 'HLC stays close to wall time and never orders an effect before its cause, but it still picks one of two concurrent writes; where those matter, add vector clocks or use a CRDT.',
  );
  return out.join(' ');
}

function skewSentence(p: TotalOrderParts): string {
  if (p.maxClockSkewMs === undefined) {
    return 'No max_clock_skew_ms was given, so the clocks were trusted as reported; synchronised clocks still disagree by milliseconds, far more during NTP trouble.';
  }
  if (p.withinSkew.length > 0) {
    return `${names(p.withinSkew.map((a) => a.index))} ${p.withinSkew.length === 1 ? 'lies' : 'lie'} within the ${p.maxClockSkewMs} ms skew of the winner, so the true order is unknown.`;
  }
  if (p.versions.length === 1) return 'There was only one version.';
  return `Every other version is at least ${p.maxClockSkewMs} ms older than the winner, so with at most ${p.maxClockSkewMs} ms of skew the order is safe.`;
}

export interface VectorClockParts {
  readonly outcome: VectorClockOutcome;
  readonly resolver: SiblingResolver;
  readonly versions: readonly Version[];
  readonly lostUpdates: readonly LostUpdate[];
  readonly merged: ResolverOutcome | undefined;
}

export function explainVectorClock(p: VectorClockParts): string {
  const { survivors, superseded, mergedClock } = p.outcome;
  const dominated = superseded.filter((s) => s.reason === 'causally_dominated').length;
  const out: string[] = [];
  const [only] = survivors;
  if (survivors.length === 1 && only) {
    out.push(
      `versions.${only.index} (${preview(only.value)}) has seen every other version (its vector clock is at least theirs in every entry), so it is the value and no write was lost.`,
    );
  } else {
    out.push(
      `${names(survivors.map((s) => s.index))} are concurrent: each has an event the others have not seen, so no order exists between them.`,
    );
    out.push(
      p.merged
        ? `sibling_resolver ${p.resolver} turned them into ${preview(p.merged.value)}${p.lostUpdates.length ? `, discarding ${plural(p.lostUpdates.length, 'sibling')}` : ''}.`
        : `Dynamo-style, all are kept as siblings (value null) for the application to reconcile.`,
    );
    out.push(
      `Write the reconciled value back with merged_clock ${clockText(mergedClock)}, incremented at the writing node, so it supersedes every sibling.`,
    );
  }
  if (dominated > 0)
    out.push(
      `${plural(dominated, 'version')} happened before a survivor and ${dominated === 1 ? 'was' : 'were'} dropped: nothing is lost by that.`,
    );
  out.push(lwwContrast(p.versions, survivors));
  return out.filter((s) => s !== '').join(' ');
}

/** What plain LWW would have done with the same versions, when they carry timestamps. */
function lwwContrast(versions: readonly Version[], survivors: readonly Version[]): string {
  if (survivors.length < 2 || !versions.every((v) => v.timestamp !== undefined)) return '';
  const order = orderVersions(survivors, 'timestamp');
  const dropped = order.losers.filter((l) => l.version.valueKey !== order.winner.valueKey).map((l) => l.version.index);
  if (dropped.length === 0) return '';
  return `By timestamps alone (LWW), versions.${order.winner.index} would have won and ${names(dropped)} would have been silently lost.`;
}

function clockText(clock: VectorClock): string {
  return JSON.stringify(clockToObject(clock));
}

const SEMANTICS: Record<CrdtType, string> = {
  g_counter:
    "each node only increments its own entry and the merge takes each entry's maximum, so every increment counts exactly once however often states are exchanged",
  pn_counter: 'increments and decrements are two grow-only counters merged by maximum; the value is their difference',
  lww_register:
    'the merge keeps the assignment with the greatest (timestamp, node id) and discards the others, so concurrent assignments are lost',
  mv_register:
    'the merge keeps every assignment no other has seen; concurrent ones stay as siblings until an assignment that has seen them all replaces them',
  g_set: 'the merge is set union; elements can never be removed',
  two_p_set:
    'additions and removals (tombstones) are both unions; a removed element can never come back, even if added again',
  or_set:
    'each add is a unique dot and a remove deletes only the dots it has observed, so an add concurrent with a remove wins',
  lww_element_set:
    "every add and remove carries a timestamp and the latest wins per element (an add wins a tie), so the result depends on the writers' clocks",
};

export function explainCrdt(outcome: CrdtMergeOutcome, lost: number): string {
  const { crdt, replicas } = outcome;
  const article = /^[AEIOLMN]/.test(crdt.title) ? 'an' : 'a';
  const out = [
    `Merged ${plural(replicas.length, 'replica state')} of ${article} ${crdt.title}: ${SEMANTICS[crdt.type]}.`,
  ];
  if (outcome.typeSource !== 'crdt_type')
    out.push(`The type was read from the states' ${outcome.typeSource === 'fields' ? 'fields' : 'type tags'}.`);
  out.push(
    outcome.diverged
      ? `The replicas had diverged (values ${replicas
          .slice(0, 5)
          .map((r) => preview(r.value))
          .join(
            ', ',
          )}${replicas.length > 5 ? ', ...' : ''}); the merged state is their least upper bound, which every replica reaches once states have been exchanged, in any order.`
      : 'The replicas already held the same state, so the merge changes nothing.',
  );
  out.push(`Merged value: ${preview(outcome.value)}.`);
  if (lost > 0) out.push(`${plural(lost, 'assignment')} lost to the later one.`);
  return out.join(' ');
}
