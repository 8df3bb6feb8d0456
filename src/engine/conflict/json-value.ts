import { configError } from '../errors.js';

/** A JSON value as it arrives from a tool call: what versions and set elements hold. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * JSON text with object keys sorted and no whitespace: equal values give equal text, so the text serves as a set key
 * and as the deterministic last tie-breaker between versions. Assumes `value` came from JSON (no undefined, no NaN).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const object = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(object).sort(compareText);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k] ?? null)}`).join(',')}}`;
}

/**
 * Code-unit order, the same on every machine and locale (unlike localeCompare): node ids, set elements and values
 * are ordered with it wherever a deterministic choice is needed.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Checks that `value` is plain JSON within `maxChars` of canonical text and returns that text. Throws a config error
 * naming `path` otherwise (missing values, non-finite numbers, oversized documents).
 */
export function checkJsonValue(value: unknown, path: string, maxChars: number): string {
  if (value === undefined) throw configError(path, 'is required: give the value as any JSON value');
  if (!isJson(value, 0)) {
    throw configError(path, 'must be plain JSON (strings, finite numbers, booleans, null, arrays, objects)');
  }
  const text = canonicalJson(value);
  if (text.length > maxChars) {
    throw configError(path, `is ${text.length} characters of JSON; the limit is ${maxChars}: send a digest or an id`);
  }
  return text;
}

const MAX_DEPTH = 32;

function isJson(value: unknown, depth: number): value is JsonValue {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, depth + 1));
  if (typeof value === 'object') return Object.values(value).every((v) => isJson(v, depth + 1));
  return false;
}
