/**
 * Breaks exactly one field of a valid tool call, and says which path the server's rejection must name: a wrong
 * type, a value past a bound (huge strings and arrays included), a value outside an enum, an unknown key, a missing
 * required key.
 */
import { numericBounds, type JsonSchema } from './schema-arbitrary.js';

export type MutationKind =
  'wrong_type' | 'above_max' | 'below_min' | 'not_in_enum' | 'unknown_key' | 'missing_required' | 'fraction';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'wrong_type',
  'above_max',
  'below_min',
  'not_in_enum',
  'unknown_key',
  'missing_required',
  'fraction',
];

/** A field present in a generated value, with its schema. */
interface Site {
  readonly path: readonly (string | number)[];
  readonly schema: JsonSchema;
  /** The path a rejection names: the field itself, or the union (anyOf) that contains it. */
  readonly reportPath: readonly (string | number)[];
  /** Inside (or a member of) a union: the validator reports at the union, not at the field. */
  readonly inUnion: boolean;
}

export interface Mutation {
  readonly args: Record<string, unknown>;
  readonly kind: MutationKind;
  /** The field path as the SDK prints it (`faults[0].at_ms`), or the key a rejection must mention. */
  readonly mustMention: string;
}

/** Formats a path the way the MCP SDK's input validation error does. */
export function dotPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (acc, seg, i) => (i === 0 ? String(seg) : typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${seg}`),
    '',
  );
}

function sites(
  value: unknown,
  schema: JsonSchema,
  path: (string | number)[],
  union: (string | number)[] | undefined,
  out: Site[],
): void {
  if (path.length > 0) out.push({ path, schema, reportPath: union ?? path, inUnion: union !== undefined });
  const member = schema.anyOf?.find((s) => matchesType(value, s));
  // The union is the site (its members' own types are no error); fields inside a member are reported at the union.
  if (member) children(value, member, path, union ?? path, out);
  else if (!schema.anyOf) children(value, schema, path, union, out);
}

function children(
  value: unknown,
  schema: JsonSchema,
  path: (string | number)[],
  union: (string | number)[] | undefined,
  out: Site[],
): void {
  if (Array.isArray(value)) {
    const items = schema.items;
    value.forEach((v, i) => {
      const item = (Array.isArray(items) ? items[i] : items) as JsonSchema | undefined;
      if (item) sites(v, item, [...path, i], union, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      const sub = schema.properties?.[k] ?? extra;
      if (sub) sites(v, sub, [...path, k], union, out);
    }
  }
}

function matchesType(value: unknown, schema: JsonSchema): boolean {
  const t = schema.type;
  if (t === undefined) return true;
  if (t === 'integer' || t === 'number') return typeof value === 'number';
  if (t === 'array') return Array.isArray(value);
  if (t === 'object') return value !== null && typeof value === 'object' && !Array.isArray(value);
  return typeof value === t;
}

/** JSON types a schema accepts (undefined: any). */
function allowedTypes(schema: JsonSchema): Set<string> | undefined {
  if (schema.anyOf) {
    const all = schema.anyOf.map(allowedTypes);
    if (all.some((a) => a === undefined)) return undefined;
    return new Set(all.flatMap((a) => [...(a ?? [])]));
  }
  if (schema.enum) return new Set(schema.enum.map((v) => (v === null ? 'null' : typeof v)));
  if (schema.type === undefined) return undefined;
  const t = schema.type === 'integer' ? 'number' : (schema.type as string);
  return new Set([t]);
}

const SAMPLES: Record<string, unknown> = {
  string: 'wrong',
  number: 12.5,
  boolean: true,
  object: { x: 1 },
  array: [1],
  null: null,
};

/** The replacement value for one site, or undefined when this kind cannot break it. */
function broken(site: Site, value: unknown, kind: MutationKind): { value: unknown } | undefined {
  const s = site.schema;
  const integer = s.type === 'integer';
  switch (kind) {
    case 'wrong_type': {
      const allowed = allowedTypes(s);
      if (!allowed) return undefined;
      const other = Object.keys(SAMPLES).find((t) => !allowed.has(t));
      return other === undefined ? undefined : { value: SAMPLES[other] };
    }
    case 'above_max':
      if ((s.type === 'number' || integer) && s.maximum !== undefined && s.maximum < 1e15)
        return { value: s.maximum + (integer ? 1 : Math.max(1e-6, s.maximum * 1e-6)) };
      if (s.type === 'string' && s.maxLength !== undefined) return { value: 'm'.repeat(s.maxLength + 1) };
      if (
        s.type === 'array' &&
        s.maxItems !== undefined &&
        Array.isArray(value) &&
        value.length > 0 &&
        !Array.isArray(s.items)
      ) {
        return {
          value: Array.from({ length: s.maxItems + 1 }, (_, i): unknown => (value as unknown[])[i % value.length]),
        };
      }
      return undefined;
    case 'below_min': {
      if (s.type === 'number' || integer) {
        if (s.exclusiveMinimum !== undefined) return { value: s.exclusiveMinimum };
        const { min } = numericBounds(s, integer);
        return s.minimum !== undefined && Math.abs(min) < 1e15 ? { value: min - 1 } : undefined;
      }
      if (s.type === 'string' && (s.minLength ?? 0) > 0) return { value: '' };
      if (s.type === 'array' && (s.minItems ?? 0) > 0) return { value: [] };
      return undefined;
    }
    case 'not_in_enum':
      return s.enum ? { value: 'not_a_choice' } : undefined;
    case 'fraction':
      return integer ? { value: 1.5 } : undefined;
    case 'unknown_key':
      if (s.type !== 'object' || s.additionalProperties !== false || value === null || typeof value !== 'object')
        return undefined;
      return { value: { ...value, zz_unknown_field: 1 } };
    case 'missing_required':
      return undefined; // handled on the parent object
  }
}

/**
 * Applies `kind` to the `index`-th site (modulo the sites this kind can break) of a valid call. Top-level fields
 * count as sites too; `missing_required` removes a required key of the call or of a nested object.
 */
export function mutate(
  args: Record<string, unknown>,
  schema: JsonSchema,
  kind: MutationKind,
  index: number,
): Mutation | undefined {
  const all: Site[] = [{ path: [], schema, reportPath: [], inUnion: false }];
  sites(args, schema, [], undefined, all);
  if (kind === 'missing_required') return dropRequired(args, all, index);
  const candidates = all.flatMap((site) => {
    // The call itself stays an object: other shapes are the protocol's business, tested on their own.
    if (site.path.length === 0 && kind !== 'unknown_key') return [];
    const r = broken(site, valueAt(args, site.path), kind);
    return r ? [{ site, r }] : [];
  });
  const pick = candidates[index % Math.max(1, candidates.length)];
  if (!pick) return undefined;
  const mustMention = kind === 'unknown_key' ? 'zz_unknown_field' : dotPath(pick.site.reportPath);
  if (pick.site.path.length === 0) return { args: pick.r.value as Record<string, unknown>, kind, mustMention };
  return { args: setAt(args, pick.site.path, pick.r.value), kind, mustMention };
}

function dropRequired(args: Record<string, unknown>, all: readonly Site[], index: number): Mutation | undefined {
  const candidates = all.flatMap((site) => {
    const v = valueAt(args, site.path);
    if (site.schema.type !== 'object' || v === null || typeof v !== 'object') return [];
    return (site.schema.required ?? []).filter((k) => k in v).map((k) => ({ site, k }));
  });
  const pick = candidates[index % Math.max(1, candidates.length)];
  if (!pick) return undefined;
  const path = [...pick.site.path, pick.k];
  const parent = { ...(valueAt(args, pick.site.path) as Record<string, unknown>) };
  delete parent[pick.k];
  const next = pick.site.path.length === 0 ? parent : setAt(args, pick.site.path, parent);
  return {
    args: next,
    kind: 'missing_required',
    mustMention: dotPath(pick.site.inUnion ? pick.site.reportPath : path),
  };
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, seg) => (v as Record<string | number, unknown>)[seg], root);
}

/** A copy of `root` with `path` set to `value` (copies along the path only). */
function setAt(
  root: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy: Record<string | number, unknown> = Array.isArray(root)
    ? ([...(root as unknown[])] as never)
    : { ...root };
  copy[head as string] =
    rest.length === 0 ? value : setAt(copy[head as string] as Record<string, unknown>, rest, value);
  return copy;
}
