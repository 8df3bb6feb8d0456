/**
 * Open writes nobody observed. An open operation (`info`, or never completed) may be linearized anywhere after its
 * invocation, including at the very end, where it changes no other operation's result. When its only effect is to
 * make a value visible (a register write, a kv put, a queue enqueue, a set add) and no operation ever observes that
 * value, the history with it is linearizable exactly when the history without it is:
 * - without => with: put the open write at the end of the witness;
 * - with => without: in a witness, nothing reads the value, so deleting the write changes no read; an open
 *   operation that consumed it (a dequeue of unknown result) moves to the end, where it takes nothing.
 * Dropping them matters: each one stays concurrent with everything after its invocation, and the search would try
 * it at every point (a crashed enqueue made a 58-line queue history run out of a 20 M-step budget).
 */
import type { ModelSpec } from './model.js';
import type { Operation } from './prepare.js';

/** Per key (kv) or for the whole object: the observed value ids, or 'any' when a value may be observed indirectly. */
function observations(operations: readonly Operation[], model: ModelSpec): Map<string, Set<number> | 'any'> {
  const seen = new Map<string, Set<number> | 'any'>();
  for (const op of operations) {
    const observed = model.observed?.(op.compiled) ?? [];
    const key = op.compiled.keys.join('\u0000');
    const current = seen.get(key);
    if (current === 'any') continue;
    if (observed === 'any') {
      seen.set(key, 'any');
      continue;
    }
    const set = current ?? new Set<number>();
    for (const id of observed) set.add(id);
    seen.set(key, set);
  }
  return seen;
}

/** The operations without the open writes of values never observed, and how many were dropped. */
export function pruneUnobservedOpenWrites(
  operations: readonly Operation[],
  model: ModelSpec,
): { readonly operations: readonly Operation[]; readonly dropped: number } {
  if (!model.observed || !model.pendingWrite) return { operations, dropped: 0 };
  const pendingWrite = model.pendingWrite.bind(model);
  const seen = observations(operations, model);
  const kept = operations.filter((op) => {
    if (!op.compiled.unknown) return true;
    const value = pendingWrite(op.compiled);
    if (value === undefined) return true;
    const observed = seen.get(op.compiled.keys.join('\u0000'));
    return observed === 'any' || (observed?.has(value) ?? false);
  });
  return { operations: kept, dropped: operations.length - kept.length };
}
