/**
 * A brute-force oracle for small histories: tries every order of the operations that respects the precedence
 * constraints, with each operation of unknown outcome either taking effect or not. Exponential, independent of the
 * engine's search (no memo, no linked list), so the two can be compared on random histories.
 */
import type { HistoryOp } from '../../../src/engine/index.js';

interface Op {
  readonly process: number;
  readonly f: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly known: boolean;
  readonly invoke: number;
  readonly complete: number;
}

export function bruteForce(
  history: readonly HistoryOp[],
  consistency: 'linearizable' | 'sequential',
  model: 'register' | 'queue' = 'register',
): boolean {
  const ops = pair(history);
  const before = (a: Op, b: Op): boolean =>
    consistency === 'linearizable'
      ? a.known && a.complete < b.invoke
      : a.known && a.process === b.process && a.invoke < b.invoke;
  const placed = new Array<boolean>(ops.length).fill(false);
  const search = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (!op || placed[i]) continue;
      if (ops.some((other, j) => !placed[j] && j !== i && before(other, op))) continue;
      placed[i] = true;
      // An operation of unknown outcome may also never have happened.
      if (!op.known && search(state, left - 1)) return true;
      const next = apply(state, op);
      if (next !== ILLEGAL && search(next.value, left - 1)) return true;
      placed[i] = false;
    }
    return false;
  };
  return search(model === 'queue' ? [] : null, ops.length);
}

const ILLEGAL = Symbol('illegal');

function apply(state: unknown, op: Op): { value: unknown } | typeof ILLEGAL {
  switch (op.f) {
    case 'read':
      return !op.known || op.output === state ? { value: state } : ILLEGAL;
    case 'write':
      return { value: op.input };
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      if (expected === state) return { value: next };
      return op.known ? ILLEGAL : { value: state };
    }
    case 'enqueue':
      return { value: [...(state as unknown[]), op.input] };
    case 'dequeue': {
      const items = state as unknown[];
      if (!op.known) return { value: items.slice(1) };
      if (items.length === 0) return op.output === null ? { value: items } : ILLEGAL;
      return items[0] === op.output ? { value: items.slice(1) } : ILLEGAL;
    }
    default:
      throw new Error(`oracle: unsupported f ${op.f}`);
  }
}

function pair(history: readonly HistoryOp[]): Op[] {
  const open = new Map<number, { index: number; op: HistoryOp }>();
  const ops: Op[] = [];
  history.forEach((line, index) => {
    if (line.type === 'invoke') {
      open.set(line.process, { index, op: line });
      return;
    }
    const invoke = open.get(line.process);
    open.delete(line.process);
    if (!invoke || line.type === 'fail') return;
    const known = line.type === 'ok';
    ops.push({
      process: line.process,
      f: line.f,
      input: invoke.op.value,
      output: known ? line.value : undefined,
      known,
      invoke: invoke.index,
      complete: known ? index : Infinity,
    });
  });
  for (const { index, op } of open.values()) {
    ops.push({
      process: op.process,
      f: op.f,
      input: op.value,
      output: undefined,
      known: false,
      invoke: index,
      complete: Infinity,
    });
  }
  return ops;
}

/** Random register histories (not linearizable in general): each process runs its operations one after another. */
export function randomRegisterHistory(random: () => number, processes: number, count: number): HistoryOp[] {
  return randomHistory(random, processes, count, (r, pick) => {
    const f = r < 0.45 ? 'read' : r < 0.8 ? 'write' : 'cas';
    const input = f === 'read' ? null : f === 'write' ? pick(3) : [pick(3), pick(3)];
    const output = (known: boolean): unknown => (f === 'read' && known ? (r < 0.09 ? null : pick(3)) : input);
    return { f, input, output };
  });
}

/** Random FIFO-queue histories over a few distinct values; dequeues return a random value or null. */
export function randomQueueHistory(random: () => number, processes: number, count: number): HistoryOp[] {
  return randomHistory(random, processes, count, (r, pick) =>
    r < 0.5
      ? { f: 'enqueue', input: pick(4), output: () => undefined }
      : { f: 'dequeue', input: null, output: (known) => (known ? (r < 0.6 ? null : pick(4)) : null) },
  );
}

type OpMaker = (
  r: number,
  pick: (n: number) => number,
) => { f: string; input: unknown; output: (known: boolean) => unknown };

function randomHistory(random: () => number, processes: number, count: number, make: OpMaker): HistoryOp[] {
  const pick = (n: number): number => Math.floor(random() * n);
  const events: { at: number; line: HistoryOp }[] = [];
  const clock = new Array<number>(processes).fill(0);
  const ids = new Array<number>(processes).fill(0).map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const p = pick(processes);
    const process = ids[p] ?? p;
    const call = (clock[p] ?? 0) + random() * 3;
    const ret = call + random() * 3;
    clock[p] = ret;
    const { f, input, output: outputOf } = make(random(), pick);
    const fate = random();
    const type = fate < 0.75 ? 'ok' : fate < 0.85 ? 'fail' : fate < 0.95 ? 'info' : 'none';
    events.push({ at: call, line: { process, type: 'invoke', f, value: input } });
    if (type === 'none' || type === 'info') ids[p] = (ids[p] ?? p) + processes;
    if (type === 'none') continue;
    const produced = outputOf(type === 'ok');
    const output = produced === undefined ? input : produced;
    events.push({ at: ret, line: { process, type, f, value: output } });
  }
  return events.sort((a, b) => a.at - b.at).map((e) => e.line);
}
