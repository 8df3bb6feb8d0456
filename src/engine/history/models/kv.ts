/**
 * A key/value store: one register per key with get / put / append / cas (Porcupine's kv model; Jepsen's
 * independent registers). Keys are independent objects, so the checker splits the history by key and checks each
 * part alone: linearizability is local (Herlihy & Wing 1990, Theorem 1). A missing key reads as null, and so does
 * "" (many stores answer "" for a missing key).
 *
 * Jepsen's `independent` workloads carry the key inside the value, `[key value]`, with f read / write / cas: without
 * a `key` field, a two-element value is read that way, and read / write are taken as get / put.
 */
import { configError } from '../../errors.js';
import { ILLEGAL, KeyedInstance, type CompiledOp, type ModelSpec, type RawOperation } from '../model.js';
import { NIL_ID, type ValueTable } from '../values.js';
import { casPair, unknownF, written } from './shared.js';

const GET = 0;
const PUT = 1;
const APPEND = 2;
const CAS = 3;
const FS = ['get', 'put', 'append', 'cas', 'read', 'write'] as const;
const ALIASES: Readonly<Record<string, string>> = { read: 'get', write: 'put' };

export const kvModel: ModelSpec = {
  fs: FS,
  partitioned: true,
  compile(raw, values, path): CompiledOp {
    const op = raw.key === undefined ? independent(raw, path) : raw;
    const keys = [op.key ?? ''];
    const unknown = op.unknown;
    switch (ALIASES[op.f] ?? op.f) {
      case 'get':
        return { code: GET, args: [unknown ? NIL_ID : values.intern(op.output)], keys, unknown };
      case 'put':
        return { code: PUT, args: [values.intern(written(op.input, op.output))], keys, unknown };
      case 'append':
        return { code: APPEND, args: [values.intern(written(op.input, op.output))], keys, unknown };
      case 'cas': {
        const [expected, next] = casPair(op.input ?? op.output, `${path}.value`);
        return { code: CAS, args: [values.intern(expected), values.intern(next)], keys, unknown };
      }
      default:
        throw unknownF(op.f, FS, 'kv', `${path}.f`);
    }
  },
  isNoop: (op) => op.code === GET && op.unknown,
  observed(op) {
    if (op.code === APPEND) return 'any';
    if (op.code === CAS) return [op.args[0] ?? NIL_ID];
    return op.code === GET && !op.unknown ? [op.args[0] ?? NIL_ID] : [];
  },
  pendingWrite: (op) => (op.code === PUT ? op.args[0] : undefined),
  instance: (keys, values, initial) => new KvInstance(keys, values, initial),
};

/** Reads a Jepsen `independent` operation: the value is `[key value]` (a read's is `[key nil]` at invoke). */
function independent(op: RawOperation, path: string): RawOperation {
  const pair = (v: unknown): readonly unknown[] | undefined => (Array.isArray(v) && v.length === 2 ? v : undefined);
  const input = pair(op.input);
  const output = pair(op.output);
  const key = (input ?? output)?.[0];
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw configError(
      `${path}.key`,
      `a kv operation needs a key: a key field, or a Jepsen independent value [key value] (f "${op.f}")`,
    );
  }
  return { ...op, key: String(key), input: input?.[1] ?? null, output: op.unknown ? undefined : output?.[1] };
}

class KvInstance extends KeyedInstance {
  private readonly empty: number;
  private readonly appended = new Map<number, number>();

  constructor(keys: readonly string[], values: ValueTable, initial: number) {
    super(keys, values, initial);
    this.empty = values.intern('');
  }

  step(state: number, op: CompiledOp): number {
    const slot = this.slotOf(op.keys[0]);
    const current = this.states.slot(state, slot);
    const a = op.args[0] ?? NIL_ID;
    switch (op.code) {
      case GET:
        return op.unknown || this.norm(a) === this.norm(current) ? state : ILLEGAL;
      case PUT:
        return this.states.with(state, slot, a);
      case APPEND: {
        const next = this.append(current, a);
        return next === ILLEGAL ? (op.unknown ? state : ILLEGAL) : this.states.with(state, slot, next);
      }
      default:
        if (this.norm(a) === this.norm(current)) return this.states.with(state, slot, op.args[1] ?? NIL_ID);
        return op.unknown ? state : ILLEGAL;
    }
  }

  private norm(id: number): number {
    return id === this.empty ? NIL_ID : id;
  }

  /** Appending a string concatenates; appending anything else to a list (or nothing) extends the list. */
  private append(current: number, arg: number): number {
    const memoKey = current * 0x4000000 + arg;
    const known = this.appended.get(memoKey);
    if (known !== undefined) return known;
    const base = this.values.value(current);
    const item = this.values.value(arg);
    let next = ILLEGAL;
    if (typeof item === 'string' && (base === null || typeof base === 'string')) {
      next = this.values.internString((base ?? '') + item);
    } else if (typeof item !== 'string' && (base === null || Array.isArray(base))) {
      next = this.values.intern([...((base as unknown[] | null) ?? []), item]);
    }
    this.appended.set(memoKey, next);
    return next;
  }
}
