import type { Rng } from './rng.js';
import { roundMicros } from './retry.js';

export type LatencyDistribution = 'constant' | 'uniform' | 'normal' | 'lognormal';

/** One-way message delay: a mean and a spread whose meaning depends on the distribution. */
export interface LatencySpec {
  readonly distribution: LatencyDistribution;
  readonly meanMs: number;
  /** uniform: half-width; normal and lognormal: standard deviation; ignored for constant. */
  readonly jitterMs: number;
}

/** Shortest delay ever drawn: a message never arrives at the instant it was sent. */
export const MIN_LATENCY_MS = 0.001;

/** A sampler for one spec, with the log-normal parameters solved once (mean and sd given, mu and sigma derived). */
export function latencySampler(spec: LatencySpec): (rng: Rng) => number {
  const { meanMs, jitterMs } = spec;
  switch (spec.distribution) {
    case 'constant':
      return () => Math.max(MIN_LATENCY_MS, roundMicros(meanMs));
    case 'uniform':
      return (rng) => Math.max(MIN_LATENCY_MS, roundMicros(meanMs - jitterMs + 2 * jitterMs * rng.float()));
    case 'normal':
      return (rng) => Math.max(MIN_LATENCY_MS, roundMicros(meanMs + jitterMs * rng.normal()));
    case 'lognormal': {
      // A log-normal with mean m and sd s has sigma^2 = ln(1 + s^2/m^2) and mu = ln(m) - sigma^2/2: the heavy right
      // tail real networks show, with the mean the caller asked for.
      const sigma2 = Math.log(1 + (jitterMs * jitterMs) / (meanMs * meanMs));
      const mu = Math.log(meanMs) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return (rng) => Math.max(MIN_LATENCY_MS, roundMicros(Math.exp(mu + sigma * rng.normal())));
    }
  }
}
