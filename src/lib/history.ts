import {
  checkHistory as checkHistoryOps,
  type HistoryCheckOptions,
  type HistoryCheckResult,
  type HistoryOp,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

const HISTORY_KEYS = optionKeys<HistoryCheckOptions>()(
  'model',
  'consistency',
  'maxSteps',
  'maxMemoBytes',
  'initialValue',
  'realTime',
  'stopAtFirstViolation',
  '__plantedBug',
);

/** check_history's checker over parsed operations: linearizable (or sequentially consistent), and if not, why. */
export function checkHistory(ops: readonly HistoryOp[], options: HistoryCheckOptions): HistoryCheckResult {
  checkOptionKeys('checkHistory', options, HISTORY_KEYS);
  return inLibraryTerms(HISTORY_KEYS, () => checkHistoryOps(ops, options));
}
