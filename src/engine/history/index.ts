export {
  checkHistory,
  createHistoryCheck,
  DEFAULT_MAX_MEMO_BYTES,
  DEFAULT_MAX_STEPS,
  MAX_STEPS_LIMIT,
} from './check.js';
export type { HistoryCheck } from './check.js';
export { parseEdnHistory, MAX_EDN_CHARS } from './edn.js';
export type { ParsedEdnHistory } from './edn.js';
export { MODEL_NAMES } from './models/index.js';
export type * from './types.js';
