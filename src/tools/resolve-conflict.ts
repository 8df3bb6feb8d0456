import type { z } from 'zod';
import {
  clockToObject,
  hlcToObject,
  resolveConflict,
  type ConflictResolution,
  type CrdtType,
  type JsonValue,
  type ValueRef,
} from '../engine/index.js';
import { PURE_TOOL, defineTool } from './define-tool.js';
import { inputSchema, outputSchema } from './resolve-conflict-schema.js';

export { inputSchema, outputSchema } from './resolve-conflict-schema.js';

type Output = z.input<typeof outputSchema>;

/** Lists in a result (set values, a merged state) are cut here so a result stays far below 25 000 tokens. */
const MAX_OUTPUT_ITEMS = 500;
const MAX_REPLICA_ITEMS = 20;
const SET_TYPES: ReadonlySet<CrdtType> = new Set(['g_set', 'two_p_set', 'or_set', 'lww_element_set']);
/** Warnings that mean the result may be wrong (not merely a strategy doing what it does): the event is WARN. */
const WARN_CODES = new Set([
  'clock_skew_ambiguity',
  'concurrent_writes_lost',
  'causality_violation',
  'clock_collision',
  'timestamps_not_milliseconds',
  'unreachable_state',
]);

export function runResolveConflict(input: z.output<typeof inputSchema>): Output {
  const r = resolveConflict({
    strategy: input.strategy,
    versions: input.versions,
    crdtType: input.crdt_type,
    states: input.states,
    operations: input.operations,
    maxClockSkewMs: input.max_clock_skew_ms,
    siblingResolver: input.sibling_resolver,
  });
  const isSet = r.crdt !== null && SET_TYPES.has(r.crdt.crdt.type);
  // Only a set's value is a list the engine built; a register's list value is the caller's own, shown whole.
  const value = isSet ? cut(r.value, MAX_OUTPUT_ITEMS) : { value: r.value, truncated: false };
  const mergedState = r.crdt && r.crdt.size <= MAX_OUTPUT_ITEMS ? { ...r.crdt.mergedJson } : undefined;
  const warnings: { code: string; message: string }[] = r.warnings.map((w) => ({ code: w.code, message: w.message }));
  if (r.crdt && mergedState === undefined) {
    warnings.push({
      code: 'merged_state_omitted',
      message: `The merged state holds ${r.crdt.size} entries, more than the ${MAX_OUTPUT_ITEMS} a result shows; value and replicas summarise it.`,
    });
  }
  return {
    strategy: r.strategy,
    strategy_reason: r.strategyReason,
    key: input.key,
    ...(r.crdt ? { crdt_type: r.crdt.crdt.type } : {}),
    value: value.value,
    ...(isSet && Array.isArray(r.value) ? { value_size: r.value.length } : {}),
    ...(value.truncated ? { value_truncated: true } : {}),
    resolved: r.resolved,
    winner: r.winner ? refOut(r.winner) : null,
    siblings: r.siblings.map(refOut),
    ...(r.mergedClock ? { merged_clock: clockToObject(r.mergedClock) } : {}),
    ...(r.mergedHlc ? { merged_hlc: hlcToObject(r.mergedHlc) } : {}),
    ...(mergedState ? { merged_state: mergedState } : {}),
    ...(r.crdt
      ? {
          replicas: r.crdt.replicas.map((p) => ({
            index: p.index,
            value: isSet ? cut(p.value, MAX_REPLICA_ITEMS).value : p.value,
            size: p.size,
          })),
        }
      : {}),
    lost_updates: r.lostUpdates.map((l) => ({
      ...refOut(l.ref),
      reason: l.reason,
      ...(l.concurrent !== undefined ? { concurrent: l.concurrent } : {}),
    })),
    superseded: r.superseded.map((s) => ({ index: s.version.index, reason: s.reason, by_index: s.byIndex })),
    tie: r.tie ? { indices: [...r.tie.indices], broken_by: r.tie.brokenBy } : null,
    unsafe_order: r.withinSkew.map((a) => ({ index: a.index, gap_ms: a.gapMs })),
    warnings,
    explanation: r.explanation,
    event: {
      level: warnings.some((w) => WARN_CODES.has(w.code)) ? 'WARN' : 'INFO',
      // Derived from the inputs, never from the clock: the same call gives byte-identical output.
      timestamp: new Date(r.latestTimestampMs).toISOString(),
      skill: 'distributed-systems',
      node_id: r.winner?.nodeId ?? 'resolver',
      term: 0,
      event: 'conflict_resolved',
      context: { key: input.key, strategy: r.strategy.toUpperCase() },
    },
    summary: summarize(r, input.key, warnings),
  };
}

function refOut(ref: ValueRef): z.input<typeof outputSchema>['siblings'][number] {
  return {
    index: ref.index,
    value: ref.value,
    ...(ref.nodeId !== undefined ? { node_id: ref.nodeId } : {}),
    ...(ref.timestamp !== undefined ? { timestamp: ref.timestamp } : {}),
    ...(ref.vectorClock !== undefined ? { vector_clock: clockToObject(ref.vectorClock) } : {}),
    ...(ref.hlc !== undefined ? { hlc: hlcToObject(ref.hlc) } : {}),
  };
}

function cut(value: JsonValue | null, max: number): { value: JsonValue | null; truncated: boolean } {
  if (!Array.isArray(value) || value.length <= max) return { value, truncated: false };
  return { value: value.slice(0, max), truncated: true };
}

function short(value: JsonValue | null): string {
  const text = JSON.stringify(value);
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}

function summarize(r: ConflictResolution, key: string, warnings: readonly { code: string }[]): string {
  const parts: string[] = [];
  const name = { lww: 'Last-writer-wins', vector_clock: 'Vector clocks', hlc: 'HLC order', crdt: 'The CRDT merge' }[
    r.strategy
  ];
  if (r.crdt) {
    const size = Array.isArray(r.value) ? ` (${r.value.length} elements)` : '';
    parts.push(
      `${name} of ${r.crdt.replicas.length} ${r.crdt.crdt.title} replicas for key ${key} gives ${r.resolved ? short(r.value) : `${r.siblings.length} concurrent values`}${size}.`,
    );
  } else if (!r.resolved) {
    parts.push(
      `${name} found ${r.siblings.length} concurrent siblings for key ${key} (${r.siblings.map((s) => `versions.${s.index ?? '?'}`).join(', ')}): value is null until the application reconciles them and writes back with merged_clock.`,
    );
  } else {
    const from = r.winner ? ` (versions.${r.winner.index ?? '?'})` : '';
    parts.push(`${name} resolved key ${key} to ${short(r.value)}${from}.`);
  }
  if (r.lostUpdates.length > 0) {
    parts.push(
      `${r.lostUpdates.length} update${r.lostUpdates.length === 1 ? '' : 's'} lost: ${r.lostUpdates.map((l) => short(l.ref.value)).join(', ')}.`,
    );
  }
  if (r.strategyReason !== 'requested') parts.push(`Chosen because ${r.strategyReason}.`);
  if (warnings.length > 0) parts.push(`Warnings: ${warnings.map((w) => w.code).join(', ')}.`);
  return parts.join(' ');
}

export const resolveConflictTool = defineTool({
  name: 'resolve_conflict',
  title: 'Resolve conflicting versions or merge CRDT replicas',
  description:
    'Resolve concurrent writes to one key and show what each strategy keeps and loses: last-writer-wins with ' +
    'deterministic tie-breaks and clock-skew checks, vector clocks that keep concurrent versions as siblings ' +
    '(Dynamo style, optional union/lww/max/min resolver), hybrid logical clock ordering, or a merge of CRDT ' +
    'replica states (G-Counter, PN-Counter, LWW-Register, MV-Register, G-Set, 2P-Set, OR-Set, LWW-element-Set), ' +
    'optionally after applying updates per replica. Use it when replicas disagree or to choose a conflict ' +
    'strategy; "auto" picks the strongest the inputs support. Bounds: 100 versions, 64 states, 20000 state ' +
    'entries, 1000 operations.',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  run: runResolveConflict,
});
