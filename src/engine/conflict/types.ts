import type { CrdtMergeOutcome } from './crdt/merge-states.js';
import type { Hlc } from './hlc.js';
import type { JsonValue } from './json-value.js';
import type { SkewAmbiguity, TieReport } from './lww.js';
import type { Superseded } from './siblings.js';
import type { VectorClock } from './vector-clock.js';

export type Strategy = 'lww' | 'vector_clock' | 'hlc' | 'crdt';
export const STRATEGIES = ['lww', 'vector_clock', 'hlc', 'crdt', 'auto'] as const;

/** A version or replica value the result refers to. `index` points into versions (or states); null for a value
 * that no single input held (an MV-Register sibling is named by its clock instead). */
export interface ValueRef {
  readonly index: number | null;
  readonly value: JsonValue;
  readonly nodeId?: string;
  readonly timestamp?: number;
  readonly vectorClock?: VectorClock;
  readonly hlc?: Hlc;
}

export type LossReason =
  /** LWW: an older timestamp. */
  | 'older_timestamp'
  /** HLC ordering: an older hybrid timestamp. */
  | 'older_hlc'
  /** Same clock as the winner; lost the deterministic tie-break. */
  | 'lost_tie'
  /** A concurrent sibling thrown away by the sibling resolver. */
  | 'sibling_discarded'
  /** CRDT LWW-Register: a replica's assignment replaced by a later one in the merge. */
  | 'overwritten_by_merge';

export interface LostUpdate {
  readonly ref: ValueRef;
  readonly reason: LossReason;
  /** true when vector clocks prove the write was concurrent with the winner (a genuinely lost update). */
  readonly concurrent?: boolean;
}

export type WarningCode =
  | 'tie'
  | 'clock_skew_ambiguity'
  | 'concurrent_writes_lost'
  | 'causality_violation'
  | 'clock_collision'
  | 'siblings_unresolved'
  | 'union_resurrects_removes'
  | 'timestamps_not_milliseconds'
  | 'partial_clock_metadata'
  | 'operations_without_effect'
  | 'unreachable_state'
  | 'lww_loses_updates';

export interface ConflictWarning {
  readonly code: WarningCode;
  readonly message: string;
}

/** Everything a resolution found, for every strategy; fields a strategy does not produce are empty or null. */
export interface ConflictResolution {
  readonly strategy: Strategy;
  /** Why this strategy: "requested", or what auto saw in the inputs. */
  readonly strategyReason: string;
  /** The resolved value; null when siblings remain for the application to reconcile. */
  readonly value: JsonValue | null;
  readonly resolved: boolean;
  readonly winner: ValueRef | null;
  readonly siblings: readonly ValueRef[];
  readonly mergedClock: VectorClock | null;
  readonly mergedHlc: Hlc | null;
  readonly lostUpdates: readonly LostUpdate[];
  readonly superseded: readonly Superseded[];
  readonly tie: TieReport | null;
  readonly withinSkew: readonly SkewAmbiguity[];
  readonly warnings: readonly ConflictWarning[];
  readonly explanation: string;
  readonly crdt: CrdtMergeOutcome | null;
  /** The latest wall-clock time the inputs carry (ms since the epoch; 0 when none): a reproducible event time. */
  readonly latestTimestampMs: number;
}
