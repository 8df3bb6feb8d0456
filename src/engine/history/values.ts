/**
 * Interned values: every distinct value in a history gets a small integer id, so model states are integers and
 * equality is `===`. Equality is structural (JSON-like: key order of objects does not matter).
 */
import { configError } from '../errors.js';

export const NIL_ID = 0;

export class ValueTable {
  private readonly ids = new Map<string, number>();
  private readonly values: unknown[] = [];

  constructor() {
    this.intern(null);
  }

  /** The id of a value, creating it on first sight. `undefined` counts as null. */
  intern(value: unknown): number {
    const key = canonicalKey(value ?? null);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.values.length;
    this.ids.set(key, id);
    this.values.push(value ?? null);
    return id;
  }

  /** Fast path for strings built during the search (appends). */
  internString(value: string): number {
    const key = `s${value}`;
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.values.length;
    this.ids.set(key, id);
    this.values.push(value);
    return id;
  }

  value(id: number): unknown {
    return this.values[id];
  }

  get size(): number {
    return this.values.length;
  }
}

/** A key such that two values get the same key exactly when they are structurally equal. */
export function canonicalKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return Number.isFinite(value) ? `n${value}` : `n${String(value)}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'bigint':
      return `n${value.toString()}`;
    case 'object':
      return value === null ? 'z' : `j${stableJson(value)}`;
    case 'undefined':
      return 'z';
    case 'function':
    case 'symbol':
      throw configError(
        'history',
        `values must be JSON data (null, numbers, strings, arrays, maps); got a ${typeof value}`,
      );
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalKey(v ?? null)).join(',')}]`;
  if (value instanceof Map) return stableJson(Object.fromEntries(value));
  if (value instanceof Set)
    return `#${[...value]
      .map((v) => canonicalKey(v))
      .sort()
      .join(',')}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v ?? null)}`).join(',')}}`;
}
