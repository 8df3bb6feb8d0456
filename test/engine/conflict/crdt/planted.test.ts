import { afterEach, describe, expect, it } from 'vitest';
import { __plantCrdtBug, CRDTS } from '../../../../src/engine/index.js';
import { lawProperties } from './crdt.properties.js';

afterEach(() => __plantCrdtBug(null));

describe('planted non-idempotent merge (counters add entries instead of taking the maximum)', () => {
  it('should double a G-Counter merged with itself', () => {
    __plantCrdtBug('counter_sum_merge');
    const a = CRDTS.g_counter.apply(CRDTS.g_counter.empty(), { kind: 'increment', nodeId: 'a', amount: 3 });
    expect(CRDTS.g_counter.value(CRDTS.g_counter.merge(a, a))).toBe(6);
  });

  // The same properties that pass in laws.test.ts must fail once the bug is planted: the suite can catch it.
  it.each(['g_counter', 'pn_counter'] as const)(
    'should make the %s idempotence and convergence properties fail',
    (type) => {
      __plantCrdtBug('counter_sum_merge');
      const props = lawProperties(type);
      for (const law of [
        'idempotent',
        'replicas converge whatever order and however often they exchange states',
      ] as const) {
        const details = props[law].check(200);
        expect(details.failed, `${type} ${law} should fail with the planted bug`).toBe(true);
        // fast-check reports the seed and path that replay the counterexample.
        expect(typeof details.seed).toBe('number');
        expect(details.counterexamplePath).toBeTruthy();
      }
    },
  );

  it('should leave the properties passing once the switch is off', () => {
    const details = lawProperties('g_counter').idempotent.check(100);
    expect(details.failed).toBe(false);
  });
});
