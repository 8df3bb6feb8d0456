import { configError, limitError } from '../errors.js';

/**
 * A hybrid logical clock timestamp (Kulkarni, Demirbas, Madappa, Avva, Leone 2014, "Logical Physical Clocks",
 * OPODIS): `wallTimeMs` is the paper's l, the largest physical time heard of; `logical` is c, which orders events
 * that share an l. HLC stays within the clock skew of physical time yet respects happened-before, like a Lamport
 * clock.
 */
export interface Hlc {
  readonly wallTimeMs: number;
  readonly logical: number;
}

/** The paper bounds c by the events per skew window; real systems store it in 16 (the paper) to 32 bits. */
export const MAX_HLC_LOGICAL = 2 ** 31 - 1;
export const MAX_HLC_WALL_TIME_MS = 8.64e15;

/** Lexicographic on (l, c). Kulkarni et al. 2014 prove e hb f implies compareHlc(hlc(e), hlc(f)) < 0; the converse does not hold. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallTimeMs !== b.wallTimeMs) return a.wallTimeMs < b.wallTimeMs ? -1 : 1;
  if (a.logical !== b.logical) return a.logical < b.logical ? -1 : 1;
  return 0;
}

/**
 * Send or local event at a node whose physical clock reads `physicalMs` (Kulkarni et al. 2014, HLC algorithm, "send or local event"):
 * l' = max(l, pt); c' = c + 1 if l did not move, else 0.
 */
export function hlcSend(local: Hlc, physicalMs: number): Hlc {
  const wallTimeMs = Math.max(local.wallTimeMs, physicalMs);
  const logical = wallTimeMs === local.wallTimeMs ? local.logical + 1 : 0;
  return checked({ wallTimeMs, logical });
}

/**
 * Receipt of a message stamped `message` (Kulkarni et al. 2014, HLC algorithm,
 * "receive event of message m"): l' = max(l, l.m, pt); c' is
 * max(c, c.m) + 1 when l' equals both l and l.m, c + 1 when only l, c.m + 1 when only l.m, 0 when pt is ahead.
 */
export function hlcReceive(local: Hlc, message: Hlc, physicalMs: number): Hlc {
  const wallTimeMs = Math.max(local.wallTimeMs, message.wallTimeMs, physicalMs);
  let logical: number;
  if (wallTimeMs === local.wallTimeMs && wallTimeMs === message.wallTimeMs) {
    logical = Math.max(local.logical, message.logical) + 1;
  } else if (wallTimeMs === local.wallTimeMs) {
    logical = local.logical + 1;
  } else if (wallTimeMs === message.wallTimeMs) {
    logical = message.logical + 1;
  } else {
    logical = 0;
  }
  return checked({ wallTimeMs, logical });
}

/**
 * How far an HLC runs ahead of a physical clock. Kulkarni et al. 2014 bound l - pt by the clock skew
 * epsilon; a larger drift means
 * some node's clock is fast (CockroachDB refuses such messages beyond its max offset).
 */
export function hlcDriftMs(hlc: Hlc, physicalMs: number): number {
  return hlc.wallTimeMs - physicalMs;
}

function checked(hlc: Hlc): Hlc {
  if (hlc.logical > MAX_HLC_LOGICAL) {
    throw limitError('hlc', `the logical counter would pass ${MAX_HLC_LOGICAL}; physical time must advance`);
  }
  return hlc;
}

/** Reads `{wall_time_ms, logical}`; errors name `path`. */
export function hlcFromObject(value: unknown, path: string): Hlc {
  const object = (value ?? {}) as { wall_time_ms?: unknown; logical?: unknown };
  const wall = object.wall_time_ms;
  const logical = object.logical;
  if (typeof wall !== 'number' || !Number.isInteger(wall) || wall < 0 || wall > MAX_HLC_WALL_TIME_MS) {
    throw configError(`${path}.wall_time_ms`, `must be an integer 0..${MAX_HLC_WALL_TIME_MS} (ms since the epoch)`);
  }
  if (typeof logical !== 'number' || !Number.isInteger(logical) || logical < 0 || logical > MAX_HLC_LOGICAL) {
    throw configError(`${path}.logical`, `must be an integer 0..${MAX_HLC_LOGICAL}`);
  }
  return { wallTimeMs: wall, logical };
}

export function hlcToObject(hlc: Hlc): { wall_time_ms: number; logical: number } {
  return { wall_time_ms: hlc.wallTimeMs, logical: hlc.logical };
}

export function formatHlc(hlc: Hlc): string {
  return `${hlc.wallTimeMs}.${hlc.logical}`;
}
