import { configError } from '../../errors.js';
import { checkJsonValue, compareText, type JsonValue } from '../json-value.js';
import { MAX_TIMESTAMP_MS } from '../versions.js';

/** One set element, as canonical JSON text. */
export const MAX_ELEMENT_CHARS = 256;
/** Elements (or dots) in one list of one state. */
export const MAX_STATE_LIST = 10_000;

/** Sets key elements by canonical JSON, so {"a":1,"b":2} and {"b":2,"a":1} are one element. */
export type ElementKey = string;

export function decodeElement(key: ElementKey): JsonValue {
  return JSON.parse(key) as JsonValue;
}

export function sortedKeys(keys: Iterable<ElementKey>): ElementKey[] {
  return [...keys].sort(compareText);
}

/** The elements as JSON values, in canonical order. */
export function decodeSorted(keys: Iterable<ElementKey>): JsonValue[] {
  return sortedKeys(keys).map(decodeElement);
}

export function listFromJson(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw configError(path, 'must be a list');
  if (value.length > MAX_STATE_LIST) {
    throw configError(path, `has ${value.length} items; the limit is ${MAX_STATE_LIST} per list`);
  }
  return value;
}

export function elementKeysFromJson(value: unknown, path: string): Set<ElementKey> {
  return new Set(listFromJson(value, path).map((e, i) => checkJsonValue(e, `${path}.${i}`, MAX_ELEMENT_CHARS)));
}

export function setUnion(a: ReadonlySet<ElementKey>, b: ReadonlySet<ElementKey>): ReadonlySet<ElementKey> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const [large, small] = a.size >= b.size ? [a, b] : [b, a];
  let union: Set<ElementKey> | undefined;
  for (const key of small) {
    if (!large.has(key)) (union ??= new Set(large)).add(key);
  }
  return union ?? large;
}

export function isSubset(a: ReadonlySet<ElementKey>, b: ReadonlySet<ElementKey>): boolean {
  if (a.size > b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}

/** Reads `[{element, timestamp}]` into element -> latest timestamp. */
export function timestampsFromJson(value: unknown, path: string): Map<ElementKey, number> {
  const stamps = new Map<ElementKey, number>();
  listFromJson(value, path).forEach((item: unknown, i) => {
    const entry = (item ?? {}) as { element?: unknown; timestamp?: unknown };
    const key = checkJsonValue(entry.element, `${path}.${i}.element`, MAX_ELEMENT_CHARS);
    const ts = entry.timestamp;
    if (typeof ts !== 'number' || !(ts >= 0 && ts <= MAX_TIMESTAMP_MS)) {
      throw configError(`${path}.${i}.timestamp`, `must be milliseconds since the epoch, 0..${MAX_TIMESTAMP_MS}`);
    }
    stamps.set(key, Math.max(ts, stamps.get(key) ?? 0));
  });
  return stamps;
}

export function timestampsToJson(stamps: ReadonlyMap<ElementKey, number>): { element: JsonValue; timestamp: number }[] {
  return sortedKeys(stamps.keys()).map((key) => ({ element: decodeElement(key), timestamp: stamps.get(key) ?? 0 }));
}
