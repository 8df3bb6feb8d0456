import { newHistogram, observe, type ElectionResult, type Histogram, type OperationType } from './metrics.js';
import type { Message, NodeId } from './protocol.js';
import type { Simulation } from './simulation.js';

export interface LeaderRecord {
  readonly term: number;
  readonly node: NodeId;
  readonly atMs: number;
}

export interface Outage {
  readonly fromMs: number;
  readonly toMs: number;
}

const MAX_LEADERS_KEPT = 200;
const MAX_OUTAGES_KEPT = 50;

/** Counters and figures gathered while a simulation runs. */
export class RunStats {
  messagesSent = 0;
  messagesDelivered = 0;
  messagesCut = 0;
  messagesLost = 0;
  messagesDuplicated = 0;
  messagesToCrashed = 0;
  requestsToCrashed = 0;
  readonly sentByType = new Map<string, number>();
  readonly leaders: LeaderRecord[] = [];
  leadersTotal = 0;
  /** Per term: who campaigned, and whether anyone won. */
  private readonly elections = new Map<number, { candidates: Set<NodeId>; elected: boolean }>();
  readonly latency: Record<OperationType, Histogram> = { write: newHistogram(), read: newHistogram() };
  readonly partitions = { detected: 0, healed: 0 };
  readonly lagSeconds: (number | undefined)[];
  /** Worst lag per node over the times it was a follower (undefined: never sampled as one). */
  readonly lagMaxSeconds: (number | undefined)[];
  unavailableMs = 0;
  private unavailableSince: number | undefined = 0;
  readonly outages: Outage[] = [];
  outagesTotal = 0;

  constructor(nodes: number) {
    this.lagSeconds = Array.from({ length: nodes }, () => undefined);
    this.lagMaxSeconds = Array.from({ length: nodes }, () => undefined);
  }

  countSent(type: string): void {
    this.messagesSent++;
    this.sentByType.set(type, (this.sentByType.get(type) ?? 0) + 1);
  }

  observeLatency(op: OperationType, ms: number): void {
    observe(this.latency[op], ms / 1000);
  }

  electionStarted(term: number, node: NodeId, preVote: boolean): void {
    if (preVote) return; // a pre-vote round starts no term (Raft thesis §9.6)
    const e = this.elections.get(term) ?? { candidates: new Set<NodeId>(), elected: false };
    e.candidates.add(node);
    this.elections.set(term, e);
  }

  leaderElected(term: number, node: NodeId, atMs: number): void {
    const e = this.elections.get(term) ?? { candidates: new Set<NodeId>([node]), elected: false };
    e.elected = true;
    this.elections.set(term, e);
    this.leadersTotal++;
    if (this.leaders.length < MAX_LEADERS_KEPT) this.leaders.push({ term, node, atMs });
  }

  /**
   * `leader_elections_total` by result: a term with a leader is a success; one without is a split vote when several
   * candidates campaigned in it, and a timeout when one candidate alone failed to gather a quorum.
   */
  electionResults(): Record<ElectionResult, number> {
    const r: Record<ElectionResult, number> = { success: 0, timeout: 0, split_vote: 0 };
    for (const e of this.elections.values()) {
      if (e.elected) r.success++;
      else if (e.candidates.size > 1) r.split_vote++;
      else r.timeout++;
    }
    return r;
  }

  /** The cluster can commit when some live leader reaches a quorum of live nodes both ways. */
  updateAvailability<M extends Message, S>(sim: Simulation<M, S>): void {
    const available = canCommit(sim);
    const now = sim.nowMs;
    if (!available && this.unavailableSince === undefined) this.unavailableSince = now;
    if (available && this.unavailableSince !== undefined) this.endOutage(now);
  }

  private endOutage(now: number): void {
    const from = this.unavailableSince ?? now;
    this.unavailableSince = undefined;
    if (now <= from) return;
    this.unavailableMs += now - from;
    this.outagesTotal++;
    if (this.outages.length < MAX_OUTAGES_KEPT) this.outages.push({ fromMs: from, toMs: now });
  }

  /**
   * Replication lag: how much older (by client send time) a follower's applied state is than the leader's. The
   * leader itself is no follower: a node that was one and now leads loses its gauge (it would otherwise report the
   * lag it had before the election). A crashed follower keeps its last sample.
   */
  sampleLag<M extends Message, S>(sim: Simulation<M, S>): void {
    const leader = currentLeader(sim);
    if (leader === undefined) return;
    const ref = (sim.replicas[leader] as (typeof sim.replicas)[number]).sm.appliedSentAtMs;
    this.lagSeconds[leader] = undefined;
    sim.replicas.forEach((r, id) => {
      if (id === leader || !r.up) return;
      const lag = Math.max(0, ref - r.sm.appliedSentAtMs) / 1000;
      this.lagSeconds[id] = lag;
      this.lagMaxSeconds[id] = Math.max(this.lagMaxSeconds[id] ?? 0, lag);
    });
  }

  close<M extends Message, S>(sim: Simulation<M, S>): void {
    this.sampleLag(sim);
    if (this.unavailableSince !== undefined) this.endOutage(sim.nowMs);
  }
}

/** The live leader with the highest term, if any. */
export function currentLeader<M extends Message, S>(sim: Simulation<M, S>): NodeId | undefined {
  let best: NodeId | undefined;
  sim.replicas.forEach((r, id) => {
    if (r.up && r.leader && (best === undefined || r.term > (sim.replicas[best]?.term ?? 0))) best = id;
  });
  return best;
}

function canCommit<M extends Message, S>(sim: Simulation<M, S>): boolean {
  const quorum = sim.run.quorumSize ?? sim.config.protocol.quorumSize(sim.config.nodes);
  return sim.replicas.some((r, id) => {
    if (!r.up || !r.leader || r.byzantine === 'silent') return false;
    let reachable = 0;
    sim.replicas.forEach((other, j) => {
      if (other.up && other.byzantine !== 'silent' && sim.network.connected(id, j)) reachable++;
    });
    return reachable >= quorum;
  });
}
