/**
 * A FIFO queue with enqueue / dequeue (Knossos' `fifo-queue`). A dequeue returns the oldest element; a dequeue that
 * returns null is legal only on an empty queue.
 */
import { ILLEGAL, ListStates, type CompiledOp, type ModelSpec } from '../model.js';
import { NIL_ID } from '../values.js';
import { unknownF, written } from './shared.js';

const ENQUEUE = 0;
const DEQUEUE = 1;
const FS = ['enqueue', 'dequeue'] as const;

export const queueModel: ModelSpec = {
  fs: FS,
  partitioned: false,
  compile(op, values, path): CompiledOp {
    if (op.f === 'enqueue') {
      return { code: ENQUEUE, args: [values.intern(written(op.input, op.output))], keys: [], unknown: op.unknown };
    }
    if (op.f !== 'dequeue') throw unknownF(op.f, FS, 'queue', `${path}.f`);
    return { code: DEQUEUE, args: [op.unknown ? NIL_ID : values.intern(op.output)], keys: [], unknown: op.unknown };
  },
  isNoop: () => false,
  observed: (op) => (op.code === DEQUEUE && !op.unknown ? [op.args[0] ?? NIL_ID] : []),
  pendingWrite: (op) => (op.code === ENQUEUE ? op.args[0] : undefined),
  instance(_keys, values) {
    const lists = new ListStates();
    return {
      initial: 0,
      step(state, op) {
        const items = lists.get(state);
        if (op.code === ENQUEUE) return lists.intern([...items, op.args[0] ?? NIL_ID]);
        if (op.unknown) return items.length === 0 ? state : lists.intern(items.slice(1));
        const out = op.args[0] ?? NIL_ID;
        if (items.length === 0) return out === NIL_ID ? state : ILLEGAL;
        return items[0] === out ? lists.intern(items.slice(1)) : ILLEGAL;
      },
      describe: (state) => lists.get(state).map((id) => values.value(id)),
    };
  },
};
