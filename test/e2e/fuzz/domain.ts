/**
 * Valid calls that a schema alone cannot generate: a history whose completions follow their invocations, and versions
 * that all carry the same kind of clock. Without them almost every generated check_history and resolve_conflict call
 * is refused by a cross-field rule and never reaches the checker or the resolver.
 */
import fc from 'fast-check';

/** A register history: each operation on its own process, invoke before completion, times drawn at random. */
const registerHistory: fc.Arbitrary<Record<string, unknown>[]> = fc
  .array(
    fc.record({
      f: fc.constantFrom('read', 'write', 'cas'),
      value: fc.integer({ min: 0, max: 3 }),
      expected: fc.integer({ min: 0, max: 3 }),
      outcome: fc.constantFrom('ok', 'ok', 'ok', 'fail', 'info', 'open'),
      start: fc.integer({ min: 0, max: 50 }),
      length: fc.integer({ min: 0, max: 20 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((ops) => {
    const events: { at: number; order: number; line: Record<string, unknown> }[] = [];
    ops.forEach((op, process) => {
      const argument = op.f === 'read' ? null : op.f === 'cas' ? [op.expected, op.value] : op.value;
      events.push({ at: op.start, order: 0, line: { process, type: 'invoke', f: op.f, value: argument } });
      if (op.outcome === 'open') return;
      const result = op.f === 'read' && op.outcome === 'ok' ? op.value : argument;
      events.push({ at: op.start + op.length, order: 1, line: { process, type: op.outcome, f: op.f, value: result } });
    });
    // Ties: an invocation before a completion at the same time, so that no completion precedes its own invoke.
    events.sort((a, b) => a.at - b.at || a.order - b.order);
    return events.map((e) => ({ ...e.line, time: e.at }));
  });

const checkHistory: fc.Arbitrary<Record<string, unknown>> = fc.record({
  model: fc.constant('register'),
  history: registerHistory,
  consistency: fc.constantFrom('linearizable', 'sequential'),
  initial_value: fc.constantFrom(null, 0),
  time_limit_ms: fc.constant(200),
});

const nodeId = fc.constantFrom('n1', 'n2', 'n3');

/** Versions that all carry the clock their strategy needs (or, for auto, the same one kind). */
const resolveConflict: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom('lww', 'vector_clock', 'hlc', 'auto'),
    fc.constantFrom('timestamp', 'vector_clock', 'hlc'),
    fc.array(
      fc.record({
        value: fc.jsonValue({ maxDepth: 1 }),
        node_id: nodeId,
        timestamp: fc.integer({ min: 0, max: 20 }),
        vector_clock: fc.dictionary(nodeId, fc.integer({ min: 0, max: 3 }), { maxKeys: 3 }),
        hlc: fc.record({ wall_time_ms: fc.integer({ min: 0, max: 20 }), logical: fc.integer({ min: 0, max: 3 }) }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    fc.integer({ min: 0, max: 10 }),
  )
  .map(([strategy, autoClock, versions, skew]) => {
    const clock = strategy === 'lww' ? 'timestamp' : strategy === 'auto' ? autoClock : strategy;
    const shaped = versions.map((v) => ({ value: v.value, node_id: v.node_id, [clock]: v[clock as keyof typeof v] }));
    return { strategy, versions: shaped, key: 'k', max_clock_skew_ms: skew };
  });

/** Distinct node ids, zoned all or none, and a membership change drawn from them. */
const hashRing: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom('ring', 'ketama', 'jump', 'rendezvous', 'maglev', 'bounded_load', 'range', 'directory'),
    fc.integer({ min: 1, max: 8 }),
    fc.boolean(),
    fc.array(fc.string({ minLength: 1, maxLength: 16 }), { maxLength: 6 }),
    fc.integer({ min: 1, max: 3 }),
    fc.constantFrom('none', 'add', 'remove'),
  )
  .map(([algorithm, count, zoned, keys, replicas, change]) => {
    const nodes = Array.from({ length: count }, (_, i) => ({
      id: `node-${i}`,
      weight: algorithm === 'jump' ? 1 : 1 + (i % 3),
      ...(zoned ? { zone: `zone-${i % 3}` } : {}),
    }));
    const args: Record<string, unknown> = { algorithm, nodes, keys: [...new Set(keys)], sample_keys: 2000 };
    args['replicas'] = Math.min(replicas, count, zoned ? Math.min(count, 3) : count);
    if (change === 'add' && algorithm !== 'range')
      args['add_nodes'] = [{ id: 'node-new', weight: 1, ...(zoned ? { zone: 'zone-0' } : {}) }];
    if (change === 'remove' && count > 1 && algorithm !== 'range') args['remove_nodes'] = ['node-0'];
    if (algorithm === 'maglev') args['maglev_table_size'] = 4099;
    return args;
  });

/** Extra valid-call generators by tool. */
export const DOMAIN_CALLS: Readonly<Record<string, fc.Arbitrary<Record<string, unknown>>>> = {
  check_history: checkHistory,
  hash_ring: hashRing,
  resolve_conflict: resolveConflict,
};
