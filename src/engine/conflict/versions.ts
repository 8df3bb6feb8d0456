import { configError, limitError } from '../errors.js';
import { hlcFromObject, type Hlc } from './hlc.js';
import { checkJsonValue, type JsonValue } from './json-value.js';
import { checkNodeId, clockFromObject, type VectorClock } from './vector-clock.js';

export const MAX_VERSIONS = 100;
/** One version's value, as canonical JSON text: conflicts are about records, not blobs. */
export const MAX_VALUE_CHARS = 1000;
/** All versions' values together, which bounds the result (it echoes the values it discards). */
export const MAX_TOTAL_VALUE_CHARS = 32_000;
/** Timestamps are milliseconds since the Unix epoch, within the range an ISO 8601 date can show. */
export const MAX_TIMESTAMP_MS = 8.64e15;

/** One replica's copy of a key, as the caller reported it. */
export interface VersionInput {
  readonly value?: unknown;
  readonly timestamp?: number | undefined;
  readonly node_id?: string | undefined;
  readonly vector_clock?: Record<string, number> | undefined;
  readonly hlc?: { readonly wall_time_ms: number; readonly logical: number } | undefined;
}

/** A checked version; `index` is its position in the caller's list, which every result refers to. */
export interface Version {
  readonly index: number;
  readonly value: JsonValue;
  /** Canonical JSON of the value: equal values have equal keys. */
  readonly valueKey: string;
  readonly timestamp?: number;
  readonly nodeId?: string;
  readonly vectorClock?: VectorClock;
  readonly hlc?: Hlc;
}

/** Checks every version and the bounds; errors name the field, e.g. `versions.2.vector_clock.node-a`. */
export function parseVersions(inputs: readonly VersionInput[]): Version[] {
  if (inputs.length > MAX_VERSIONS) {
    throw limitError('versions', `${inputs.length} versions given; the limit is ${MAX_VERSIONS}`);
  }
  let totalChars = 0;
  const versions = inputs.map((input, index) => {
    const version = parseVersion(input, index);
    totalChars += version.valueKey.length;
    return version;
  });
  if (totalChars > MAX_TOTAL_VALUE_CHARS) {
    throw limitError(
      'versions',
      `the values total ${totalChars} characters of JSON; the limit is ${MAX_TOTAL_VALUE_CHARS}: send digests or ids`,
    );
  }
  return versions;
}

function parseVersion(input: VersionInput, index: number): Version {
  const path = `versions.${index}`;
  const valueKey = checkJsonValue(input.value, `${path}.value`, MAX_VALUE_CHARS);
  const timestamp = input.timestamp;
  if (timestamp !== undefined && !(Number.isFinite(timestamp) && timestamp >= 0 && timestamp <= MAX_TIMESTAMP_MS)) {
    throw configError(`${path}.timestamp`, `must be milliseconds since the Unix epoch, 0..${MAX_TIMESTAMP_MS}`);
  }
  return {
    index,
    value: input.value as JsonValue,
    valueKey,
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(input.node_id !== undefined ? { nodeId: checkNodeId(input.node_id, `${path}.node_id`) } : {}),
    ...(input.vector_clock !== undefined
      ? { vectorClock: clockFromObject(input.vector_clock, `${path}.vector_clock`) }
      : {}),
    ...(input.hlc !== undefined ? { hlc: hlcFromObject(input.hlc, `${path}.hlc`) } : {}),
  };
}

/** The first version lacking `field`, for "every version needs ..." errors. */
export function firstMissing(versions: readonly Version[], field: keyof Version): Version | undefined {
  return versions.find((v) => v[field] === undefined);
}
