import { z } from 'zod';
import { MODEL_NAMES } from '../engine/index.js';
import { toolInput } from './define-tool.js';

/** The longest search one call may ask for: calls end within the server's 8 s limit. */
export const TIME_LIMIT_MAX_MS = 8_000;

/** Caps on what one call reads: 100 000 lines is about 50 000 operations, a long Jepsen run. */
export const MAX_TOOL_HISTORY_LINES = 100_000;
export const MAX_TOOL_EDN_CHARS = 16 * 1024 * 1024;

const operation = z
  .object({
    process: z
      .union([z.int(), z.string().max(64)])
      .describe('Client process id (an integer). A non-numeric process such as "nemesis" is a fault event: skipped.'),
    type: z
      .enum(['invoke', 'ok', 'fail', 'info'])
      .describe('invoke opens the operation; ok completes it; fail: it did not happen; info: it may or may not have.'),
    f: z.string().min(1).max(64).describe('Operation name, e.g. "read", "write", "cas", "get", "put", "txn".'),
    value: z
      .unknown()
      .optional()
      .describe('Argument (invoke) or result (ok): a write value, a read value, a cas pair [expected, new].'),
    key: z
      .union([z.string().max(256), z.int()])
      .optional()
      .describe('kv only: the key, up to 256 characters.'),
    time: z
      .number()
      .optional()
      .describe('Timestamp in any monotonic unit; used for real-time order when every line has one.'),
  })
  .describe('One line of a Jepsen history. Other fields (index, error, node) are ignored.');

export const inputSchema = toolInput({
  model: z
    .enum(MODEL_NAMES)
    .describe(
      'Sequential specification: register (read/write/cas on one value), kv (get/put/append/cas with a key, or Jepsen independent read/write/cas on [key value]; checked key by key), multi_register (txn of [read|write, key, value] micro-ops), mutex (acquire/release), set (add/read all), queue (FIFO enqueue/dequeue).',
    ),
  consistency: z
    .enum(['linearizable', 'sequential'])
    .default('linearizable')
    .describe("linearizable: real-time order counts; sequential: only each process's own order counts."),
  history: z
    .array(operation)
    .max(MAX_TOOL_HISTORY_LINES)
    .optional()
    .describe(`The history as JSON lines in Jepsen's shape, at most ${MAX_TOOL_HISTORY_LINES}. Give this or edn.`),
  edn: z
    .string()
    .max(MAX_TOOL_EDN_CHARS)
    .optional()
    .describe(
      `The history as Jepsen EDN text (a vector of {:process :type :f :value} maps, or one map per line; ; comments), at most ${MAX_TOOL_EDN_CHARS} characters. Give this or history.`,
    ),
  initial_value: z
    .unknown()
    .optional()
    .describe('Value of the register (or of every key / register) before the history; default null.'),
  real_time: z
    .enum(['auto', 'time', 'position'])
    .default('auto')
    .describe('Where real-time order comes from: auto uses time when every line has one, else line order.'),
  time_limit_ms: z
    .int()
    .min(100)
    .max(TIME_LIMIT_MAX_MS)
    .default(5_000)
    .describe(
      'Wall-clock budget for the search, 100..8000 ms (a call ends within the server limit of 8 s); when it runs ' +
        'out the verdict is unknown, never guessed.',
    ),
  all_partitions: z
    .boolean()
    .default(false)
    .describe('kv / multi_register: keep checking the other keys after one fails, to list every failing key (slower).'),
});

export type Input = z.output<typeof inputSchema>;

const opView = z.object({
  process: z.int(),
  f: z.string(),
  key: z.string().optional(),
  value: z.unknown().describe("The invocation's value (a write's value, a cas pair; null for a read)."),
  output: z.unknown().optional().describe("What the completion reported (a read's value); absent if unknown."),
  outcome: z.enum(['ok', 'info', 'pending']).describe('pending: invoked, never completed.'),
  invoke_index: z.int().describe('0-based index of the invocation among the client lines.'),
  complete_index: z.int().optional(),
  invoke_line: z.int().optional().describe('edn input: line of the invocation.'),
  complete_line: z.int().optional(),
  invoke_time: z.number().optional(),
  complete_time: z.number().optional(),
});

export type OpView = z.input<typeof opView>;

export const outputSchema = z.object({
  verdict: z.enum([
    'linearizable',
    'not_linearizable',
    'sequentially_consistent',
    'not_sequentially_consistent',
    'unknown',
  ]),
  valid: z.boolean().nullable().describe('true / false when decided; null when the time or memory budget ran out.'),
  model: z.enum(MODEL_NAMES),
  consistency: z.enum(['linearizable', 'sequential']),
  real_time: z.enum(['time', 'position']).describe('What real-time order was taken from.'),
  operations: z.int().describe('Operations checked: ok plus open (info or never completed); failed ones are dropped.'),
  counts: z.object({
    ok: z.int(),
    fail: z.int(),
    info: z.int(),
    pending: z.int().describe('Invoked, never completed: treated like info.'),
    dropped_reads: z.int().describe('Reads of unknown outcome, which constrain nothing.'),
    dropped_open_writes: z
      .int()
      .describe('Open (info) writes of values no operation observes: they can go last, so they change no verdict.'),
    skipped_nemesis: z.int().describe('Lines whose process is not a number (fault injection), skipped.'),
  }),
  partitions: z.object({
    total: z.int().describe('Independent parts (keys, or groups of keys touched together) the history splits into.'),
    checked: z.int().describe('Parts decided before the search stopped.'),
    failed: z.int(),
  }),
  failed_keys: z.array(z.string()).describe('Keys of failed parts (at most 20).'),
  also_linearizable: z.boolean().optional().describe('sequential only: whether the history is even linearizable.'),
  unknown_reason: z.enum(['time_limit', 'memory_budget', 'step_budget']).optional(),
  counterexample: z
    .object({
      partition_keys: z.array(z.string()).optional(),
      prefix_length: z.int().describe('Operations in the longest consistent order the search found.'),
      prefix_tail: z.array(opView).describe('Its last operations (at most 12), in order.'),
      blocked: opView.describe('The operation that could not be placed next.'),
      state_before: z.unknown().describe('The model state after the prefix, where blocked cannot take effect.'),
      concurrent: z.array(opView).describe('Other operations that could still have gone first (at most 12).'),
      unwritten_reads: z
        .array(z.object({ key: z.string().nullable(), value: z.unknown(), could_be_initial: z.boolean() }))
        .optional()
        .describe(
          'Values blocked reads that no operation that could go first writes and that are not the initial value ' +
            '(key null for the register). could_be_initial: no write of the key certainly went first, so the ' +
            'history likely assumes another initial value (try initial_value).',
        ),
      explanation: z.string(),
    })
    .optional(),
  search_steps: z.int(),
  memo_entries: z.int().describe('Configurations (linearized set, state) remembered.'),
  memo_bytes_peak: z.int(),
  elapsed_ms: z
    .number()
    .describe(
      'Wall-clock time the search took, ms: the one field of this result measured on the clock, not computed from ' +
        'the input (it explains an unknown verdict against time_limit_ms).',
    ),
  summary: z.string(),
});

export type Output = z.input<typeof outputSchema>;
