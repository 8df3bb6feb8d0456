/**
 * Counts, for a few fixed instants, how many items of a non-decreasing sequence of times came strictly before each
 * instant, and the arrival time of the first item that did not. Writes are processed in log order and every stage of
 * a FIFO pipeline leaves in log order, so one pass answers "how many had replica 2 applied at t = 30 s?" without
 * storing the sequence.
 */
export class PrefixCounter {
  /** Items strictly before each instant. */
  readonly before: Float64Array;
  /** Arrival time (at the primary) of the first item at or after each instant; NaN while every item came before. */
  readonly firstAfterArrivalMs: Float64Array;
  private next = 0;
  private seen = 0;

  constructor(private readonly instantsMs: readonly number[]) {
    this.before = new Float64Array(instantsMs.length);
    this.firstAfterArrivalMs = new Float64Array(instantsMs.length).fill(NaN);
  }

  /** Offers the next item of the sequence: it happened at `atMs` for a write that arrived at `arrivalMs`. */
  offer(atMs: number, arrivalMs: number): void {
    const instants = this.instantsMs;
    while (this.next < instants.length && atMs >= (instants[this.next] as number)) {
      this.before[this.next] = this.seen;
      this.firstAfterArrivalMs[this.next] = arrivalMs;
      this.next++;
    }
    this.seen++;
  }

  /** Instants no item reached were passed by every item. */
  finish(): void {
    for (; this.next < this.instantsMs.length; this.next++) this.before[this.next] = this.seen;
  }
}
