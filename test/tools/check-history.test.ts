import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callTool, type ToolContext } from '../../src/tools/define-tool.js';
import { checkHistoryTool, inputSchema, outputSchema, runCheckHistory } from '../../src/tools/check-history.js';
import { CORPORA } from '../engine/history/corpora.js';

const silent: ToolContext = { signal: new AbortController().signal, progress: () => Promise.resolve() };
const run = (args: Record<string, unknown>, ctx = silent) => runCheckHistory(inputSchema.parse(args), ctx);

const staleRead = [
  { process: 0, type: 'invoke', f: 'write', value: 1 },
  { process: 0, type: 'ok', f: 'write', value: 1 },
  { process: 1, type: 'invoke', f: 'read', value: null },
  { process: 1, type: 'ok', f: 'read', value: null },
];

describe('runCheckHistory', () => {
  it('should call a stale read not linearizable and say which operation, where and why', async () => {
    const result = await run({ model: 'register', history: staleRead });
    expect(outputSchema.safeParse(result).success).toBe(true);
    expect(result).toMatchObject({ verdict: 'not_linearizable', valid: false, operations: 2 });
    expect(result.counterexample?.blocked).toMatchObject({ process: 1, f: 'read', invoke_index: 2 });
    expect(result.counterexample?.state_before).toBe(1);
    expect(result.summary).toMatch(/^Not linearizable: process 1's read -> null/);
  });

  it('should call the same history sequentially consistent but not linearizable', async () => {
    const result = await run({ model: 'register', consistency: 'sequential', history: staleRead });
    expect(result).toMatchObject({ verdict: 'sequentially_consistent', also_linearizable: false });
    expect(result.summary).toContain('not linearizable, though');
  });

  it('should read Jepsen EDN and point the counterexample at lines of the text', async () => {
    const edn = readFileSync(`${CORPORA}knossos/cas-register/bad/rethink-fail-minimal.edn`, 'utf8');
    const result = await run({ model: 'register', edn });
    expect(result.verdict).toBe('not_linearizable');
    // The impossible read of 3 is invoked on line 4 and returns on line 7 of the file.
    expect(result.counterexample?.blocked).toMatchObject({ f: 'read', output: 3, invoke_line: 4, complete_line: 7 });
    expect(result.counterexample?.explanation).toContain('(lines 4-7)');
  });

  it('should check a kv history key by key and skip nemesis lines', async () => {
    const edn = [
      '{:process :nemesis, :type :info, :f :start}',
      '{:process 0, :type :invoke, :f :put, :key "a", :value 1}',
      '{:process 0, :type :ok, :f :put, :key "a", :value 1}',
      '{:process 1, :type :invoke, :f :get, :key "b", :value nil}',
      '{:process 1, :type :ok, :f :get, :key "b", :value nil}',
    ].join('\n');
    const result = await run({ model: 'kv', edn });
    expect(result).toMatchObject({ verdict: 'linearizable', partitions: { total: 2, checked: 2 } });
    expect(result.counts.skipped_nemesis).toBe(1);
  });

  it('should answer unknown, naming the time limit, when the search needs longer', async () => {
    const result = await run({ model: 'queue', history: hardHistory(), time_limit_ms: 100 });
    expect(result).toMatchObject({ verdict: 'unknown', valid: null, unknown_reason: 'time_limit' });
    expect(result.summary).toMatch(/^Unknown: the search ran out of time \(100 ms\)/);
    expect(result.summary).toContain('Raise time_limit_ms');
  });

  it('should advise a smaller search, not more time, when the memory budget ran out (Knossos mutex, sequential)', async () => {
    const edn = readFileSync(`${CORPORA}knossos/mutex/bad/etcd.edn`, 'utf8');
    const result = await run({ model: 'mutex', consistency: 'sequential', edn });
    expect(result).toMatchObject({ verdict: 'unknown', unknown_reason: 'memory_budget' });
    expect(result.summary).toContain('memory budget');
    expect(result.summary).toContain('Raising time_limit_ms will not help');
    expect(result.summary).not.toContain('Raise time_limit_ms');
    expect(result.summary).toContain('shorter window');
    expect(result.summary).toContain('check consistency "linearizable" first');
  });

  it('should point at a missing initial value when the blocked read sees a value nobody wrote before it', async () => {
    const edn = readFileSync(`${CORPORA}knossos/multi-register/good/multi-register.edn`, 'utf8');
    const result = await run({ model: 'multi_register', edn });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.counterexample?.state_before).toEqual({ x: 0, y: 2 });
    expect(result.counterexample?.unwritten_reads).toEqual([{ key: 'y', value: 0, could_be_initial: true }]);
    expect(result.counterexample?.explanation).toContain('check it again with initial_value 0');
    expect(result.summary).toContain('initial_value 0');
    // Knossos' own test starts the registers at 0: with it the history is linearizable.
    expect((await run({ model: 'multi_register', edn, initial_value: 0 })).verdict).toBe('linearizable');
    // Knossos' rethink case reads 3, never written, after a write of 0 completed: no initial value explains that.
    const bad = readFileSync(`${CORPORA}knossos/cas-register/bad/rethink-fail-minimal.edn`, 'utf8');
    const real = await run({ model: 'register', edn: bad });
    expect(real.counterexample?.unwritten_reads).toEqual([{ key: null, value: 3, could_be_initial: false }]);
    expect(real.counterexample?.explanation).toContain(
      'It reads 3, which no operation invoked before it returned writes.',
    );
    expect(real.counterexample?.explanation).not.toContain('initial_value');
  });

  it('should report progress and stop at once when cancelled', async () => {
    const controller = new AbortController();
    const reports: number[] = [];
    const ctx: ToolContext = {
      signal: controller.signal,
      progress: (done) => {
        reports.push(done);
        controller.abort();
        return Promise.resolve();
      },
    };
    await expect(run({ model: 'queue', history: hardHistory(), time_limit_ms: 8_000 }, ctx)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(reports.length).toBeGreaterThan(0);
  });
});

describe('check_history bad input', () => {
  it('should name the line of an ok with no invoke', async () => {
    const message = await errorOf({ model: 'register', history: [{ process: 3, type: 'ok', f: 'read', value: 1 }] });
    expect(message).toContain('history[0]: ok for read by process 3 has no open invoke');
  });

  it('should name the EDN line of an unknown f', async () => {
    const edn =
      '{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok, :f :read, :value 1}\n' +
      '{:process 1, :type :invoke, :f :incr, :value 1}\n{:process 1, :type :ok, :f :incr, :value 1}';
    expect(await errorOf({ model: 'register', edn })).toContain(
      'edn: line 4 (f): unknown f "incr" for the register model',
    );
  });

  it('should name the line of malformed EDN', async () => {
    const edn = '[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read, :value 1]';
    expect(await errorOf({ model: 'register', edn })).toContain(
      'edn: line 2: "]" does not match the "{" opened on line 2',
    );
  });

  it('should ask for exactly one of history and edn', async () => {
    expect(await errorOf({ model: 'register' })).toContain('history: give the history to check');
    expect(await errorOf({ model: 'register', history: [], edn: '' })).toContain('edn: give the history once');
  });

  it('should reject an unknown model through the schema', async () => {
    expect(await errorOf({ model: 'counter', history: [] })).toMatch(
      /Invalid arguments for tool check_history: .*model/,
    );
  });
});

// Helpers

async function errorOf(args: Record<string, unknown>): Promise<string> {
  const outcome = await callTool(checkHistoryTool, args, silent);
  if (outcome.ok) throw new Error('expected an error');
  expect(outcome.internal).toBe(false);
  return outcome.message;
}

/** A FIFO-queue history with crashed operations that takes the search far longer than a second. */
/**
 * Hard by construction, whatever the pruning: 14 concurrent enqueues, then a dequeue of a value nobody enqueued.
 * Every order of the enqueues is a distinct queue state, so the search has to exhaust about 14! of them before it
 * can say "not linearizable": far more than any time limit used here.
 */
function hardHistory(): unknown[] {
  const writers = Array.from({ length: 14 }, (_, i) => i);
  return [
    ...writers.map((p) => ({ process: p, type: 'invoke', f: 'enqueue', value: p })),
    ...writers.map((p) => ({ process: p, type: 'ok', f: 'enqueue', value: p })),
    { process: 14, type: 'invoke', f: 'dequeue', value: null },
    { process: 14, type: 'ok', f: 'dequeue', value: 'never-enqueued' },
  ];
}
