import { configError } from '../errors.js';
import { mergeReplicaStates, type CrdtOpInput } from './crdt/merge-states.js';
import { mvRegisterClock, type LwwRegisterState, type MvRegisterState } from './crdt/registers.js';
import type { CrdtType, StateJson } from './crdt/types.js';
import { explainCrdt, explainTotalOrder, explainVectorClock } from './explain.js';
import { chooseStrategy } from './choose-strategy.js';
import { orderVersions, type OrderClock } from './lww.js';
import { applyResolver, resolveByVectorClock, type SiblingResolver, type Superseded } from './siblings.js';
import type { ConflictResolution, ConflictWarning, LostUpdate, Strategy } from './types.js';
import { compareClocks, mergeClocks, type VectorClock } from './vector-clock.js';
import { totalOrderWarnings, vectorClockWarnings, versionWarnings } from './warnings.js';
import { parseVersions, type Version, type VersionInput } from './versions.js';

export interface ConflictSpec {
  readonly strategy: Strategy | 'auto';
  readonly versions?: readonly VersionInput[] | undefined;
  readonly crdtType?: CrdtType | undefined;
  readonly states?: readonly StateJson[] | undefined;
  readonly operations?: readonly CrdtOpInput[] | undefined;
  /** Largest disagreement between any two writers' clocks; versions closer than this cannot be ordered safely. */
  readonly maxClockSkewMs?: number | undefined;
  readonly siblingResolver?: SiblingResolver | undefined;
}

/**
 * Resolves concurrent versions of one key by the requested strategy (or the best one the inputs support), and
 * reports what each strategy keeps, drops and cannot know.
 */
export function resolveConflict(spec: ConflictSpec): ConflictResolution {
  const versions = parseVersions(spec.versions ?? []);
  const choice = chooseStrategy(spec, versions);
  switch (choice.strategy) {
    case 'lww':
      return resolveTotalOrder(versions, 'timestamp', spec, choice.reason, choice.warnings);
    case 'hlc':
      return resolveTotalOrder(versions, 'hlc', spec, choice.reason, choice.warnings);
    case 'vector_clock':
      return resolveVectorClocks(versions, spec.siblingResolver ?? 'none', choice.reason, choice.warnings);
    case 'crdt':
      return resolveCrdt(spec, choice.reason);
  }
}

const EMPTY = {
  winner: null,
  siblings: [],
  mergedClock: null,
  mergedHlc: null,
  lostUpdates: [],
  superseded: [],
  tie: null,
  withinSkew: [],
  crdt: null,
} as const;

function resolveTotalOrder(
  versions: readonly Version[],
  clock: OrderClock,
  spec: ConflictSpec,
  strategyReason: string,
  choiceWarnings: readonly ConflictWarning[],
): ConflictResolution {
  const order = orderVersions(versions, clock, spec.maxClockSkewMs);
  const winner = order.winner;
  const clocks = versions.every((v) => v.vectorClock !== undefined);
  const lostUpdates: LostUpdate[] = [];
  const superseded: Superseded[] = [];
  for (const { version, reason } of order.losers) {
    if (version.valueKey === winner.valueKey) {
      superseded.push({ version, reason: 'same_value', byIndex: winner.index });
      continue;
    }
    const relation = clocks ? compareClocks(clockOf(version), clockOf(winner)) : undefined;
    if (relation === 'before') superseded.push({ version, reason: 'causally_dominated', byIndex: winner.index });
    else lostUpdates.push({ ref: version, reason, ...(relation ? { concurrent: relation !== 'after' } : {}) });
  }
  const mergedClock = clocks ? versions.reduce<VectorClock>((c, v) => mergeClocks(c, clockOf(v)), new Map()) : null;
  const warnings = [
    ...choiceWarnings,
    ...versionWarnings(versions),
    ...totalOrderWarnings({ order, clock, lostUpdates, versions, maxClockSkewMs: spec.maxClockSkewMs }),
  ];
  const parts = { ...EMPTY, winner, lostUpdates, superseded, tie: order.tie, withinSkew: order.withinSkew };
  return {
    strategy: clock === 'timestamp' ? 'lww' : 'hlc',
    strategyReason,
    value: winner.value,
    resolved: true,
    ...parts,
    mergedClock,
    mergedHlc: clock === 'hlc' ? (winner.hlc ?? null) : null,
    warnings,
    explanation: explainTotalOrder({ ...parts, clock, versions, maxClockSkewMs: spec.maxClockSkewMs }),
    latestTimestampMs: latestOf(versions),
  };
}

function resolveVectorClocks(
  versions: readonly Version[],
  resolver: SiblingResolver,
  strategyReason: string,
  choiceWarnings: readonly ConflictWarning[],
): ConflictResolution {
  const outcome = resolveByVectorClock(versions);
  const survivors = outcome.survivors;
  const single = survivors.length === 1 ? survivors[0] : undefined;
  const merged = single === undefined && resolver !== 'none' ? applyResolver(resolver, survivors) : undefined;
  const lostUpdates: LostUpdate[] = (merged?.discarded ?? []).map((v) => ({
    ref: v,
    reason: 'sibling_discarded',
    concurrent: true,
  }));
  const warnings = [
    ...choiceWarnings,
    ...versionWarnings(versions),
    ...vectorClockWarnings(outcome, resolver, lostUpdates),
  ];
  const resolved = single !== undefined || merged !== undefined;
  return {
    ...EMPTY,
    strategy: 'vector_clock',
    strategyReason,
    value: single?.value ?? merged?.value ?? null,
    resolved,
    winner: single ?? merged?.winner ?? null,
    siblings: single === undefined ? survivors : [],
    mergedClock: outcome.mergedClock,
    lostUpdates,
    superseded: outcome.superseded,
    warnings,
    explanation: explainVectorClock({ outcome, resolver, versions, lostUpdates, merged }),
    latestTimestampMs: latestOf(versions),
  };
}

function resolveCrdt(spec: ConflictSpec, strategyReason: string): ConflictResolution {
  const outcome = mergeReplicaStates({
    crdtType: spec.crdtType,
    states: spec.states ?? [],
    operations: spec.operations,
  });
  const type = outcome.crdt.type;
  let value = outcome.value;
  let siblings: ConflictResolution['siblings'] = [];
  let mergedClock: VectorClock | null = null;
  const lostUpdates: LostUpdate[] = [];
  if (type === 'mv_register') {
    const entries = outcome.merged as MvRegisterState;
    mergedClock = mvRegisterClock(entries);
    if (entries.length > 1) siblings = entries.map((e) => ({ index: null, value: e.value, vectorClock: e.clock }));
    value = entries.length === 1 ? (entries[0]?.value ?? null) : null;
  } else if (type === 'or_set') {
    mergedClock = (outcome.merged as { clock: VectorClock }).clock;
  } else if (type === 'lww_register') {
    lostUpdates.push(
      ...overwrittenAssignments(outcome.replicaStates as LwwRegisterState[], outcome.merged as LwwRegisterState),
    );
  }
  const warnings: ConflictWarning[] = outcome.opNotes.length
    ? [{ code: 'operations_without_effect', message: outcome.opNotes.map((n) => n.message).join(' ') }]
    : [];
  if (outcome.stateNotes.length > 0) {
    warnings.push({ code: 'unreachable_state', message: outcome.stateNotes.map((n) => n.message).join(' ') });
  }
  if (siblings.length > 1) {
    warnings.push({
      code: 'siblings_unresolved',
      message: `${siblings.length} concurrent assignments survive the merge; the next assignment (which carries merged_clock) replaces them.`,
    });
  }
  return {
    ...EMPTY,
    strategy: 'crdt',
    strategyReason,
    value,
    resolved: siblings.length === 0,
    siblings,
    mergedClock,
    lostUpdates,
    warnings,
    explanation: explainCrdt(outcome, lostUpdates.length),
    crdt: outcome,
    latestTimestampMs: latestTimestampIn(outcome.mergedJson),
  };
}

function overwrittenAssignments(replicas: readonly LwwRegisterState[], merged: LwwRegisterState): LostUpdate[] {
  const seen = new Set<string>();
  const lost: LostUpdate[] = [];
  replicas.forEach((stamp, index) => {
    if (stamp === null || merged === null || stamp.valueKey === merged.valueKey) return;
    const key = `${stamp.timestamp}|${stamp.nodeId}|${stamp.valueKey}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ref = { index, value: stamp.value, nodeId: stamp.nodeId, timestamp: stamp.timestamp };
    lost.push({ ref, reason: 'overwritten_by_merge' });
  });
  return lost;
}

function clockOf(v: Version): VectorClock {
  if (v.vectorClock === undefined) throw configError(`versions.${v.index}.vector_clock`, 'is required here');
  return v.vectorClock;
}

function latestOf(versions: readonly Version[]): number {
  return versions.reduce((m, v) => Math.max(m, v.timestamp ?? 0, v.hlc?.wallTimeMs ?? 0), 0);
}

/** The latest timestamp an LWW state carries (0 for the types without timestamps). */
function latestTimestampIn(json: StateJson): number {
  const stamps = [
    json['timestamp'],
    ...[json['adds'], json['removes']]
      .flatMap((list): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []))
      .map((entry) => (entry as { timestamp?: unknown }).timestamp),
  ];
  return stamps.reduce<number>((m, t) => (typeof t === 'number' ? Math.max(m, t) : m), 0);
}
