import {
  mergeReplicaStates,
  resolveConflict,
  type ConflictResolution,
  type ConflictSpec,
  type CrdtMergeOutcome,
  type CrdtMergeSpec,
  type VersionInput,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

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
  checkOptionKeys('resolveConflictLww', v1, VERSION_KEYS, 'v1');
  checkOptionKeys('resolveConflictLww', v2, VERSION_KEYS, 'v2');
  checkOptionKeys('resolveConflictLww', options, LWW_KEYS);
  const version = (v: LwwVersion): VersionInput => ({
    value: v.value,
    timestamp: v.timestamp,
    ...(v.nodeId !== undefined ? { node_id: v.nodeId } : {}),
  });
  return inLibraryTerms(
    [...VERSION_KEYS, ...LWW_KEYS],
    () =>
      resolveConflict({
        strategy: 'lww',
        versions: [version(v1), version(v2)],
        maxClockSkewMs: options.maxClockSkewMs,
      }),
    (path) => path.replace(/^versions\.([01])\b/, (_, i: string) => `v${Number(i) + 1}`),
  );
}

const VERSION_KEYS = optionKeys<LwwVersion>()('value', 'timestamp', 'nodeId');
const LWW_KEYS = optionKeys<LwwOptions>()('maxClockSkewMs');

const CONFLICT_KEYS = optionKeys<ConflictSpec>()(
  'strategy',
  'versions',
  'crdtType',
  'states',
  'operations',
  'maxClockSkewMs',
  'siblingResolver',
);
const MERGE_KEYS = optionKeys<CrdtMergeSpec>()('crdtType', 'states', 'operations');

/** resolve_conflict's engine: LWW, vector clocks with siblings, HLC or a CRDT merge, with what each drops. */
export function resolveConflictSpec(spec: ConflictSpec): ConflictResolution {
  checkOptionKeys('resolveConflict', spec, CONFLICT_KEYS);
  return inLibraryTerms(CONFLICT_KEYS, () => resolveConflict(spec));
}

/** The state-based merge of replica states of one CRDT (Shapiro et al. 2011), after any operations given. */
export function mergeCrdtStates(spec: CrdtMergeSpec): CrdtMergeOutcome {
  checkOptionKeys('mergeCrdtStates', spec, MERGE_KEYS);
  return inLibraryTerms(MERGE_KEYS, () => mergeReplicaStates(spec));
}
