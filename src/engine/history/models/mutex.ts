/**
 * A lock with acquire / release, as Knossos' `mutex` model: acquiring a held lock or releasing a free one is
 * illegal. The lock has no owner (Knossos' model does not track one either).
 */
import { ILLEGAL, type CompiledOp, type ModelSpec } from '../model.js';
import { unknownF } from './shared.js';

const ACQUIRE = 0;
const RELEASE = 1;
const FREE = 0;
const HELD = 1;
const FS = ['acquire', 'release'] as const;

export const mutexModel: ModelSpec = {
  fs: FS,
  partitioned: false,
  compile(op, _values, path): CompiledOp {
    if (op.f === 'acquire') return { code: ACQUIRE, args: [], keys: [], unknown: op.unknown };
    if (op.f === 'release') return { code: RELEASE, args: [], keys: [], unknown: op.unknown };
    throw unknownF(op.f, FS, 'mutex', `${path}.f`);
  },
  isNoop: () => false,
  instance: () => ({
    initial: FREE,
    step: mutexStep,
    describe: (state) => (state === HELD ? 'held' : 'free'),
  }),
};

function mutexStep(state: number, op: CompiledOp): number {
  const wanted = op.code === ACQUIRE ? FREE : HELD;
  if (state === wanted) return op.code === ACQUIRE ? HELD : FREE;
  // An operation whose outcome is unknown and that would be illegal here simply did not take effect.
  return op.unknown ? state : ILLEGAL;
}
