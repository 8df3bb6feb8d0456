import { assert, configError, limitError } from '../../errors.js';
import { Rng } from '../../sim/rng.js';
import { sampleKey } from '../sample.js';
import { sortKeys } from './key-order.js';

/** Bounds of range and directory partitioning, at the tool boundary and again here. */
export const RANGE_LIMITS = {
  maxPartitions: 1024,
  /** Keys in the data set: given ones or the seeded sample. */
  maxKeys: 200_000,
  maxKeyLength: 512,
  /** Largest load of one key (requests per second, bytes, any unit: only ratios matter). */
  maxKeyLoad: 1e9,
  /** Zipf exponent of the sampled loads. */
  maxLoadSkew: 4,
  /** Splits one layout may make before it stops (each split divides one hot range in two). */
  maxSplits: 256,
} as const;

/**
 * The keys a layout is computed from, in byte order, with their loads. `prefix[i]` is the load of keys[0..i), so the
 * load of any run of keys is one subtraction.
 */
export interface KeyData {
  readonly source: 'keys' | 'sample';
  readonly keys: readonly string[];
  readonly loads: Float64Array;
  readonly prefix: Float64Array;
  readonly totalLoad: number;
  /** True when every load is 1 (no loads given, no skew): loads are then key counts. */
  readonly unitLoads: boolean;
}

export interface KeyDataSpec {
  readonly keys?: readonly string[] | undefined;
  /** Load of each of `keys`, same length; default 1 each. */
  readonly keyLoads?: readonly number[] | undefined;
  /** Keys to draw when `keys` is empty. */
  readonly sampleKeys: number;
  readonly seed: number;
  /** Zipf exponent of the sample's loads (0 = every key the same load). */
  readonly loadSkew?: number | undefined;
}

/** The given keys (sorted, each once) with their loads, or a seeded sample of `sampleKeys` keys. */
export function keyData(spec: KeyDataSpec): KeyData {
  const given = spec.keys ?? [];
  if (spec.keyLoads !== undefined && given.length === 0) {
    throw configError('key_loads', 'key_loads gives the load of each of keys; give keys too, or remove key_loads');
  }
  if (given.length > 0) {
    if (spec.loadSkew !== undefined) {
      throw configError('load_skew', 'load_skew shapes the loads of sampled keys; with keys given use key_loads');
    }
    return givenKeys(given, spec.keyLoads);
  }
  const count = spec.sampleKeys;
  if (!Number.isInteger(count) || count < 1 || count > RANGE_LIMITS.maxKeys) {
    throw limitError('sample_keys', `sample_keys must be an integer in 1..${RANGE_LIMITS.maxKeys}`);
  }
  const skew = spec.loadSkew ?? 0;
  if (!(skew >= 0) || skew > RANGE_LIMITS.maxLoadSkew) {
    throw configError('load_skew', `load_skew must be in 0..${RANGE_LIMITS.maxLoadSkew}`);
  }
  const keys = sortKeys(
    Array.from({ length: count }, (_, i) => sampleKey(spec.seed, i)),
    (k) => k,
  );
  const loads = skew === 0 ? new Float64Array(count).fill(1) : zipfLoads(count, skew, spec.seed);
  return finish('sample', keys, loads, skew === 0);
}

function givenKeys(given: readonly string[], keyLoads: readonly number[] | undefined): KeyData {
  if (given.length > RANGE_LIMITS.maxKeys) throw limitError('keys', `at most ${RANGE_LIMITS.maxKeys} keys`);
  if (keyLoads !== undefined && keyLoads.length !== given.length) {
    throw configError(
      'key_loads',
      `key_loads has ${keyLoads.length} entries but keys has ${given.length}; give one load per key, in the same order`,
    );
  }
  const seen = new Map<string, number>();
  given.forEach((key, i) => {
    if (key.length === 0 || key.length > RANGE_LIMITS.maxKeyLength) {
      throw configError(`keys.${i}`, `keys must be 1..${RANGE_LIMITS.maxKeyLength} characters`);
    }
    const first = seen.get(key);
    if (first !== undefined) {
      throw configError(`keys.${i}`, `"${key}" is also keys.${first}; list each key once (with its total load)`);
    }
    seen.set(key, i);
    const load = keyLoads?.[i] ?? 1;
    if (!Number.isFinite(load) || load < 0 || load > RANGE_LIMITS.maxKeyLoad) {
      throw configError(`key_loads.${i}`, `loads must be finite, >= 0 and <= ${RANGE_LIMITS.maxKeyLoad}`);
    }
  });
  const order = sortKeys(
    given.map((_, i) => i),
    (i) => given[i] ?? '',
  );
  const keys = order.map((i) => given[i] ?? '');
  const loads = Float64Array.from(order, (i) => keyLoads?.[i] ?? 1);
  return finish('keys', keys, loads, keyLoads === undefined || loads.every((l) => l === 1));
}

function finish(source: KeyData['source'], keys: string[], loads: Float64Array, unitLoads: boolean): KeyData {
  const prefix = new Float64Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) prefix[i + 1] = (prefix[i] ?? 0) + (loads[i] ?? 0);
  const totalLoad = prefix[keys.length] ?? 0;
  if (!(totalLoad > 0)) throw configError('key_loads', 'every load is 0: give at least one key a positive load');
  return { source, keys, loads, prefix, totalLoad, unitLoads };
}

/**
 * Zipf loads: ranks 1..n dealt to the keys by a seeded shuffle (so hot keys land anywhere in key order), load of rank
 * r proportional to 1 / r^skew, scaled so the mean load is 1 and a load reads as "times an average key".
 */
function zipfLoads(count: number, skew: number, seed: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  const rank = Uint32Array.from({ length: count }, (_, i) => i + 1);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = rank[i] ?? 0;
    rank[i] = rank[j] ?? 0;
    rank[j] = t;
  }
  const loads = Float64Array.from(rank, (r) => 1 / r ** skew);
  const sum = loads.reduce((s, l) => s + l, 0);
  assert(sum > 0, 'Zipf loads sum to a positive number');
  for (let i = 0; i < count; i++) loads[i] = ((loads[i] ?? 0) * count) / sum;
  return loads;
}

/** Load of keys[lo..hi). */
export function loadOf(data: KeyData, lo: number, hi: number): number {
  return (data.prefix[hi] ?? 0) - (data.prefix[lo] ?? 0);
}
