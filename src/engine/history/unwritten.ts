/**
 * Reads of values no operation (that could go first) writes. A history that reads a value nobody wrote (say 0, where the model starts
 * at nil) was usually recorded against a store with an initial value: Knossos' multi-register test starts its
 * registers at 0. Spotting it turns a baffling counterexample into "check again with that initial value".
 */
import type { HistoryModelName } from './types.js';
import type { Operation } from './prepare.js';

export interface UnwrittenRead {
  /** The register or key read (undefined for the single-register model). */
  readonly key: string | undefined;
  readonly value: unknown;
  /**
   * No write of that key certainly went before the read (completed before it was invoked; without real-time order,
   * an earlier write of the same process), so the read could have seen the initial value: another initial value
   * would explain it.
   */
  readonly couldBeInitial: boolean;
}

interface Access {
  readonly key: string | undefined;
  readonly value: unknown;
}

interface Accesses {
  readonly reads: readonly Access[];
  readonly writes: readonly Access[];
  /** The key's values are built up (kv append), so a read value need not have been written whole. */
  readonly composes?: boolean;
}

const NONE: Accesses = { reads: [], writes: [] };

/** What one operation reads and writes, for the value-holding models; the others are left out (NONE). */
function accesses(model: HistoryModelName, op: Operation): Accesses {
  const ok = op.outcome === 'ok';
  const pair = Array.isArray(op.input) ? (op.input as unknown[]) : [];
  const key = model === 'kv' ? op.key : undefined;
  if (model === 'register' || model === 'kv') {
    if (op.f === 'read' || op.f === 'get') return { reads: ok ? [{ key, value: op.output }] : [], writes: [] };
    if (op.f === 'write' || op.f === 'put') return { reads: [], writes: [{ key, value: op.input }] };
    if (op.f === 'cas') return { reads: [{ key, value: pair[0] }], writes: [{ key, value: pair[1] }] };
    if (op.f === 'append') return { reads: [], writes: [], composes: true };
    return NONE;
  }
  if (model === 'multi_register' && op.f === 'txn') {
    const micros = (v: unknown): unknown[][] =>
      Array.isArray(v) ? v.filter((m): m is unknown[] => Array.isArray(m)) : [];
    const isWrite = (m: unknown[]): boolean => m[0] === 'write' || m[0] === 'w';
    const access = (m: unknown[]): Access => ({ key: String(m[1]), value: m[2] ?? null });
    return {
      reads: ok
        ? micros(op.output)
            .filter((m) => !isWrite(m))
            .map(access)
        : [],
      writes: micros(op.input).filter(isWrite).map(access),
    };
  }
  return NONE;
}

const id = (key: string | undefined, value: unknown): string => `${key ?? ''}\u0000${JSON.stringify(value ?? null)}`;

/**
 * The values `blocked` reads that are not the initial value and that no operation could have written before it:
 * with real-time order, only operations invoked before `blocked` returned (equal times overlap, so they count);
 * without it (sequential consistency), any operation of the history.
 */
export function unwrittenReads(
  model: HistoryModelName,
  operations: readonly Operation[],
  blocked: Operation,
  initialValue: unknown,
  realTime: boolean,
): UnwrittenRead[] {
  const reads = accesses(model, blocked).reads;
  if (reads.length === 0) return [];
  const written = new Set<string>();
  const composed = new Set<string | undefined>();
  /** Keys some write certainly set before the read. */
  const overwritten = new Set<string | undefined>();
  for (const op of operations) {
    if (realTime && op.callAt > blocked.returnAt) continue;
    const a = accesses(model, op);
    if (a.composes) composed.add(op.key);
    const before = realTime
      ? op.returnAt < blocked.callAt
      : op.process === blocked.process && op.invokeIndex < blocked.invokeIndex;
    for (const w of a.writes) {
      written.add(id(w.key, w.value));
      if (before) overwritten.add(w.key);
    }
  }
  const initial = JSON.stringify(initialValue ?? null);
  const seen = new Set<string>();
  const found: UnwrittenRead[] = [];
  for (const r of reads) {
    const k = id(r.key, r.value);
    if (seen.has(k) || written.has(k) || composed.has(r.key) || JSON.stringify(r.value ?? null) === initial) continue;
    seen.add(k);
    found.push({ key: r.key, value: r.value, couldBeInitial: !overwritten.has(r.key) });
  }
  return found;
}
