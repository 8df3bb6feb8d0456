import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, loadImbalance, seriesTrend } from '../../../src/engine/troubleshoot/metric-facts.js';

describe('seriesTrend', () => {
  it('should call a steadily rising series growing and an oscillating one not', () => {
    expect(seriesTrend([0.2, 0.6, 1.1, 1.9, 2.4, 3.2, 4.1])?.growing).toBe(true);
    expect(seriesTrend([0.3, 2.9, 0.2, 3.1, 0.4, 2.8, 0.3])?.growing).toBe(false);
    expect(seriesTrend([0.01, 0.02, 0.01, 0.03])?.growing).toBe(false);
    expect(seriesTrend([1, 2])).toBeUndefined();
  });

  it('should fit the exact rise of a straight line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 60 }), fc.double({ min: 0.01, max: 5, noNaN: true }), (n, slope) => {
        const trend = seriesTrend(Array.from({ length: n }, (_, i) => 1 + slope * i));
        expect(trend?.fittedRise).toBeCloseTo(slope * (n - 1), 6);
      }),
    );
  });
});

describe('histogramQuantile', () => {
  it('should interpolate inside the bucket as Prometheus histogram_quantile does', () => {
    // 100 observations: 50 under 1 ms, 40 in (5 ms, 10 ms], 10 in (0.1 s, 0.5 s].
    const cumulative = [50, 50, 90, 90, 90, 100, 100];
    expect(histogramQuantile(0.5, cumulative)?.value).toBeCloseTo(0.001, 9);
    expect(histogramQuantile(0.7, cumulative)?.value).toBeCloseTo(0.005 + 0.005 * 0.5, 9);
    expect(histogramQuantile(0.99, cumulative)?.value).toBeCloseTo(0.1 + 0.4 * 0.9, 9);
  });

  it('should report a quantile in the +Inf bucket as the largest finite bound, flagged as a floor', () => {
    expect(histogramQuantile(0.99, [0, 0, 0, 0, 0, 90, 100])).toEqual({ value: 0.5, floor: true });
    expect(histogramQuantile(0.5, [0, 0, 0, 0, 0, 0, 0])).toBeUndefined();
  });
});

describe('loadImbalance', () => {
  it('should measure the hottest partition against the mean', () => {
    const imb = loadImbalance([
      { partition: 'a', ops_per_second: 100 },
      { partition: 'b', ops_per_second: 100 },
      { partition: 'c', ops_per_second: 400 },
    ]);
    expect(imb).toMatchObject({ hottest: 'c', ratio: 2, lastIsHottest: true });
    expect(imb?.share).toBeCloseTo(2 / 3, 9);
  });
});
