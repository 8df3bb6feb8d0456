import { assert } from '../errors.js';
import { compareText } from './json-value.js';
import type { Version } from './versions.js';

/** Which clock orders the versions: wall-clock timestamps (plain LWW) or hybrid logical clocks. */
export type OrderClock = 'timestamp' | 'hlc';

export type OrderLossReason = 'older_timestamp' | 'older_hlc' | 'lost_tie';

export interface RankedLoser {
  readonly version: Version;
  readonly reason: OrderLossReason;
}

/** Versions whose clocks were equal to the winner's: the choice among them was arbitrary, if deterministic. */
export interface TieReport {
  readonly indices: readonly number[];
  /** What decided between the winner and the strongest other tied version. */
  readonly brokenBy: 'node_id' | 'value';
}

/** A loser whose wall time is closer to the winner's than the clock skew: it may really have been written last. */
export interface SkewAmbiguity {
  readonly index: number;
  readonly gapMs: number;
}

export interface TotalOrderOutcome {
  readonly winner: Version;
  /** Every other version, latest first. */
  readonly losers: readonly RankedLoser[];
  readonly tie: TieReport | null;
  /** Losers within `maxClockSkewMs` of the winner; empty when no skew was given. */
  readonly withinSkew: readonly SkewAmbiguity[];
}

/**
 * Last-writer-wins: the greatest (clock, node id, canonical value) wins. Node id and value only break exact clock
 * ties, so every replica picks the same winner whatever order versions arrive in (the LWW-Register of Shapiro et
 * al. 2011, Spec. 8, with the node id as the unique tiebreaker they require). Versions without a clock are the
 * caller's error and must be filtered first.
 */
export function orderVersions(
  versions: readonly Version[],
  clock: OrderClock,
  maxClockSkewMs?: number,
): TotalOrderOutcome {
  assert(versions.length > 0, 'orderVersions needs at least one version');
  const key = clock === 'timestamp' ? timestampKey : hlcKey;
  const sorted = [...versions].sort((a, b) => compareVersions(b, a, key));
  const [winner, ...rest] = sorted;
  assert(winner !== undefined, 'sorted versions are non-empty');
  const winnerKey = key(winner);
  const losers = rest.map((version): RankedLoser => {
    const sameClock = compareKeys(key(version), winnerKey) === 0;
    return { version, reason: sameClock ? 'lost_tie' : clock === 'timestamp' ? 'older_timestamp' : 'older_hlc' };
  });
  return {
    winner,
    losers,
    tie: tieReport(winner, losers),
    withinSkew: skewAmbiguities(winner, losers, key, maxClockSkewMs),
  };
}

type ClockKey = readonly [number, number];

const timestampKey = (v: Version): ClockKey => {
  assert(v.timestamp !== undefined, `version ${v.index} has no timestamp`);
  return [v.timestamp, 0];
};

const hlcKey = (v: Version): ClockKey => {
  assert(v.hlc !== undefined, `version ${v.index} has no hlc`);
  return [v.hlc.wallTimeMs, v.hlc.logical];
};

function compareKeys(a: ClockKey, b: ClockKey): number {
  return a[0] !== b[0] ? Math.sign(a[0] - b[0]) : Math.sign(a[1] - b[1]);
}

function compareVersions(a: Version, b: Version, key: (v: Version) => ClockKey): number {
  return (
    compareKeys(key(a), key(b)) ||
    compareText(a.nodeId ?? '', b.nodeId ?? '') ||
    compareText(a.valueKey, b.valueKey) ||
    b.index - a.index // exact duplicates: the earlier one in the caller's list counts as the winner
  );
}

function tieReport(winner: Version, losers: readonly RankedLoser[]): TieReport | null {
  // Exact copies of the winner (same node, same value) are duplicates, not a tie that someone lost.
  const tied = losers.filter(
    (l) => l.reason === 'lost_tie' && !(l.version.nodeId === winner.nodeId && l.version.valueKey === winner.valueKey),
  );
  const runnerUp = tied[0];
  if (runnerUp === undefined) return null;
  return {
    indices: [winner.index, ...tied.map((l) => l.version.index)],
    brokenBy: runnerUp.version.nodeId !== winner.nodeId ? 'node_id' : 'value',
  };
}

/**
 * With clocks that may disagree by up to `maxClockSkewMs`, a write stamped d ms earlier than another may really have
 * happened later whenever d < skew; only losers that close to the winner could have been the true last write.
 */
function skewAmbiguities(
  winner: Version,
  losers: readonly RankedLoser[],
  key: (v: Version) => ClockKey,
  maxClockSkewMs: number | undefined,
): SkewAmbiguity[] {
  if (maxClockSkewMs === undefined) return [];
  const wall = key(winner)[0];
  return losers
    .map((l) => ({ index: l.version.index, gapMs: wall - key(l.version)[0] }))
    .filter((a) => a.gapMs < maxClockSkewMs);
}
