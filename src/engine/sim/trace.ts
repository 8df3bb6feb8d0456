/** Trace records in the seed log schema, kept within a fixed budget by deterministic thinning. */

export const TRACE_EVENTS = [
  'election_started',
  'leader_elected',
  'log_replicated',
  'commit_applied',
  'partition_detected',
  'partition_healed',
] as const;

export type TraceEvent = (typeof TRACE_EVENTS)[number];

/** A record as the kernel makes it; `timestamp` and `skill` are added when the sample is taken. */
export interface RawRecord {
  readonly level: 'INFO' | 'WARN' | 'ERROR';
  readonly node_id: string;
  readonly term: number;
  readonly event: TraceEvent;
  readonly context: Record<string, unknown>;
  /** Virtual time in ms (also in `timestamp`), for sorting and reading. */
  readonly at_ms: number;
}

export interface TraceRecord extends RawRecord {
  /** ISO 8601: the fixed epoch 2025-01-01T00:00:00Z plus the virtual time. */
  readonly timestamp: string;
  readonly skill: 'distributed-systems';
}

/** The virtual clock's zero, as a wall-clock instant, so that timestamps look like real logs and never vary. */
export const TRACE_EPOCH = '2025-01-01T00:00:00.000Z';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 timestamp of a virtual time (the engine has no Date: formatted by hand, valid for up to 24 h). */
export function virtualTimestamp(atMs: number): string {
  const ms = Math.floor(atMs);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `2025-01-01T${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}Z`;
}

const FREQUENT: ReadonlySet<TraceEvent> = new Set(['log_replicated', 'commit_applied']);

/**
 * A uniform, deterministic sample of a stream of unknown length: keeps every `stride`-th item and, when full,
 * drops every other one kept and doubles the stride.
 */
class Thinned<T> {
  private items: T[] = [];
  private stride = 1;
  private seen = 0;
  constructor(private readonly capacity: number) {}

  /** Whether the next item offered will be kept (counts it as offered). */
  wants(): boolean {
    return this.seen++ % this.stride === 0;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.capacity) {
      this.items = this.items.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  list(): readonly T[] {
    return this.items;
  }
}

export class Trace {
  private readonly rare: Thinned<RawRecord>;
  private readonly frequent: Thinned<RawRecord>;
  readonly counts: Record<TraceEvent, number> = {
    election_started: 0,
    leader_elected: 0,
    log_replicated: 0,
    commit_applied: 0,
    partition_detected: 0,
    partition_healed: 0,
  };

  constructor(capacity: number) {
    this.rare = new Thinned(capacity);
    this.frequent = new Thinned(capacity);
  }

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /**
   * Counts one `event` and says whether its record will be kept: the caller builds the record only then, which
   * keeps a run with hundreds of thousands of commits cheap.
   */
  wants(event: TraceEvent): boolean {
    this.counts[event]++;
    return (FREQUENT.has(event) ? this.frequent : this.rare).wants();
  }

  push(r: RawRecord): void {
    (FREQUENT.has(r.event) ? this.frequent : this.rare).push(r);
  }

  record(r: RawRecord): void {
    if (this.wants(r.event)) this.push(r);
  }

  /**
   * At most `limit` records in time order: elections and partitions first (they tell the story), spread evenly when
   * there are more than fit, then replication and commit records spread evenly over the run to fill the rest.
   */
  sample(limit: number): TraceRecord[] {
    const rare = spread(this.rare.list(), limit);
    const frequent = spread(this.frequent.list(), limit - rare.length);
    return [...rare, ...frequent]
      .sort((a, b) => a.at_ms - b.at_ms)
      .map((r) => ({
        level: r.level,
        timestamp: virtualTimestamp(r.at_ms),
        skill: 'distributed-systems',
        node_id: r.node_id,
        term: r.term,
        event: r.event,
        context: r.context,
        at_ms: r.at_ms,
      }));
  }
}

function spread<T>(items: readonly T[], limit: number): T[] {
  if (limit <= 0) return [];
  if (items.length <= limit) return [...items];
  const out: T[] = [];
  for (let i = 0; i < limit; i++) out.push(items[Math.floor((i * items.length) / limit)] as T);
  return out;
}
