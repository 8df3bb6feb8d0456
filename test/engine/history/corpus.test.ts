/**
 * Real histories with known verdicts (see ../shared/corpora/README.md): every Knossos cas-register and
 * multi-register history gets its folder's verdict and the etcd mutex history is not linearizable; Porcupine's etcd
 * logs and kv histories get the verdicts of Porcupine's own tests.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../src/engine/index.js';
import { etcdCases, knossosCases, kvCases, type CorpusCase } from './corpora.js';

describe('Knossos corpus', () => {
  const cases = knossosCases();

  it('should hold every folder of the corpus', () => {
    const count = (prefix: string): number => cases.filter((c) => c.name.startsWith(`knossos/${prefix}`)).length;
    expect([count('cas-register/good'), count('cas-register/bad'), count('multi-register'), count('mutex')]).toEqual([
      113, 7, 1, 1,
    ]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => expectVerdict(c));
});

describe('Porcupine corpus', () => {
  it.each(etcdCases().map((c) => [c.name, c] as const))('%s', (_name, c) => expectVerdict(c));
  it.each(kvCases().map((c) => [c.name, c] as const))('%s', (_name, c) => expectVerdict(c));
});

// Helpers

function expectVerdict(c: CorpusCase): void {
  const result = checkHistory(c.history, { model: c.model, initialValue: c.initialValue });
  expect(result.verdict).toBe(c.expected ? 'linearizable' : 'not_linearizable');
  if (!c.expected) expect(result.counterexample?.blocked).toBeDefined();
}

describe('Knossos corpus against a planted bug', () => {
  it('should notice a checker that ignores real-time order (a bad history passes)', () => {
    // rethink-fail-smaller is only non-linearizable because of real-time order; the bug accepts it.
    const c = knossosCases().find((k) => k.name.endsWith('bad/rethink-fail-smaller.edn'));
    expect(c).toBeDefined();
    if (!c) return;
    const options = { model: c.model, initialValue: c.initialValue } as const;
    expect(checkHistory(c.history, options).verdict).toBe('not_linearizable');
    expect(checkHistory(c.history, { ...options, __plantedBug: 'ignoreRealTime' }).verdict).toBe('linearizable');
  });
});
