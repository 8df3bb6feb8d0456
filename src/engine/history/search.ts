/** What the two searches (linearizable, sequential) share: status, budgets, the dead end they report. */
import type { LinearizedSet } from './linearized-set.js';
import type { Memo } from './memo.js';

export type SearchStatus = 'running' | 'valid' | 'invalid' | 'memory';

/** Where the search got deepest before it had to back up: the story a counterexample tells. */
export interface DeadEnd {
  /** Operations (partition-local indices) linearized, in order. */
  readonly prefix: readonly number[];
  /** Model state after the prefix. */
  readonly state: number;
  /** The operation that could not be placed next. */
  readonly blocked: number;
  /** Other operations that could have gone next at that point. */
  readonly candidates: readonly number[];
}

export interface Search {
  /** Runs at most `steps` steps, stopping with `memory` if the memo outgrows `maxMemoBytes`. */
  run(steps: number, maxMemoBytes: number): SearchStatus;
  readonly steps: number;
  readonly memo: Memo;
  readonly deadEnd: DeadEnd | undefined;
  /** Longest prefix justified so far, for progress. */
  readonly depthMax: number;
}

/** Candidate lists in counterexamples stay short. */
export const CANDIDATES_SHOWN = 12;

export function prefixOf(stack: Int32Array, depth: number): number[] {
  return Array.from(stack.subarray(0, depth));
}

export type { LinearizedSet };
