/**
 * P-compositionality (Horn & Kroening 2015): when a model is a product of independent objects (keys of a kv store,
 * registers of a multi-register), a history is linearizable iff each object's sub-history is (locality, Herlihy &
 * Wing 1990 Theorem 1). Operations touching several keys tie those keys together: the parts are the connected
 * components of "touched by one operation". Sequential consistency is not local, so it is never split.
 */
import type { Operation } from './prepare.js';

export interface Partition {
  /** Sorted keys of the part; empty for an unpartitioned model. */
  readonly keys: readonly string[];
  /** Its operations, in call order. */
  readonly operations: readonly Operation[];
}

export function partitionHistory(operations: readonly Operation[], split: boolean): Partition[] {
  const allKeys = [...new Set(operations.flatMap((op) => op.compiled.keys))].sort();
  if (!split) return operations.length === 0 && allKeys.length === 0 ? [] : [{ keys: allKeys, operations }];
  const parent = new Map<string, string>(allKeys.map((k) => [k, k]));
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = k;
    while (node !== root) {
      const up = parent.get(node) ?? root;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  for (const op of operations) {
    const [first, ...rest] = op.compiled.keys;
    if (first === undefined) continue;
    for (const k of rest) parent.set(find(k), find(first));
  }
  const byRoot = new Map<string, { keys: string[]; operations: Operation[] }>();
  for (const op of operations) {
    const root = find(op.compiled.keys[0] ?? '');
    let part = byRoot.get(root);
    if (!part) {
      part = { keys: [], operations: [] };
      byRoot.set(root, part);
    }
    part.operations.push(op);
  }
  for (const k of allKeys) byRoot.get(find(k))?.keys.push(k);
  return [...byRoot.values()];
}
