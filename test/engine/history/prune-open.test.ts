import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, type HistoryOp } from '../../../src/engine/index.js';
import { generateHistory, rng } from './generate.js';
import { bruteForce, randomQueueHistory, randomRegisterHistory } from './oracle.js';

const line = (process: number, type: HistoryOp['type'], f: string, value: unknown): HistoryOp => ({
  process,
  type,
  f,
  value,
});

describe('open writes nobody observed', () => {
  it('should drop a crashed enqueue whose element is never dequeued, and still find the history linearizable', () => {
    const history = [
      line(0, 'invoke', 'enqueue', 1),
      line(0, 'ok', 'enqueue', 1),
      line(1, 'invoke', 'enqueue', 7),
      line(1, 'info', 'enqueue', 7),
      line(2, 'invoke', 'enqueue', 2),
      line(2, 'ok', 'enqueue', 2),
      line(0, 'invoke', 'dequeue', null),
      line(0, 'ok', 'dequeue', 1),
      line(0, 'invoke', 'dequeue', null),
      line(0, 'ok', 'dequeue', 2),
    ];
    const result = checkHistory(history, { model: 'queue' });
    expect(result.verdict).toBe('linearizable');
    expect(result.counts.droppedOpenWrites).toBe(1);
  });

  it('should keep an open write whose value is observed, and an open write a cas expects', () => {
    const observed = [
      line(0, 'invoke', 'write', 5),
      line(0, 'info', 'write', 5),
      line(1, 'invoke', 'read', null),
      line(1, 'ok', 'read', 5),
    ];
    expect(checkHistory(observed, { model: 'register' }).counts.droppedOpenWrites).toBe(0);
    const expectedByCas = [
      line(0, 'invoke', 'write', 5),
      line(0, 'info', 'write', 5),
      line(1, 'invoke', 'cas', [5, 6]),
    ];
    expect(checkHistory(expectedByCas, { model: 'register' }).counts.droppedOpenWrites).toBe(0);
  });

  it('should not drop open puts on a key that sees appends (reads there are concatenations)', () => {
    const history: HistoryOp[] = [
      { process: 0, type: 'invoke', f: 'put', key: 'k', value: 'a' },
      { process: 0, type: 'info', f: 'put', key: 'k', value: 'a' },
      { process: 1, type: 'invoke', f: 'append', key: 'k', value: 'b' },
      { process: 1, type: 'ok', f: 'append', key: 'k', value: 'b' },
      { process: 2, type: 'invoke', f: 'get', key: 'k', value: null },
      { process: 2, type: 'ok', f: 'get', key: 'k', value: 'ab' },
    ];
    const result = checkHistory(history, { model: 'kv' });
    expect(result.counts.droppedOpenWrites).toBe(0);
    expect(result.verdict).toBe('linearizable');
  });

  // Soundness: the pruning may never change a verdict. The oracle prunes nothing and tries every order.
  it('should always agree with a brute-force search on small random queue histories', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, processes, count) => {
          const history = randomQueueHistory(rng(seed), processes, count);
          expect(checkHistory(history, { model: 'queue' }).valid).toBe(bruteForce(history, 'linearizable', 'queue'));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('should always agree with a brute-force search on small random register histories with crashed writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (seed, processes, count) => {
          const history = randomRegisterHistory(rng(seed), processes, count);
          expect(checkHistory(history, { model: 'register' }).valid).toBe(bruteForce(history, 'linearizable'));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('should decide the widened queue run that once exhausted a 20 M-step budget (seed 22, 4 processes, 30 ops)', () => {
    const { history } = generateHistory(22, {
      model: 'queue',
      processes: 4,
      ops: 30,
      infoRate: 0.05,
      failRate: 0,
      timed: true,
      spread: 10,
    });
    const result = checkHistory(history, { model: 'queue', maxSteps: 2_000_000 });
    expect(result.verdict).toBe('linearizable');
    expect(result.counts.droppedOpenWrites).toBeGreaterThan(0);
  });
});
