import type { OrderClock, TotalOrderOutcome } from './lww.js';
import type { SiblingResolver, VectorClockOutcome } from './siblings.js';
import type { ConflictWarning, LostUpdate } from './types.js';
import type { Version } from './versions.js';

/** Above this a "millisecond" timestamp lies past the year 5000: it is almost surely in micro- or nanoseconds. */
const MS_TIMESTAMP_SANITY_LIMIT = 1e14;

const list = (indices: readonly number[]): string => indices.map((i) => `versions.${i}`).join(', ');

export function versionWarnings(versions: readonly Version[]): ConflictWarning[] {
  const odd = versions.filter((v) => (v.timestamp ?? 0) > MS_TIMESTAMP_SANITY_LIMIT).map((v) => v.index);
  if (odd.length === 0) return [];
  return [
    {
      code: 'timestamps_not_milliseconds',
      message: `${list(odd)} have timestamps past the year 5000 if read as milliseconds: they look like micro- or nanoseconds (Cassandra writes microseconds). Convert them, or max_clock_skew_ms and the event time are off by 1000x or more.`,
    },
  ];
}

export interface TotalOrderFacts {
  readonly order: TotalOrderOutcome;
  readonly clock: OrderClock;
  readonly lostUpdates: readonly LostUpdate[];
  readonly versions: readonly Version[];
  readonly maxClockSkewMs: number | undefined;
}

/** What an LWW or HLC ordering cannot vouch for: ties, skew, concurrency it hid, causality it broke. */
export function totalOrderWarnings(facts: TotalOrderFacts): ConflictWarning[] {
  const { order, clock, lostUpdates, maxClockSkewMs } = facts;
  const warnings: ConflictWarning[] = [];
  const clockName = clock === 'timestamp' ? 'timestamp' : 'hybrid logical clock';
  if (order.tie) {
    const certain =
      clock === 'hlc' ? ' Equal HLCs prove the writes were concurrent (causally ordered events never share one).' : '';
    warnings.push({
      code: 'tie',
      message: `${list(order.tie.indices)} share the winning ${clockName}; versions.${order.winner.index} won the deterministic tie-break by ${order.tie.brokenBy === 'node_id' ? 'greater node id' : 'greater value (canonical JSON)'}, not by time.${certain}`,
    });
  }
  if (order.withinSkew.length > 0 && maxClockSkewMs !== undefined) {
    const close = order.withinSkew.map((a) => `versions.${a.index} (${a.gapMs} ms earlier)`).join(', ');
    warnings.push({
      code: 'clock_skew_ambiguity',
      message: `${close} ${order.withinSkew.length === 1 ? 'is' : 'are'} closer to the winner than the ${maxClockSkewMs} ms clock skew, so wall clocks cannot say which write really came last: the order is unsafe${clock === 'hlc' ? ' unless the writes were causally related' : ''}.`,
    });
  }
  const concurrent = lostUpdates.filter((l) => l.concurrent === true).map((l) => l.ref.index ?? -1);
  if (concurrent.length > 0) {
    warnings.push({
      code: 'concurrent_writes_lost',
      message: `The vector clocks show ${list(concurrent)} ${concurrent.length === 1 ? 'was' : 'were'} concurrent with the winner, so ${clock === 'timestamp' ? 'LWW' : 'HLC order'} discarded ${concurrent.length === 1 ? 'a write' : 'writes'} nobody overwrote. Strategy vector_clock would keep ${concurrent.length === 1 ? 'it' : 'them'} as siblings.`,
    });
  }
  const inverted = lostUpdates.filter((l) => l.concurrent === false).map((l) => l.ref.index ?? -1);
  if (inverted.length > 0) {
    warnings.push({
      code: 'causality_violation',
      message: `${list(inverted)} causally follow${inverted.length === 1 ? 's' : ''} the winner (${inverted.length === 1 ? 'its' : 'their'} vector clock dominates) yet carr${inverted.length === 1 ? 'ies' : 'y'} an older ${clockName}: a clock ran behind, and the newer write was discarded.`,
    });
  }
  const unknown = lostUpdates.filter((l) => l.concurrent === undefined).length;
  if (unknown > 0 && clock === 'timestamp') {
    warnings.push({
      code: 'lww_loses_updates',
      message: `LWW discarded ${unknown} write${unknown === 1 ? '' : 's'} with a different value; without vector clocks nobody can tell whether ${unknown === 1 ? 'it was' : 'they were'} overwritten on purpose or written concurrently and silently lost.`,
    });
  }
  return warnings;
}

export function vectorClockWarnings(
  outcome: VectorClockOutcome,
  resolver: SiblingResolver,
  lostUpdates: readonly LostUpdate[],
): ConflictWarning[] {
  const warnings: ConflictWarning[] = [];
  for (const [a, b] of outcome.collisions) {
    warnings.push({
      code: 'clock_collision',
      message: `versions.${a} and versions.${b} have equal vector clocks but different values: two writes claimed the same event. A node id is shared by two writers, or a client wrote without the context it read.`,
    });
  }
  const siblings = outcome.survivors.length;
  if (siblings > 1 && resolver === 'none') {
    warnings.push({
      code: 'siblings_unresolved',
      message: `${siblings} concurrent versions remain. Reconcile them in the application (or pass sibling_resolver) and write the result back with merged_clock, incremented at the writing node.`,
    });
  }
  if (siblings > 1 && resolver === 'union') {
    warnings.push({
      code: 'union_resurrects_removes',
      message:
        "A union of siblings brings back items one sibling had removed (Dynamo's shopping cart, DeCandia et al. 2007 §4.4). If removes must stick, model the value as an OR-Set (strategy crdt).",
    });
  }
  if (lostUpdates.length > 0) {
    warnings.push({
      code: 'concurrent_writes_lost',
      message: `sibling_resolver ${resolver} kept one of ${siblings} concurrent versions and discarded ${lostUpdates.length}.`,
    });
  }
  return warnings;
}
