/**
 * Test-only switch: plants a known bug in the merges so tests can prove that the property suites and the convergence
 * run catch it. Never set outside tests; the tool has no way to reach it.
 */
export type PlantedBug =
  /** Counters add the entries of both sides instead of taking the maximum: merge(a, a) doubles a (not idempotent). */
  'counter_sum_merge';

let planted: PlantedBug | null = null;

export function __plantCrdtBug(bug: PlantedBug | null): void {
  planted = bug;
}

export function isPlanted(bug: PlantedBug): boolean {
  return planted === bug;
}
