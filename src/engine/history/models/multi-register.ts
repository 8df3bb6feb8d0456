/**
 * Several registers updated by transactions of micro-operations `[:read k v]` / `[:write k v]` applied atomically
 * in order (Knossos' `multi-register`). Transactions over disjoint key sets are independent, so the checker splits
 * the history into the connected components of "touched together" (locality, Herlihy & Wing 1990 Theorem 1).
 */
import { configError } from '../../errors.js';
import { ILLEGAL, KeyedInstance, type CompiledOp, type ModelSpec } from '../model.js';
import { NIL_ID } from '../values.js';
import { preview, unknownF } from './shared.js';

const TXN = 0;
const READ = 0;
const WRITE = 1;
const FS = ['txn'] as const;

interface Micro {
  readonly write: boolean;
  readonly key: string;
  readonly value: unknown;
}

export const multiRegisterModel: ModelSpec = {
  fs: FS,
  partitioned: true,
  compile(op, values, path): CompiledOp {
    if (op.f !== 'txn') throw unknownF(op.f, FS, 'multi_register', `${path}.f`);
    const invoked = micros(op.input ?? op.output, `${path}.value`);
    const completed = op.unknown ? undefined : micros(op.output ?? op.input, `${path}.value`);
    if (completed && !sameShape(invoked, completed)) {
      throw configError(`${path}.value`, 'the completion lists other micro-operations than the invocation');
    }
    const keys = [...new Set(invoked.map((m) => m.key))].sort();
    const args: number[] = [];
    invoked.forEach((m, i) => {
      const value = m.write ? m.value : op.unknown ? null : completed?.[i]?.value;
      args.push(m.write ? WRITE : READ, keys.indexOf(m.key), values.intern(value));
    });
    return { code: TXN, args, keys, unknown: op.unknown };
  },
  isNoop: (op) => op.unknown && op.args.every((x, i) => i % 3 !== 0 || x === READ),
  instance: (keys, values, initial) => new MultiRegisterInstance(keys, values, initial),
};

function micros(value: unknown, path: string): Micro[] {
  if (!Array.isArray(value)) throw configError(path, `a txn value must be a list of [f k v]; got ${preview(value)}`);
  return value.map((m: unknown, i) => {
    if (!Array.isArray(m) || m.length !== 3) {
      throw configError(`${path}.${i}`, `a micro-operation must be [f k v]; got ${preview(m)}`);
    }
    const [f, k] = m as unknown[];
    if (f !== 'read' && f !== 'write' && f !== 'r' && f !== 'w') {
      throw configError(`${path}.${i}`, `micro-operation f must be "read" or "write"; got ${preview(f)}`);
    }
    if (typeof k !== 'string' && typeof k !== 'number') {
      throw configError(`${path}.${i}`, `a register key must be a string or number; got ${preview(k)}`);
    }
    const value: unknown = m[2];
    return { write: f === 'write' || f === 'w', key: String(k), value: value ?? null };
  });
}

function sameShape(a: readonly Micro[], b: readonly Micro[]): boolean {
  return a.length === b.length && a.every((m, i) => m.write === b[i]?.write && m.key === b[i]?.key);
}

class MultiRegisterInstance extends KeyedInstance {
  step(state: number, op: CompiledOp): number {
    let next = state;
    const args = op.args;
    for (let i = 0; i < args.length; i += 3) {
      const slot = this.slotOf(op.keys[args[i + 1] ?? 0]);
      const value = args[i + 2] ?? NIL_ID;
      if (args[i] === WRITE) next = this.states.with(next, slot, value);
      else if (!op.unknown && this.states.slot(next, slot) !== value) return ILLEGAL;
    }
    return next;
  }
}
