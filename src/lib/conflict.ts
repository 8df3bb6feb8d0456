import { resolveConflict, type ConflictResolution, type VersionInput } from '../engine/index.js';

/** One replica's version of a key, as the skill's templates write it: `{ value, timestamp }`. */
export interface LwwVersion {
  readonly value: unknown;
  /** Wall-clock write time, ms since the epoch. */
  readonly timestamp: number;
  /** The writer; breaks timestamp ties deterministically. */
  readonly nodeId?: string | undefined;
}

export interface LwwOptions {
  /** Largest clock disagreement between writers; versions closer than this are flagged as ambiguous. */
  readonly maxClockSkewMs?: number | undefined;
}

/**
 * Last-writer-wins between two versions (resolve_conflict's lww strategy): the later timestamp wins, ties go to the
 * higher node id then value, and `lostUpdates` lists what was silently dropped.
 */
export function resolveConflictLww(v1: LwwVersion, v2: LwwVersion, options: LwwOptions = {}): ConflictResolution {
  const version = (v: LwwVersion): VersionInput => ({
    value: v.value,
    timestamp: v.timestamp,
    ...(v.nodeId !== undefined ? { node_id: v.nodeId } : {}),
  });
  return resolveConflict({
    strategy: 'lww',
    versions: [version(v1), version(v2)],
    maxClockSkewMs: options.maxClockSkewMs,
  });
}
