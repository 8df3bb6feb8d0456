import { configError } from '../errors.js';
import type { ConflictSpec } from './resolve.js';
import type { ConflictWarning, Strategy } from './types.js';
import type { Version } from './versions.js';

export interface StrategyChoice {
  readonly strategy: Strategy;
  readonly reason: string;
  readonly warnings: readonly ConflictWarning[];
}

const NEEDS: Record<Exclude<Strategy, 'crdt'>, { field: keyof Version; input: string; what: string }> = {
  lww: { field: 'timestamp', input: 'timestamp', what: 'lww orders versions by timestamp (ms since the epoch)' },
  vector_clock: { field: 'vectorClock', input: 'vector_clock', what: 'vector_clock compares version vectors' },
  hlc: { field: 'hlc', input: 'hlc', what: 'hlc orders versions by hybrid logical clock {wall_time_ms, logical}' },
};

/**
 * Checks that the inputs fit the requested strategy, or for "auto" picks the strongest one they support: a CRDT
 * merge when states are given; else vector clocks (they detect concurrency), then HLC (causal order, no
 * concurrency detection), then plain timestamps.
 */
export function chooseStrategy(spec: ConflictSpec, versions: readonly Version[]): StrategyChoice {
  const choice = pick(spec, versions);
  checkStrayFields(spec, choice.strategy);
  return choice;
}

/** Fields that only one strategy reads are refused elsewhere, so the caller never believes they were applied. */
function checkStrayFields(spec: ConflictSpec, strategy: Strategy): void {
  if (strategy !== 'crdt' && (spec.operations?.length ?? 0) > 0) {
    throw configError(
      'operations',
      `operations update CRDT replicas in states; the ${strategy} strategy does not use them`,
    );
  }
  if (strategy !== 'crdt' && spec.crdtType !== undefined) {
    throw configError('crdt_type', 'names the CRDT of states: give states (one per replica, {} for an empty one)');
  }
  if (strategy !== 'vector_clock' && (spec.siblingResolver ?? 'none') !== 'none') {
    throw configError(
      'sibling_resolver',
      `merges vector-clock siblings, but these inputs resolve by ${strategy}: remove it, or give every version a vector_clock`,
    );
  }
}

function pick(spec: ConflictSpec, versions: readonly Version[]): StrategyChoice {
  const hasStates = (spec.states?.length ?? 0) > 0;
  if (hasStates && versions.length > 0) {
    throw configError('states', 'give versions (values to resolve) or states (CRDT replicas to merge), not both');
  }
  if (spec.strategy === 'crdt' || (spec.strategy === 'auto' && hasStates)) {
    if (versions.length > 0)
      throw configError('versions', 'strategy crdt merges states: move the replicas into states');
    return {
      strategy: 'crdt',
      reason: spec.strategy === 'auto' ? 'states were given, so they are merged as CRDT replicas' : 'requested',
      warnings: [],
    };
  }
  if (versions.length === 0) {
    throw configError('versions', 'give at least one version ({value, timestamp?, node_id?, vector_clock?, hlc?})');
  }
  if (spec.strategy !== 'auto') {
    requireAll(versions, spec.strategy);
    return { strategy: spec.strategy, reason: 'requested', warnings: [] };
  }
  return autoChoice(versions);
}

function requireAll(versions: readonly Version[], strategy: Exclude<Strategy, 'crdt'>): void {
  const need = NEEDS[strategy];
  const missing = versions.find((v) => v[need.field] === undefined);
  if (missing !== undefined) {
    const others = (Object.keys(NEEDS) as (keyof typeof NEEDS)[])
      .filter((s) => s !== strategy && versions.every((v) => v[NEEDS[s].field] !== undefined))
      .join(' or ');
    const hint = others ? ` Every version has what ${others} needs; or use strategy auto.` : '';
    throw configError(
      `versions.${missing.index}.${need.input}`,
      `is missing: ${need.what}, so every version needs one.${hint}`,
    );
  }
}

function autoChoice(versions: readonly Version[]): StrategyChoice {
  const count = (field: keyof Version): number => versions.filter((v) => v[field] !== undefined).length;
  const n = versions.length;
  const [clocks, hlcs, stamps] = [count('vectorClock'), count('hlc'), count('timestamp')];
  const warnings: ConflictWarning[] = [];
  const partial = (have: number, what: string): void => {
    if (have > 0 && have < n) {
      warnings.push({
        code: 'partial_clock_metadata',
        message: `${have} of ${n} versions carry ${what}; auto can use it only when every version does. Attach it to every write.`,
      });
    }
  };
  partial(clocks, 'a vector clock');
  if (clocks === n) {
    return {
      strategy: 'vector_clock',
      reason:
        'every version carries a vector clock, the only metadata here that tells concurrent writes from overwritten ones, so no concurrent write is silently dropped',
      warnings,
    };
  }
  partial(hlcs, 'a hybrid logical clock');
  if (hlcs === n) {
    return {
      strategy: 'hlc',
      reason:
        'every version carries a hybrid logical clock (no vector clocks): HLC order respects causality, though it cannot detect concurrent writes',
      warnings,
    };
  }
  if (stamps === n) {
    return {
      strategy: 'lww',
      reason:
        'the versions carry only wall-clock timestamps, so last-writer-wins is the only order available; it cannot tell concurrent writes from overwritten ones',
      warnings,
    };
  }
  const bare = versions.find((v) => v.timestamp === undefined && v.hlc === undefined && v.vectorClock === undefined);
  const at = bare ?? versions.find((v) => v.timestamp === undefined) ?? versions[0];
  throw configError(
    `versions.${at?.index ?? 0}`,
    'auto needs one kind of clock on every version: a vector_clock on all, an hlc on all, or a timestamp on all',
  );
}
