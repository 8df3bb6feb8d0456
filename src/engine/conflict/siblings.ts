import { configError } from '../errors.js';
import { canonicalJson, compareText, type JsonValue } from './json-value.js';
import { orderVersions } from './lww.js';
import { compareClocks, mergeClocks, type VectorClock } from './vector-clock.js';
import type { Version } from './versions.js';

/** How siblings (concurrent versions) become one value: kept apart, or merged by an application rule. */
export const SIBLING_RESOLVERS = ['none', 'union', 'lww', 'max', 'min'] as const;
export type SiblingResolver = (typeof SIBLING_RESOLVERS)[number];

/** A version dropped safely: the survivor that makes it redundant has seen it, or holds the same write. */
export interface Superseded {
  readonly version: Version;
  readonly reason: 'causally_dominated' | 'duplicate' | 'same_value';
  /** The version that supersedes it. */
  readonly byIndex: number;
}

export interface VectorClockOutcome {
  /** The versions no other version dominates, in input order: one means resolved, more are siblings. */
  readonly survivors: readonly Version[];
  readonly superseded: readonly Superseded[];
  /** Pairs with equal clocks but different values: two writes claimed the same event, so clocks are misused. */
  readonly collisions: readonly (readonly [number, number])[];
  /** The entry-wise maximum of every clock: the context a reconciling write must carry (then bump its own node). */
  readonly mergedClock: VectorClock;
}

/**
 * Dynamo-style reconciliation (DeCandia et al. 2007, §4.4): a version whose clock happened before another's is
 * an ancestor and is dropped; the rest are concurrent and all survive as siblings for the reader to reconcile.
 */
export function resolveByVectorClock(versions: readonly Version[]): VectorClockOutcome {
  const superseded: Superseded[] = [];
  const collisions: [number, number][] = [];
  const survivors: Version[] = [];
  for (const v of versions) {
    const clock = clockOf(v);
    const dominator = versions.find((w) => compareClocks(clock, clockOf(w)) === 'before');
    if (dominator !== undefined) {
      superseded.push({ version: v, reason: 'causally_dominated', byIndex: dominator.index });
      continue;
    }
    const twin = survivors.find((s) => compareClocks(clock, clockOf(s)) === 'equal');
    if (twin !== undefined && twin.valueKey === v.valueKey) {
      superseded.push({ version: v, reason: 'duplicate', byIndex: twin.index });
      continue;
    }
    if (twin !== undefined) collisions.push([twin.index, v.index]);
    survivors.push(v);
  }
  const mergedClock = versions.reduce<VectorClock>((clock, v) => mergeClocks(clock, clockOf(v)), new Map());
  return { survivors, superseded, collisions, mergedClock };
}

function clockOf(v: Version): VectorClock {
  if (v.vectorClock === undefined) throw configError(`versions.${v.index}.vector_clock`, 'is required here');
  return v.vectorClock;
}

export interface ResolverOutcome {
  readonly value: JsonValue;
  /** The sibling whose value was taken as is; null when the value is new (a union). */
  readonly winner: Version | null;
  /** Siblings whose writes the rule threw away. */
  readonly discarded: readonly Version[];
}

/** Merges siblings by an application rule. Errors name `sibling_resolver` when the values do not fit the rule. */
export function applyResolver(
  resolver: Exclude<SiblingResolver, 'none'>,
  siblings: readonly Version[],
): ResolverOutcome {
  switch (resolver) {
    case 'union':
      return { value: unionOf(siblings), winner: null, discarded: [] };
    case 'lww': {
      const missing = siblings.find((s) => s.timestamp === undefined);
      if (missing) {
        throw configError(
          `versions.${missing.index}.timestamp`,
          'sibling_resolver lww needs a timestamp on every sibling',
        );
      }
      const order = orderVersions(siblings, 'timestamp');
      return { value: order.winner.value, winner: order.winner, discarded: order.losers.map((l) => l.version) };
    }
    case 'max':
    case 'min': {
      const bad = siblings.find((s) => typeof s.value !== 'number');
      if (bad)
        throw configError(
          'sibling_resolver',
          `${resolver} needs numeric values; versions.${bad.index} is not a number`,
        );
      const sign = resolver === 'max' ? 1 : -1;
      const best = siblings.reduce((a, b) => (sign * ((b.value as number) - (a.value as number)) > 0 ? b : a));
      return {
        value: best.value,
        winner: best,
        discarded: siblings.filter((s) => s !== best && s.valueKey !== best.valueKey),
      };
    }
  }
}

/** Set union of array values, elements deduplicated by canonical JSON and sorted by it. */
function unionOf(siblings: readonly Version[]): JsonValue[] {
  const elements = new Map<string, JsonValue>();
  for (const s of siblings) {
    if (!Array.isArray(s.value)) {
      throw configError(
        'sibling_resolver',
        `union needs every sibling to be a list (a set); versions.${s.index} is not`,
      );
    }
    for (const e of s.value as readonly JsonValue[]) elements.set(canonicalJson(e), e);
  }
  return [...elements.keys()].sort(compareText).map((k) => elements.get(k) ?? null);
}
