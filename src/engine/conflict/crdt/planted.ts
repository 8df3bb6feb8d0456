/**
 * Test-only switch: plants a known bug in the merges so tests can prove that the property suites and the convergence
 * run catch it. Never set outside tests; the tool has no way to reach it.
 */
export type PlantedBug =
  /** Counters add the entries of both sides instead of taking the maximum: merge(a, a) doubles a (not idempotent). */
  | 'counter_sum_merge'
  /**
   * LWW-Register ties (equal timestamps) go to the left argument instead of the greater (node id, value): merge(a, b)
   * and merge(b, a) differ on a tie (not commutative), so replicas that merge in different orders diverge.
   */
  | 'lww_register_left_tie';

let planted: PlantedBug | null = null;

export function __plantCrdtBug(bug: PlantedBug | null): void {
  planted = bug;
}

export function isPlanted(bug: PlantedBug): boolean {
  return planted === bug;
}
