/**
 * The output budget (src/tools/output-budget.ts): a result over budget is cut list by list, and what is sent (the
 * cut lists plus output_trimmed and the note in the summary) fits the budget whenever its lists can shrink enough.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitOutput } from '../../src/tools/output-budget.js';

const always = (): boolean => true;

describe('fitOutput', () => {
  it('should count output_trimmed and the summary note inside the budget', () => {
    const result = { rows: Array.from({ length: 200 }, (_, i) => `row-${i}-${'x'.repeat(20)}`), summary: 'A result.' };
    const fitted = fitOutput(result, 1000, always);
    expect(JSON.stringify(fitted).length).toBeLessThanOrEqual(1000);
    expect(fitted['output_trimmed']).toEqual([
      { path: 'rows', listed: (fitted['rows'] as unknown[]).length, total: 200 },
    ]);
    expect(fitted['summary']).toMatch(/^A result\. \(Output cut .*rows keeps \d+ of 200/);
    expect(result.rows).toHaveLength(200);
  });

  it('should leave a result that fits alone, and keep the original when the cut would break the schema', () => {
    const small = { rows: ['a', 'b'], summary: 's' };
    expect(fitOutput(small, 1000, always)).toBe(small);
    const big = { rows: Array.from({ length: 100 }, () => 'y'.repeat(30)), summary: 's' };
    expect(fitOutput(big, 500, () => false)).toBe(big);
  });

  it('should fit any result whose lists can shrink enough (property)', () => {
    const item = fc.string({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 2, maxLength: 300 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 800, max: 6000 }),
        (lists, budget) => {
          const result: Record<string, unknown> = { summary: 'Some result.' };
          lists.forEach((l, i) => (result[`list${i}`] = l));
          const fitted = fitOutput(result, budget, always);
          const size = JSON.stringify(fitted).length;
          const floor = lists.every((_, i) => (fitted[`list${i}`] as unknown[]).length === 1);
          expect(size <= budget || floor, `size ${size} over budget ${budget}`).toBe(true);
        },
      ),
    );
  });
});
