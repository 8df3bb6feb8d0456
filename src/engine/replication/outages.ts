import type { ReplicaFailure, ReplicaFailureKind } from './types.js';

/** One period during which a replica is unreachable from the primary, in virtual ms ([fromMs, toMs)). */
export interface Outage {
  readonly fromMs: number;
  /** Infinity when the replica never comes back. */
  readonly toMs: number;
  readonly kind: ReplicaFailureKind;
}

/**
 * The outages of one replica and the rules for what they do to a message or an apply. The rules are deliberately
 * simple and stated once here:
 * - a message whose flight ends inside or after the start of an outage but which left before its end is held: across
 *   a partition TCP delivers it one one-way delay after the heal; across a crash the restarted replica asks for what
 *   it lacks, so it arrives one round trip after the restart;
 * - an acknowledgment already sent is only held by a partition (a crash after sending does not recall it);
 * - a crashed replica applies nothing; it resumes at its restart (from its durable log) or, when it holds only what
 *   it applied, one round trip later (it must fetch the write again).
 */
export class ReplicaOutages {
  private readonly all: Outage[];
  private readonly crashes: Outage[];
  private readonly cuts: Outage[];

  constructor(outages: readonly Outage[]) {
    this.all = [...outages].sort((a, b) => a.fromMs - b.fromMs);
    this.crashes = this.all.filter((o) => o.kind === 'crash');
    this.cuts = this.all.filter((o) => o.kind === 'partition');
  }

  get none(): boolean {
    return this.all.length === 0;
  }

  /** Arrival at the replica of a message sent at `sentMs` with one-way delay `outMs` (round trip `rttMs`). */
  deliver(sentMs: number, outMs: number, rttMs: number): number {
    return hold(sentMs, outMs, this.all, (o) => (o.kind === 'crash' ? o.toMs + rttMs : o.toMs + outMs));
  }

  /** Arrival at the primary of an acknowledgment the replica sent at `sentMs` with one-way delay `backMs`. */
  acknowledge(sentMs: number, backMs: number): number {
    return hold(sentMs, backMs, this.cuts, (o) => o.toMs + backMs);
  }

  /** The first instant at or after `atMs` when the replica is up, plus `resumeMs` if it had to wait for a restart. */
  upAt(atMs: number, resumeMs: number): number {
    let t = atMs;
    for (let moved = true; moved;) {
      moved = false;
      for (const o of this.crashes) {
        if (t >= o.fromMs && t < o.toMs) {
          t = o.toMs + resumeMs;
          moved = true;
        }
      }
    }
    return t;
  }

  crashedAt(atMs: number): boolean {
    return this.crashes.some((o) => atMs >= o.fromMs && atMs < o.toMs);
  }

  /** Disjoint unreachable periods (crash or partition), sorted. */
  unreachable(): Outage[] {
    const merged: Outage[] = [];
    for (const o of this.all) {
      const last = merged[merged.length - 1];
      if (last && o.fromMs <= last.toMs) {
        merged[merged.length - 1] = { ...last, toMs: Math.max(last.toMs, o.toMs) };
      } else merged.push(o);
    }
    return merged;
  }
}

/**
 * A message in flight from `sentMs` for `flightMs` is held by every outage it overlaps (it lands at or after the
 * outage starts and left before it ended) until `heldUntil(outage)`; it may then meet the next outage.
 */
function hold(sentMs: number, flightMs: number, outages: readonly Outage[], heldUntil: (o: Outage) => number): number {
  let arrival = sentMs + flightMs;
  let sent = sentMs;
  for (let moved = true; moved;) {
    moved = false;
    for (const o of outages) {
      if (arrival >= o.fromMs && sent < o.toMs) {
        arrival = heldUntil(o);
        sent = arrival - flightMs;
        moved = true;
      }
    }
  }
  return arrival;
}

export function replicaOutages(failures: readonly ReplicaFailure[], replicas: number): ReplicaOutages[] {
  return Array.from(
    { length: replicas },
    (_, i) =>
      new ReplicaOutages(
        failures
          .filter((f) => f.replica === i)
          .map((f) => ({
            fromMs: f.atSeconds * 1000,
            toMs: f.durationSeconds === undefined ? Infinity : (f.atSeconds + f.durationSeconds) * 1000,
            kind: f.kind ?? 'crash',
          })),
      ),
  );
}

/**
 * Milliseconds of [0, endMs) during which fewer than `required` replicas are reachable, so a write that needs
 * `required` acknowledgments cannot commit (exact, from the outage periods).
 */
export function blockedMs(outages: readonly ReplicaOutages[], required: number, endMs: number): number {
  if (required === 0) return 0;
  const edges: { atMs: number; delta: number }[] = [];
  for (const o of outages) {
    for (const u of o.unreachable()) {
      edges.push({ atMs: Math.min(u.fromMs, endMs), delta: 1 }, { atMs: Math.min(u.toMs, endMs), delta: -1 });
    }
  }
  edges.sort((a, b) => a.atMs - b.atMs || a.delta - b.delta);
  let down = 0;
  let blocked = 0;
  let prev = 0;
  for (const e of edges) {
    if (outages.length - down < required) blocked += e.atMs - prev;
    down += e.delta;
    prev = e.atMs;
  }
  if (outages.length - down < required) blocked += endMs - prev;
  return blocked;
}
