import type { Rng } from './rng.js';

/** The seed's retry policy for consensus operations. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** Each delay is scaled by a uniform factor in [1 - jitter, 1 + jitter]. */
  readonly jitterFactor: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  initialDelayMs: 50,
  maxDelayMs: 10_000,
  multiplier: 2,
  jitterFactor: 0.25,
};

/**
 * Delay before retry number `retry` (1 for the first retry): exponential from the initial delay, capped, then
 * jittered so that clients failed by the same event do not come back in lockstep (a retry storm).
 */
export function backoffMs(policy: RetryPolicy, retry: number, rng: Rng): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, retry - 1));
  const factor = 1 + policy.jitterFactor * (2 * rng.float() - 1);
  return roundMicros(base * factor);
}

/** Virtual times are kept to the microsecond so that results print short and compare exactly. */
export const roundMicros = (ms: number): number => Math.round(ms * 1000) / 1000;
