/**
 * Properties of the checker over generated histories (seeded; fast-check prints the seed and path of a failure).
 * Each property is also run against a checker with a planted bug, to show the property can fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory, type HistoryCheckOptions } from '../../../src/engine/index.js';
import { generateHistory, rng, withNeverWrittenRead, withStaleRead, type GenModel } from './generate.js';
import { bruteForce, randomRegisterHistory } from './oracle.js';

type PlantedBug = HistoryCheckOptions['__plantedBug'];

const shapes = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    model: fc.constantFrom<GenModel>('register', 'kv', 'mutex', 'queue'),
    processes: fc.integer({ min: 1, max: 6 }),
    ops: fc.integer({ min: 1, max: 60 }),
    infoRate: fc.constantFrom(0, 0.05, 0.2),
    failRate: fc.constantFrom(0, 0.1),
    timed: fc.boolean(),
    spread: fc.constantFrom(0.5, 3, 10),
  })
  .map((s) =>
    // FIFO queues with many concurrent or crashed operations make the search exponential (the order of concurrent
    // enqueues is only revealed by dequeues much later); keep them small enough to decide.
    s.model === 'queue' ? { ...s, ops: Math.min(s.ops, 30), infoRate: Math.min(s.infoRate, 0.05) } : s,
  );

/** Widened sequential runs are linearizable by construction (their linearization points are a witness). */
function widenedRunsAreLinearizable(bug?: PlantedBug) {
  return fc.property(shapes, (shape) => {
    const { history } = generateHistory(shape.seed, shape);
    const result = checkHistory(history, { model: shape.model, ...(bug ? { __plantedBug: bug } : {}) });
    expect(result.verdict).toBe('linearizable');
  });
}

const readShapes = shapes.filter((s) => s.model === 'register' || s.model === 'kv');

/** Changing one read to a value nothing ever wrote leaves no linearization, whatever the order. */
function neverWrittenReadsAreCaught(bug?: PlantedBug) {
  return fc.property(readShapes, fc.nat(), (shape, pick) => {
    const { history, readLines } = generateHistory(shape.seed, shape);
    fc.pre(readLines.length > 0);
    const line = readLines[pick % readLines.length] ?? 0;
    const model = shape.model as 'register' | 'kv';
    const result = checkHistory(withNeverWrittenRead(history, line), { model, ...(bug ? { __plantedBug: bug } : {}) });
    expect(result.verdict).toBe('not_linearizable');
    // The story must name the read that was changed (the checker, not the planted bug, is what this pins down).
    if (!bug) expect(result.counterexample?.blocked.completeIndex).toBe(line);
  });
}

/** A read of a value overwritten before the read began: only real-time order rules it out. */
function staleReadsAreCaught(bug?: PlantedBug) {
  return fc.property(readShapes, (shape) => {
    const model = shape.model as 'register' | 'kv';
    const { history } = generateHistory(shape.seed, shape);
    const result = checkHistory(withStaleRead(history, model), { model, ...(bug ? { __plantedBug: bug } : {}) });
    expect(result.verdict).toBe('not_linearizable');
  });
}

describe('checkHistory properties', () => {
  // Reference: Herlihy & Wing 1990 §3: a history with a legal sequential witness respecting real time is linearizable.
  it('should always call widened sequential runs linearizable', () => {
    fc.assert(widenedRunsAreLinearizable(), { numRuns: 300 });
  });

  it('should always call widened sequential runs sequentially consistent too', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const { history } = generateHistory(shape.seed, shape);
        const result = checkHistory(history, { model: shape.model, consistency: 'sequential' });
        expect(result.verdict).toBe('sequentially_consistent');
      }),
      { numRuns: 150 },
    );
  });

  it('should never call a history linearizable once a read returns a never-written value', () => {
    fc.assert(neverWrittenReadsAreCaught(), { numRuns: 300 });
  });

  it('should never call a stale read linearizable', () => {
    fc.assert(staleReadsAreCaught(), { numRuns: 200 });
  });

  it('should always agree with a brute-force search on small random register histories', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('linearizable', 'sequential'),
        (seed, processes, count, consistency) => {
          const history = randomRegisterHistory(rng(seed), processes, count);
          const result = checkHistory(history, { model: 'register', consistency });
          expect(result.valid).toBe(bruteForce(history, consistency));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('planted bugs are caught', () => {
  // Each run below uses a checker with a test-only bug; the property that must notice it is expected to fail.
  const quietly = { numRuns: 300, seed: 42 };

  it('should catch a checker that ignores real-time order (stale-read property fails)', () => {
    expect(() => fc.assert(staleReadsAreCaught('ignoreRealTime'), quietly)).toThrow(/Property failed/);
  });

  it('should catch a memo that forgets the model state (widened-runs property fails)', () => {
    expect(() => fc.assert(widenedRunsAreLinearizable('memoIgnoresState'), quietly)).toThrow(/Property failed/);
  });
});
