import { describe, expect, it } from 'vitest';
import { checkHistory, createHistoryCheck, isEngineError, type HistoryOp } from '../../../src/engine/index.js';

describe('checkHistory (register)', () => {
  // Reference: Herlihy & Wing 1990 §2 (definition); the example is MIT 6.824 2017 quiz 2 §VII, as in Porcupine.
  it('should accept a read that overlaps a write and returns either value', () => {
    const history = timed([
      [0, 'invoke', 'write', 100, 0],
      [1, 'invoke', 'read', null, 25],
      [2, 'invoke', 'read', null, 30],
      [2, 'ok', 'read', null, 60],
      [1, 'ok', 'read', 100, 75],
      [0, 'ok', 'write', 100, 100],
    ]);
    expect(checkHistory(history, { model: 'register' }).verdict).toBe('linearizable');
  });

  it('should reject a read of the old value after another read saw the new one (real-time order)', () => {
    const history = timed([
      [0, 'invoke', 'write', 200, 0],
      [1, 'invoke', 'read', null, 10],
      [1, 'ok', 'read', 200, 30],
      [2, 'invoke', 'read', null, 40],
      [2, 'ok', 'read', null, 90],
      [0, 'ok', 'write', 200, 100],
    ]);
    const result = checkHistory(history, { model: 'register' });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.counterexample?.blocked).toMatchObject({ process: 2, f: 'read', output: null });
    expect(result.counterexample?.stateBefore).toBe(200);
    expect(result.counterexample?.explanation).toMatch(/^process 2's read -> null \(history\[3\]\.\.history\[4\]\)/);
  });

  it('should let operations that touch at the same instant overlap', () => {
    // The write returns at 10 and the read is invoked at 10: they overlap, so the read may precede the write.
    const history = timed([
      [0, 'invoke', 'write', 1, 0],
      [1, 'invoke', 'read', null, 10],
      [0, 'ok', 'write', 1, 10],
      [1, 'ok', 'read', null, 20],
    ]);
    expect(checkHistory(history, { model: 'register' }).verdict).toBe('linearizable');
    const later = history.map((op) => (op.process === 1 && op.type === 'invoke' ? { ...op, time: 11 } : op));
    expect(checkHistory(sortByTime(later), { model: 'register' }).verdict).toBe('not_linearizable');
  });

  it('should drop failed operations (Jepsen fail: it did not happen)', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [0, 'fail', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
    ]);
    const result = checkHistory(history, { model: 'register' });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.counts).toMatchObject({ ok: 1, fail: 1 });
  });

  it('should let an info write take effect late, or never', () => {
    const base: Line[] = [
      [0, 'invoke', 'write', 1],
      [0, 'info', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 1],
    ];
    expect(checkHistory(lines(base), { model: 'register' }).verdict).toBe('linearizable');
    // Once the write is seen it cannot be unseen: a later read of nil is a violation.
    const unseen = [...base, [3, 'invoke', 'read', null], [3, 'ok', 'read', null]] as Line[];
    expect(checkHistory(lines(unseen), { model: 'register' }).verdict).toBe('not_linearizable');
  });

  it('should treat an invocation that never completes like info', () => {
    const history = lines([
      [0, 'invoke', 'write', 7],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 7],
    ]);
    const result = checkHistory(history, { model: 'register' });
    expect(result.verdict).toBe('linearizable');
    expect(result.counts.pending).toBe(1);
  });

  it('should apply a cas only when its expected value is current', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [0, 'invoke', 'cas', [1, 2]],
      [0, 'ok', 'cas', [1, 2]],
      [1, 'invoke', 'cas', [1, 3]],
      [1, 'ok', 'cas', [1, 3]],
    ]);
    const result = checkHistory(history, { model: 'register' });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.counterexample?.blocked).toMatchObject({ f: 'cas', value: [1, 3] });
  });

  it('should start from the given initial value', () => {
    const history = lines([
      [0, 'invoke', 'read', null],
      [0, 'ok', 'read', 0],
    ]);
    expect(checkHistory(history, { model: 'register' }).verdict).toBe('not_linearizable');
    expect(checkHistory(history, { model: 'register', initialValue: 0 }).verdict).toBe('linearizable');
  });

  it('should call an empty history linearizable', () => {
    const result = checkHistory([], { model: 'register' });
    expect(result).toMatchObject({ verdict: 'linearizable', valid: true, operations: 0 });
  });
});

describe('checkHistory (other models)', () => {
  it('should split a kv history by key and name the key that fails', () => {
    const history: HistoryOp[] = [
      ...kvOp(0, 'put', 'a', 'x'),
      ...kvOp(1, 'put', 'b', 'y'),
      ...kvOp(0, 'append', 'a', 'z'),
      ...kvOp(1, 'get', 'a', 'xz'),
      ...kvOp(1, 'get', 'b', 'x'),
    ];
    const result = checkHistory(history, { model: 'kv' });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.partitions.total).toBe(2);
    expect(result.failedKeys).toEqual(['b']);
    expect(result.counterexample?.partitionKeys).toEqual(['b']);
  });

  it('should read Jepsen independent [key value] tuples as kv operations', () => {
    const history = lines([
      [0, 'invoke', 'write', [7, 1]],
      [0, 'ok', 'write', [7, 1]],
      [1, 'invoke', 'cas', [7, [1, 2]]],
      [1, 'ok', 'cas', [7, [1, 2]]],
      [2, 'invoke', 'read', [7, null]],
      [2, 'ok', 'read', [7, 1]],
      [3, 'invoke', 'read', [8, null]],
      [3, 'ok', 'read', [8, null]],
    ]);
    const result = checkHistory(history, { model: 'kv' });
    expect(result).toMatchObject({ verdict: 'not_linearizable', failedKeys: ['7'] });
    expect(result.partitions.total).toBe(2);
  });

  it('should read a missing kv key as null or ""', () => {
    const history = [...kvOp(0, 'get', 'a', ''), ...kvOp(0, 'get', 'b', null)];
    expect(checkHistory(history, { model: 'kv' }).verdict).toBe('linearizable');
  });

  it('should check multi-register transactions atomically', () => {
    const txn = (p: number, micro: unknown[], out: unknown[]): HistoryOp[] => [
      { process: p, type: 'invoke', f: 'txn', value: micro },
      { process: p, type: 'ok', f: 'txn', value: out },
    ];
    const good = [
      ...txn(
        0,
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
        [
          ['write', 'x', 1],
          ['write', 'y', 1],
        ],
      ),
      ...txn(
        1,
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
        [
          ['read', 'x', 1],
          ['read', 'y', 1],
        ],
      ),
    ];
    expect(checkHistory(good, { model: 'multi_register', initialValue: 0 }).verdict).toBe('linearizable');
    const torn = [
      ...good.slice(0, 2),
      ...txn(
        1,
        [
          ['read', 'x', null],
          ['read', 'y', null],
        ],
        [
          ['read', 'x', 1],
          ['read', 'y', 0],
        ],
      ),
    ];
    const result = checkHistory(torn, { model: 'multi_register', initialValue: 0 });
    expect(result.verdict).toBe('not_linearizable');
    expect(result.partitions.total).toBe(1);
  });

  it('should reject two overlapping-free acquires of a mutex without a release', () => {
    const history = lines([
      [0, 'invoke', 'acquire', null],
      [0, 'ok', 'acquire', null],
      [1, 'invoke', 'acquire', null],
      [1, 'ok', 'acquire', null],
    ]);
    expect(checkHistory(history, { model: 'mutex' }).verdict).toBe('not_linearizable');
  });

  it('should check set reads against the elements added', () => {
    const history = lines([
      [0, 'invoke', 'add', 1],
      [1, 'invoke', 'add', 2],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', [2]],
      [0, 'ok', 'add', 1],
      [1, 'ok', 'add', 2],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', [1]],
    ]);
    expect(checkHistory(history, { model: 'set' }).verdict).toBe('not_linearizable');
    expect(checkHistory(history.slice(0, 6), { model: 'set' }).verdict).toBe('linearizable');
  });

  it('should check a FIFO queue', () => {
    const history = lines([
      [0, 'invoke', 'enqueue', 1],
      [0, 'ok', 'enqueue', 1],
      [0, 'invoke', 'enqueue', 2],
      [0, 'ok', 'enqueue', 2],
      [1, 'invoke', 'dequeue', null],
      [1, 'ok', 'dequeue', 2],
    ]);
    expect(checkHistory(history, { model: 'queue' }).verdict).toBe('not_linearizable');
  });
});

describe('checkHistory (sequential consistency)', () => {
  // Reference: Lamport 1979: a total order respecting each process's program order; real time does not count.
  it('should accept a stale read that only real-time order forbids', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', null],
    ]);
    expect(checkHistory(history, { model: 'register' }).verdict).toBe('not_linearizable');
    const result = checkHistory(history, { model: 'register', consistency: 'sequential' });
    expect(result.verdict).toBe('sequentially_consistent');
  });

  it('should reject a process that reads its own write and then an older value', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [0, 'ok', 'write', 1],
      [0, 'invoke', 'read', null],
      [0, 'ok', 'read', null],
    ]);
    const result = checkHistory(history, { model: 'register', consistency: 'sequential' });
    expect(result.verdict).toBe('not_sequentially_consistent');
    expect(result.counterexample?.blocked).toMatchObject({ process: 0, f: 'read' });
  });

  it('should never split a kv history into keys (sequential consistency is not local)', () => {
    // Each key alone is sequentially consistent; together no order satisfies both processes.
    const history: HistoryOp[] = [
      ...kvOp(0, 'put', 'a', 1),
      ...kvOp(0, 'get', 'b', null),
      ...kvOp(1, 'put', 'b', 1),
      ...kvOp(1, 'get', 'a', null),
    ];
    const result = checkHistory(history, { model: 'kv', consistency: 'sequential' });
    expect(result.partitions.total).toBe(1);
    expect(result.verdict).toBe('not_sequentially_consistent');
  });
});

describe('budgets and slicing', () => {
  it('should answer unknown, never a guess, when the step budget runs out', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'write', 2],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 3],
      [0, 'ok', 'write', 1],
      [1, 'ok', 'write', 2],
    ]);
    const result = checkHistory(history, { model: 'register', maxSteps: 2 });
    expect(result).toMatchObject({ verdict: 'unknown', valid: null, unknownReason: 'step_budget' });
  });

  it('should give the same verdict sliced one step at a time as in one call', () => {
    const history = lines([
      [0, 'invoke', 'write', 1],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 1],
      [0, 'ok', 'write', 1],
    ]);
    const check = createHistoryCheck(history, { model: 'register' });
    let slices = 0;
    while (!check.advance(1)) slices++;
    expect(slices).toBeGreaterThan(1);
    expect(check.result().verdict).toBe(checkHistory(history, { model: 'register' }).verdict);
    expect(check.progress().total).toBe(2);
  });
});

describe('bad input', () => {
  it('should name the line of a completion with no invoke', () => {
    expect(errorOf(lines([[0, 'ok', 'read', 1]]))).toMatch(/^history\[0\]: ok for read by process 0 has no open/);
  });

  it('should name the line and the accepted values of an unknown f', () => {
    const message = errorOf(
      lines([
        [0, 'invoke', 'incr', 1],
        [0, 'ok', 'incr', 1],
      ]),
    );
    expect(message).toMatch(/^history\[1\]\.f: unknown f "incr" for the register model; use one of "read"/);
  });

  it('should reject a process that invokes twice without completing', () => {
    expect(
      errorOf(
        lines([
          [0, 'invoke', 'read', null],
          [0, 'invoke', 'read', null],
        ]),
      ),
    ).toMatch(/^history\[1\]/);
  });

  it('should reject a malformed cas value', () => {
    expect(
      errorOf(
        lines([
          [0, 'invoke', 'cas', 5],
          [0, 'ok', 'cas', 5],
        ]),
      ),
    ).toMatch(/^history\[1\]\.value: a cas/);
  });

  it('should reject a kv operation without a key', () => {
    expect(errorOf(lines([[0, 'invoke', 'get', null]]), 'kv')).toMatch(
      /^history\[0\]\.key: a kv operation needs a key/,
    );
  });
});

// Helpers

type Line = [process: number, type: HistoryOp['type'], f: string, value: unknown];

function lines(rows: readonly Line[]): HistoryOp[] {
  return rows.map(([process, type, f, value]) => ({ process, type, f, value }));
}

function timed(rows: readonly [...Line, number][]): HistoryOp[] {
  return rows.map(([process, type, f, value, time]) => ({ process, type, f, value, time }));
}

function sortByTime(history: HistoryOp[]): HistoryOp[] {
  return [...history].sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
}

function kvOp(process: number, f: string, key: string, value: unknown): HistoryOp[] {
  const input = f === 'get' ? null : value;
  return [
    { process, type: 'invoke', f, key, value: input },
    { process, type: 'ok', f, key, value },
  ];
}

function errorOf(history: HistoryOp[], model: 'register' | 'kv' = 'register'): string {
  try {
    checkHistory(history, { model });
  } catch (error) {
    if (isEngineError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a config error');
}
