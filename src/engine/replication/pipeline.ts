import { roundMicros } from '../sim/retry.js';
import type { ReplicaOutages } from './outages.js';
import { isPlanted } from './planted.js';
import type { DurableOn } from './types.js';

/**
 * One replica's replication stream as a chain of FIFO stages: the primary ships every write in log order over one
 * connection (TCP: in order, so a slow message holds back the ones behind it), the replica stores it, applies it at
 * most `applyRate` per second, and acknowledges it cumulatively over the same kind of in-order link.
 *
 * Each stage is a single-server FIFO queue, so the time a write leaves it follows Lindley's recursion (Lindley 1952):
 * `leave[k] = max(arrive[k], leave[k-1] + service)`. Computing that per write gives exactly the times an event-driven
 * run of the same queues gives, in O(1) per write and without an event heap; outages shift the times by the rules of
 * `ReplicaOutages`. Virtual times are kept to the microsecond, as in the simulation kernel.
 */
export class ReplicaPipeline {
  /** Receipt time of the last write (when the replica holds it durably). */
  recvMs = -Infinity;
  /** Apply time of the last write. */
  applyMs = -Infinity;
  private arrivalMs = -Infinity;
  private ackMs = -Infinity;
  private applied = 0;
  /** Start of the current busy period of the apply stage and the index of its first write (drift-free spacing). */
  private busyStartMs = -Infinity;
  private busyIndex = 0;

  constructor(
    private readonly durableOn: DurableOn,
    /** Time between two applies at full speed, ms; 0 when the replica applies as fast as writes arrive. */
    private readonly applySpacingMs: number,
    private readonly outages: ReplicaOutages,
  ) {}

  /** Ships the write sent at `sentMs` with round-trip latency `rttMs`; returns when its acknowledgment arrives. */
  step(sentMs: number, rttMs: number): number {
    const outMs = roundMicros(rttMs / 2);
    const backMs = roundMicros(rttMs - outMs);
    const shipped = this.outages.none ? sentMs + outMs : this.outages.deliver(sentMs, outMs, rttMs);
    const arrival = Math.max(roundMicros(shipped), this.arrivalMs);
    this.arrivalMs = arrival;
    // A replica that holds only what it applied must fetch a write again after a crash: one more round trip.
    const apply = this.applyAt(arrival, this.durableOn === 'apply' ? rttMs : 0);
    this.recvMs = this.durableOn === 'apply' ? apply : arrival;
    this.applyMs = apply;
    const ackSentMs = isPlanted('ack_before_durable') ? arrival : this.recvMs;
    const acked = this.outages.none ? ackSentMs + backMs : this.outages.acknowledge(ackSentMs, backMs);
    this.ackMs = Math.max(roundMicros(acked), this.ackMs);
    return this.ackMs;
  }

  private applyAt(arrivalMs: number, resumeMs: number): number {
    let at = arrivalMs;
    if (this.applySpacingMs > 0) {
      const free = this.busyStartMs + (this.applied - this.busyIndex) * this.applySpacingMs;
      if (arrivalMs > free) {
        this.busyStartMs = arrivalMs;
        this.busyIndex = this.applied;
      } else at = roundMicros(free);
    }
    if (!this.outages.none) {
      const up = roundMicros(this.outages.upAt(at, resumeMs));
      if (up !== at) {
        at = up;
        this.busyStartMs = up;
        this.busyIndex = this.applied;
      }
    }
    this.applied++;
    return at;
  }
}
