import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { __plantCrdtBug, CRDT_TYPES, runCrdtConvergence, type ConvergenceSpec } from '../../../src/engine/index.js';

afterEach(() => __plantCrdtBug(null));

/** 5 replicas, 10 % loss and 5 % duplication throughout, a 2|3 partition, a crash and a loss burst, all healed by 6 s. */
const base = (crdtType: ConvergenceSpec['crdtType'], seed = 7): ConvergenceSpec => ({
  crdtType,
  replicas: 5,
  seed,
  durationMs: 15_000,
  opsUntilMs: 6000,
  opIntervalMs: 100,
  gossipIntervalMs: 50,
  lossProbability: 0.1,
  duplicateProbability: 0.05,
  faults: [
    { atMs: 1000, action: 'partition', nodes: [0, 1], durationMs: 3000 },
    { atMs: 2000, action: 'crash', nodes: [3], durationMs: 1500 },
    { atMs: 4500, action: 'packet_loss', nodes: [], probability: 0.5, durationMs: 1000 },
  ],
});

const failed = (r: { invariants: readonly { name: string; held: boolean }[] }) =>
  r.invariants.filter((i) => !i.held).map((i) => i.name);

// Shapiro et al. 2011: state-based replicas that keep exchanging states converge (strong eventual consistency),
// whatever the loss, duplication, reordering and partitions, once the network heals.
describe('CRDT convergence on the simulator', () => {
  it.each(CRDT_TYPES)('should converge for %s after loss, duplication, a partition and a crash heal', (type) => {
    const report = runCrdtConvergence(base(type));
    expect(failed(report)).toEqual([]);
    expect(report.converged).toBe(true);
    expect(report.distinctStatesAtEnd).toBe(1);
    expect(report.updates).toBeGreaterThan(100);
    expect(report.messages.lost + report.messages.cut).toBeGreaterThan(100);
    expect(report.convergedAtMs).toBeGreaterThanOrEqual(6000);
  });

  it('should always converge for random partitions and seeds (OR-Set and PN-Counter)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('or_set' as const, 'pn_counter' as const),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 3, max: 7 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 100, max: 4000 }),
        (type, seed, replicas, atMs, durationMs) => {
          const report = runCrdtConvergence({
            ...base(type, seed),
            replicas,
            faults: [{ atMs, action: 'partition', nodes: [0], targets: [replicas - 1], durationMs }],
          });
          expect(failed(report)).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('should report no convergence while a partition never heals', () => {
    const report = runCrdtConvergence({
      ...base('or_set'),
      faults: [{ atMs: 1000, action: 'partition', nodes: [0, 1] }],
    });
    expect(report.quietFromMs).toBeNull();
    expect(report.converged).toBe(false);
    expect(failed(report)).toEqual(['replicas_converge']);
    expect(report.distinctStatesAtEnd).toBeGreaterThan(1);
  });

  it('should catch the planted non-idempotent counter merge: replicas overcount and disagree', () => {
    __plantCrdtBug('counter_sum_merge');
    // Short, so that the doubling counters stay within their bound while they diverge.
    const report = runCrdtConvergence({
      ...base('g_counter'),
      durationMs: 1500,
      opsUntilMs: 500,
      gossipIntervalMs: 100,
      faults: [],
    });
    expect(report.converged).toBe(false);
    expect(failed(report)).toContain('counter_counts_every_update_once');
  });

  it('should give the same report for the same seed', () => {
    expect(JSON.stringify(runCrdtConvergence(base('mv_register', 3)))).toBe(
      JSON.stringify(runCrdtConvergence(base('mv_register', 3))),
    );
  });
});
