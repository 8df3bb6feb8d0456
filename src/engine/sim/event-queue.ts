/** What the queue orders: virtual time first, then insertion order, so ties always break the same way. */
export interface Scheduled {
  /** Virtual time in milliseconds. */
  readonly atMs: number;
  /** Insertion sequence number, set by the queue. */
  seq: number;
}

/**
 * A binary min-heap ordered by `(atMs, seq)`. `seq` grows monotonically, so two events at the same virtual time come
 * out in the order they were scheduled: the run is a function of the seed alone.
 */
export class EventQueue<E extends Scheduled> {
  private readonly heap: E[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Events scheduled so far (the next sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  push(event: E): void {
    event.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as E;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      let c = heap[l] as E;
      if (r < n && before(heap[r] as E, c)) {
        child = r;
        c = heap[r] as E;
      }
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
