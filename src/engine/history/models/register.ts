/**
 * A single read/write/compare-and-set register, initially nil (Herlihy & Wing 1990 §2; Knossos `cas-register`).
 * A read is legal when it returns the current value; a cas when its expected value is current.
 */
import { ILLEGAL, type CompiledOp, type ModelInstance, type ModelSpec, type RawOperation } from '../model.js';
import type { ValueTable } from '../values.js';
import { casPair, unknownF, written } from './shared.js';

const READ = 0;
const WRITE = 1;
const CAS = 2;
const FS = ['read', 'write', 'cas'] as const;

export const registerModel: ModelSpec = {
  fs: FS,
  partitioned: false,
  compile(op: RawOperation, values: ValueTable, path: string): CompiledOp {
    switch (op.f) {
      case 'read':
        return { code: READ, args: [op.unknown ? 0 : values.intern(op.output)], keys: [], unknown: op.unknown };
      case 'write':
        return { code: WRITE, args: [values.intern(written(op.input, op.output))], keys: [], unknown: op.unknown };
      case 'cas': {
        const [expected, next] = casPair(op.input ?? op.output, `${path}.value`);
        return { code: CAS, args: [values.intern(expected), values.intern(next)], keys: [], unknown: op.unknown };
      }
      default:
        throw unknownF(op.f, FS, 'register', `${path}.f`);
    }
  },
  isNoop: (op) => op.code === READ && op.unknown,
  // A cas observes its expected value even when its outcome is unknown: placed, it succeeds only on that value.
  observed: (op) =>
    op.code === READ ? (op.unknown ? [] : [op.args[0] ?? 0]) : op.code === CAS ? [op.args[0] ?? 0] : [],
  pendingWrite: (op) => (op.code === WRITE ? op.args[0] : undefined),
  instance(_keys, values, initial): ModelInstance {
    return { initial, step: registerStep, describe: (state) => values.value(state) };
  },
};

/** The register's state is the id of its value. */
export function registerStep(state: number, op: CompiledOp): number {
  const a = op.args[0] ?? 0;
  switch (op.code) {
    case READ:
      return op.unknown || a === state ? state : ILLEGAL;
    case WRITE:
      return a;
    default:
      // A cas with an unknown outcome still behaves deterministically once placed: it succeeds iff it matches.
      if (a === state) return op.args[1] ?? 0;
      return op.unknown ? state : ILLEGAL;
  }
}
