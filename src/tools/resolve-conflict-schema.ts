import { z } from 'zod';
import {
  CRDT_TYPES,
  MAX_CLOCK_COUNTER,
  MAX_CLOCK_ENTRIES,
  MAX_HLC_LOGICAL,
  MAX_NODE_ID_CHARS,
  MAX_OPERATIONS,
  MAX_OP_AMOUNT,
  MAX_STATE_LIST,
  MAX_STATES,
  MAX_TIMESTAMP_MS,
  MAX_VERSIONS,
  SIBLING_RESOLVERS,
  STRATEGIES,
} from '../engine/index.js';
import { toolInput } from './define-tool.js';

/** One day: skew beyond that is a broken clock, not skew. */
export const MAX_CLOCK_SKEW_MS = 86_400_000;

const nodeId = z.string().min(1).max(MAX_NODE_ID_CHARS);
const timestampMs = z.number().min(0).max(MAX_TIMESTAMP_MS);
const counts = (what: string) =>
  z
    .record(nodeId, z.int().min(0).max(MAX_CLOCK_COUNTER))
    .describe(`${what}: node id -> count, integers 0..${MAX_CLOCK_COUNTER}, at most ${MAX_CLOCK_ENTRIES} nodes.`);
const anyJson = (what: string) => z.unknown().describe(`${what} (any JSON value).`);
const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).max(MAX_STATE_LIST).describe(`${what}, at most ${MAX_STATE_LIST}.`);

const versionSchema = z.strictObject({
  value: anyJson('The value this replica holds; required, canonical JSON at most 1000 characters'),
  timestamp: timestampMs.optional().describe('Wall-clock write time, ms since the Unix epoch (needed by lww).'),
  node_id: nodeId.optional().describe('The node that wrote it; breaks equal timestamps (greater id wins).'),
  vector_clock: counts('Version vector of the write (needed by vector_clock)').optional(),
  hlc: z
    .strictObject({
      wall_time_ms: z.int().min(0).max(MAX_TIMESTAMP_MS).describe('HLC l: largest physical time seen, ms.'),
      logical: z.int().min(0).max(MAX_HLC_LOGICAL).describe(`HLC c: logical counter, 0..${MAX_HLC_LOGICAL}.`),
    })
    .optional()
    .describe('Hybrid logical clock of the write (needed by hlc).'),
});

const stateSchema = z.strictObject({
  type: z.enum(CRDT_TYPES).optional().describe('Optional tag; must agree with crdt_type and the other states.'),
  counts: counts('g_counter: increments per node').optional(),
  increments: counts('pn_counter: increments per node').optional(),
  decrements: counts('pn_counter: decrements per node').optional(),
  value: anyJson('lww_register: the value').optional(),
  timestamp: timestampMs.optional().describe('lww_register: assignment time, ms since the epoch.'),
  node_id: nodeId.optional().describe('lww_register: the assigning node.'),
  entries: list(
    z.strictObject({ value: anyJson('Value'), vector_clock: counts('Version vector') }),
    'mv_register: concurrent assignments {value, vector_clock}',
  ).optional(),
  elements: list(anyJson('Element'), 'g_set: elements').optional(),
  added: list(anyJson('Element'), 'two_p_set: elements ever added').optional(),
  removed: list(anyJson('Element'), 'two_p_set: removed elements (tombstones)').optional(),
  clock: counts('or_set: adds seen per node').optional(),
  dots: list(
    z.strictObject({ element: anyJson('Element'), node_id: nodeId, counter: z.int().min(1).max(MAX_CLOCK_COUNTER) }),
    'or_set: live adds {element, node_id, counter}, each counter <= clock[node_id]',
  ).optional(),
  adds: list(
    z.strictObject({ element: anyJson('Element'), timestamp: timestampMs }),
    'lww_element_set: latest add per element {element, timestamp}',
  ).optional(),
  removes: list(
    z.strictObject({ element: anyJson('Element'), timestamp: timestampMs }),
    'lww_element_set: latest remove per element {element, timestamp}',
  ).optional(),
});

const operationSchema = z.strictObject({
  replica: z
    .int()
    .min(0)
    .max(MAX_STATES - 1)
    .describe('Index into states of the replica doing the update.'),
  op: z
    .enum(['increment', 'decrement', 'assign', 'add', 'remove'])
    .describe('The update; must be one the CRDT supports.'),
  node_id: nodeId.optional().describe('Node id the update is recorded under; default "replica-<replica>".'),
  element: anyJson('add/remove: the element').optional(),
  value: anyJson('assign: the new value').optional(),
  amount: z
    .int()
    .min(1)
    .max(MAX_OP_AMOUNT)
    .optional()
    .describe(`increment/decrement: by how much, 1..${MAX_OP_AMOUNT}; default 1.`),
  timestamp: timestampMs.optional().describe('lww_register and lww_element_set updates: time, ms since the epoch.'),
});

export const inputSchema = toolInput({
  strategy: z
    .enum(STRATEGIES)
    .default('auto')
    .describe(
      'lww (latest timestamp wins), vector_clock (keep concurrent versions as siblings), hlc (hybrid logical clock order), crdt (merge replica states), or auto (the strongest the inputs support; default).',
    ),
  key: z
    .string()
    .min(1)
    .max(256)
    .default('unspecified')
    .describe('The key in conflict, for the explanation and the log event.'),
  versions: z
    .array(versionSchema)
    .min(1)
    .max(MAX_VERSIONS)
    .optional()
    .describe(
      `Conflicting versions of the key, 1..${MAX_VERSIONS}, as {value, timestamp?, node_id?, vector_clock?, hlc?}; values together at most 32000 characters of JSON.`,
    ),
  max_clock_skew_ms: z
    .number()
    .min(0)
    .max(MAX_CLOCK_SKEW_MS)
    .optional()
    .describe(
      `Largest disagreement between writers' clocks, 0..${MAX_CLOCK_SKEW_MS} ms: versions closer than this to the winner are flagged as unsafe to order (lww, hlc).`,
    ),
  sibling_resolver: z
    .enum(SIBLING_RESOLVERS)
    .default('none')
    .describe(
      'vector_clock only: how concurrent siblings become one value: none (return them; default), union (set union of list values), lww (latest timestamp), max or min (numbers).',
    ),
  crdt_type: z
    .enum(CRDT_TYPES)
    .optional()
    .describe('crdt: the CRDT of the states; optional when their fields or type tags say it.'),
  states: z
    .array(stateSchema)
    .min(1)
    .max(MAX_STATES)
    .optional()
    .describe(
      `crdt: replica states to merge, 1..${MAX_STATES} ({} is an empty replica); entries over all states at most 20000. Each state uses the fields of one CRDT.`,
    ),
  operations: z
    .array(operationSchema)
    .max(MAX_OPERATIONS)
    .optional()
    .describe(
      `crdt: updates applied to replicas before the merge, in order (concurrent across replicas), at most ${MAX_OPERATIONS}.`,
    ),
});

const ref = {
  index: z
    .int()
    .nullable()
    .describe('Position in versions (or states for crdt); null for a value no single input held.'),
  value: z.unknown(),
  node_id: z.string().optional(),
  timestamp: z.number().optional(),
  vector_clock: z.record(z.string(), z.int()).optional(),
  hlc: z.object({ wall_time_ms: z.int(), logical: z.int() }).optional(),
};

export const outputSchema = z.object({
  strategy: z.enum(['lww', 'vector_clock', 'hlc', 'crdt']).describe('The strategy applied.'),
  strategy_reason: z.string().describe('"requested", or why auto chose it.'),
  key: z.string(),
  crdt_type: z.enum(CRDT_TYPES).optional(),
  value: z.unknown().describe('The resolved value; null when siblings remain. Set values list at most 500 elements.'),
  value_size: z.int().optional().describe('Elements in a set value, when the value is a set.'),
  value_truncated: z.boolean().optional().describe('true when value lists only the first 500 elements.'),
  resolved: z.boolean().describe('false when concurrent siblings remain for the application to reconcile.'),
  winner: z
    .object(ref)
    .nullable()
    .describe('The version whose value was kept; null for merges and unresolved siblings.'),
  siblings: z
    .array(z.object(ref))
    .describe('Concurrent versions no other version has seen (vector_clock, mv_register).'),
  merged_clock: z.record(z.string(), z.int()).optional().describe('Entry-wise max of the clocks: write back with it.'),
  merged_hlc: z.object({ wall_time_ms: z.int(), logical: z.int() }).optional().describe('hlc: the greatest HLC.'),
  merged_state: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('crdt: the merged state (omitted above 500 entries).'),
  replicas: z
    .array(z.object({ index: z.int(), value: z.unknown(), size: z.int() }))
    .optional()
    .describe('crdt: each replica before the merge (set values cut to 20 elements).'),
  lost_updates: z
    .array(
      z.object({
        ...ref,
        reason: z.string(),
        concurrent: z.boolean().optional().describe('Proved concurrent with the winner by vector clocks.'),
      }),
    )
    .describe('Writes discarded with a different value than the result.'),
  superseded: z
    .array(z.object({ index: z.int(), reason: z.string(), by_index: z.int() }))
    .describe('Versions dropped safely: causally older, duplicates or the same value.'),
  tie: z.object({ indices: z.array(z.int()), broken_by: z.enum(['node_id', 'value']) }).nullable(),
  unsafe_order: z
    .array(z.object({ index: z.int(), gap_ms: z.number() }))
    .describe('Versions within max_clock_skew_ms of the winner.'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  explanation: z.string().describe('Why this value, what was lost, and what to use instead.'),
  event: z
    .object({
      level: z.enum(['INFO', 'WARN']),
      timestamp: z.string().describe('ISO 8601, the latest time the inputs carry (1970 when none): reproducible.'),
      skill: z.literal('distributed-systems'),
      node_id: z.string(),
      term: z.int(),
      event: z.literal('conflict_resolved'),
      context: z.object({ key: z.string(), strategy: z.string() }),
    })
    .describe('The conflict_resolved log record in the skill log schema.'),
  summary: z.string(),
});
