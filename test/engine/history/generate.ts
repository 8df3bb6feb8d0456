/**
 * Histories with a known answer, for property tests and benchmarks. `generateHistory` runs a sequential reference
 * implementation (written here, independently of the engine's models), gives every operation a linearization point,
 * then widens each point into an invocation/completion interval without overlapping its own process: the result is
 * linearizable by construction (the points are a witness). Seeded, so a failing case replays.
 */
import type { HistoryOp } from '../../../src/engine/index.js';

export type GenModel = 'register' | 'kv' | 'mutex' | 'queue';

export interface GenOptions {
  readonly model: GenModel;
  readonly processes: number;
  readonly ops: number;
  /** kv only: number of keys. */
  readonly keys?: number;
  /** Chance that an operation crashes (`info`, or no completion at all); it may or may not have taken effect. */
  readonly infoRate?: number;
  /** Chance that an operation fails (`fail`): it did not take effect. */
  readonly failRate?: number;
  /** Emit `time` on every line (otherwise order is by line position). */
  readonly timed?: boolean;
  /** How far (in linearization-point units) an interval may stretch past its neighbours. */
  readonly spread?: number;
}

export interface Generated {
  readonly history: HistoryOp[];
  /** Line indices of completed reads (`read` / `get`), which a mutation can change. */
  readonly readLines: number[];
}

/** mulberry32: small, seeded, good enough to drive test data. */
export function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  readonly worker: number;
  readonly point: number;
  readonly f: string;
  readonly key: string | undefined;
  readonly input: unknown;
  readonly output: unknown;
  readonly fate: 'ok' | 'fail' | 'info' | 'pending';
}

export function generateHistory(seed: number, options: GenOptions): Generated {
  const random = rng(seed);
  const reference = referenceModel(options, random);
  const planned: Planned[] = [];
  for (let i = 0; i < options.ops; i++) {
    const worker = Math.floor(random() * options.processes);
    const roll = random();
    const fate =
      roll < (options.failRate ?? 0)
        ? 'fail'
        : roll < (options.failRate ?? 0) + (options.infoRate ?? 0)
          ? random() < 0.5
            ? 'info'
            : 'pending'
          : 'ok';
    // A crashed operation took effect or not, at random; a failed one never did.
    const applies = fate === 'ok' || (fate !== 'fail' && random() < 0.5);
    const step = reference.next(applies);
    planned.push({ worker, point: i + 1, ...step, fate: step.forceFail && fate === 'ok' ? 'fail' : fate });
  }
  return emit(planned, options, random);
}

function emit(planned: readonly Planned[], options: GenOptions, random: () => number): Generated {
  const spread = options.spread ?? 3;
  const events: { time: number; line: HistoryOp }[] = [];
  const generation = new Array<number>(options.processes).fill(0);
  const crashedAt = new Array<number>(options.processes).fill(-Infinity);
  for (let w = 0; w < options.processes; w++) {
    const mine = planned.filter((p) => p.worker === w);
    mine.forEach((op, i) => {
      const before = i > 0 ? (mine[i - 1]?.point ?? 0) : op.point - spread;
      const after = i + 1 < mine.length ? (mine[i + 1]?.point ?? 0) : op.point + spread;
      const lo = Math.max((op.point + before) / 2, crashedAt[w] ?? -Infinity);
      const call = op.point - random() * (op.point - lo) * 0.999;
      const ret = op.point + random() * ((op.point + after) / 2 - op.point) * 0.999;
      const process = w + options.processes * (generation[w] ?? 0);
      const base = { process, f: op.f, ...(op.key !== undefined ? { key: op.key } : {}) };
      events.push({ time: call, line: { ...base, type: 'invoke', value: op.input } });
      if (op.fate === 'pending' || op.fate === 'info') {
        // Jepsen gives a crashed process a new id; the old one never completes or reports info.
        generation[w] = (generation[w] ?? 0) + 1;
        crashedAt[w] = call;
        if (op.fate === 'info') events.push({ time: ret, line: { ...base, type: 'info', value: op.input } });
        return;
      }
      events.push({ time: ret, line: { ...base, type: op.fate, value: op.fate === 'ok' ? op.output : op.input } });
    });
  }
  events.sort((a, b) => a.time - b.time);
  const history = events.map((e) => (options.timed ? { ...e.line, time: e.time } : e.line));
  const readLines = history.flatMap((l, i) => (l.type === 'ok' && (l.f === 'read' || l.f === 'get') ? [i] : []));
  return { history, readLines };
}

interface Step {
  readonly f: string;
  readonly key: string | undefined;
  readonly input: unknown;
  readonly output: unknown;
  /** The operation cannot succeed here (a cas that does not match): emit it as `fail`. */
  readonly forceFail?: boolean;
}

/** Sequential reference implementations: plain JavaScript, no engine code. */
function referenceModel(options: GenOptions, random: () => number): { next(applies: boolean): Step } {
  const pick = (n: number): number => Math.floor(random() * n);
  switch (options.model) {
    case 'register': {
      let value: number | null = null;
      return {
        next(applies) {
          const r = random();
          if (r < 0.4) return { f: 'read', key: undefined, input: null, output: value };
          if (r < 0.75) {
            const v = pick(5);
            if (applies) value = v;
            return { f: 'write', key: undefined, input: v, output: v };
          }
          const pair = [random() < 0.6 ? value : pick(5), pick(5)];
          const matches = pair[0] === value;
          if (applies && matches) value = pair[1] as number;
          return { f: 'cas', key: undefined, input: pair, output: pair, forceFail: !matches };
        },
      };
    }
    case 'kv':
      return kvReference(options.keys ?? 3, random);
    case 'mutex': {
      let held = false;
      return {
        next(applies) {
          const f = held ? 'release' : 'acquire';
          if (applies) held = !held;
          return { f, key: undefined, input: null, output: null };
        },
      };
    }
    case 'queue': {
      const items: number[] = [];
      let counter = 0;
      return {
        next(applies) {
          if (items.length === 0 || random() < 0.55) {
            const v = counter++;
            if (applies) items.push(v);
            return { f: 'enqueue', key: undefined, input: v, output: v };
          }
          const head = items[0] ?? null;
          if (applies) items.shift();
          return { f: 'dequeue', key: undefined, input: null, output: head };
        },
      };
    }
  }
}

function kvReference(keys: number, random: () => number): { next(applies: boolean): Step } {
  const store = new Map<string, string>();
  let counter = 0;
  return {
    next(applies) {
      const key = `k${Math.floor(random() * keys)}`;
      const r = random();
      if (r < 0.4) return { f: 'get', key, input: null, output: store.get(key) ?? null };
      const piece = `x${counter++}y`;
      const f = r < 0.7 ? 'put' : 'append';
      if (applies) store.set(key, f === 'put' ? piece : (store.get(key) ?? '') + piece);
      return { f, key, input: piece, output: piece };
    },
  };
}

/** The same history with the read at `line` changed to report a value no operation ever wrote. */
export function withNeverWrittenRead(history: readonly HistoryOp[], line: number): HistoryOp[] {
  return history.map((op, i) => (i === line ? { ...op, value: op.f === 'get' ? 'never-written' : -1 } : op));
}

/**
 * The history followed by: write X (completes), write Y (completes), then a read that returns X. X was overwritten
 * before the read was invoked, so no linearization exists; only real-time order rules it out.
 */
export function withStaleRead(history: readonly HistoryOp[], model: 'register' | 'kv'): HistoryOp[] {
  const key = model === 'kv' ? { key: 'k0' } : {};
  const [write, read, x, y] = model === 'kv' ? ['put', 'get', 'X-stale', 'Y-fresh'] : ['write', 'read', 100, 101];
  const times = history.map((op) => op.time ?? 0);
  const t = Math.max(0, ...times) + 1;
  const timed = history.length > 0 && history.every((op) => op.time !== undefined);
  const at = (k: number): { time?: number } => (timed ? { time: t + k } : {});
  const tail: HistoryOp[] = [
    { process: 1001, type: 'invoke', f: write, value: x, ...key, ...at(0) },
    { process: 1001, type: 'ok', f: write, value: x, ...key, ...at(1) },
    { process: 1002, type: 'invoke', f: write, value: y, ...key, ...at(2) },
    { process: 1002, type: 'ok', f: write, value: y, ...key, ...at(3) },
    { process: 1003, type: 'invoke', f: read, value: null, ...key, ...at(4) },
    { process: 1003, type: 'ok', f: read, value: x, ...key, ...at(5) },
  ];
  return [...history, ...tail];
}
