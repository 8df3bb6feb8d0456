/**
 * A grow-only set with add / read (Knossos' `set` model; Jepsen's set workload). A read returns every element, in
 * any order; it is legal when it equals the set exactly.
 */
import { configError } from '../../errors.js';
import { ILLEGAL, ListStates, type CompiledOp, type ModelSpec } from '../model.js';
import { preview, unknownF, written } from './shared.js';

const ADD = 0;
const READ = 1;
const FS = ['add', 'read'] as const;

export const setModel: ModelSpec = {
  fs: FS,
  partitioned: false,
  compile(op, values, path): CompiledOp {
    if (op.f === 'add') {
      return { code: ADD, args: [values.intern(written(op.input, op.output))], keys: [], unknown: op.unknown };
    }
    if (op.f !== 'read') throw unknownF(op.f, FS, 'set', `${path}.f`);
    if (op.unknown) return { code: READ, args: [], keys: [], unknown: true };
    const members = op.output instanceof Set ? [...(op.output as Set<unknown>)] : op.output;
    if (!Array.isArray(members)) {
      throw configError(`${path}.value`, `a set read must return a list of elements; got ${preview(op.output)}`);
    }
    const ids = [...new Set(members.map((m) => values.intern(m)))].sort((a, b) => a - b);
    return { code: READ, args: ids, keys: [], unknown: false };
  },
  isNoop: (op) => op.code === READ && op.unknown,
  observed: (op) => (op.code === READ && !op.unknown ? op.args : []),
  pendingWrite: (op) => (op.code === ADD ? op.args[0] : undefined),
  instance(_keys, values) {
    const lists = new ListStates();
    return {
      initial: 0,
      step(state, op) {
        const members = lists.get(state);
        if (op.code === READ) return op.unknown || sameList(members, op.args) ? state : ILLEGAL;
        const item = op.args[0] ?? 0;
        if (members.includes(item)) return state;
        return lists.intern([...members, item].sort((a, b) => a - b));
      },
      describe: (state) => lists.get(state).map((id) => values.value(id)),
    };
  },
};

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
