import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';

/**
 * Ballots are totally ordered and unique per proposer: round * BALLOT_SPACE + node (Lamport, "Paxos Made Simple"
 * §2.2: "different proposers choose their numbers from disjoint sets"). 0 is "no ballot".
 */
export const BALLOT_SPACE = 32;
export const ballotOf = (round: number, node: NodeId): number => round * BALLOT_SPACE + node;
export const roundOf = (ballot: number): number => Math.floor(ballot / BALLOT_SPACE);

/** A value an acceptor accepted for a slot, reported in a promise (phase 1b). */
export interface AcceptedEntry {
  readonly slot: number;
  readonly ballot: number;
  readonly command: Command;
}

export interface ChosenEntry {
  readonly slot: number;
  readonly command: Command;
}

/**
 * Multi-Paxos as one-way messages: phase 1 (Prepare / Promise) once per leader for every slot from `fromSlot` on,
 * phase 2 (Accept / Accepted) per slot, heartbeats that carry the leader's chosen prefix, and Decide for catch-up.
 * A rejection (`ok: false`) carries the higher ballot the acceptor promised, so the sender steps aside.
 */
export type PaxosMessage =
  | {
      readonly type: 'Prepare';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly fromSlot: number;
    }
  | {
      readonly type: 'Promise';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly ok: boolean;
      readonly promised: number;
      readonly accepted: readonly AcceptedEntry[];
    }
  | {
      readonly type: 'Accept';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly slot: number;
      readonly command: Command;
      /** The leader's chosen prefix: slots up to here are chosen (Multi-Paxos piggybacks the decision). */
      readonly chosenUpTo: number;
    }
  | {
      readonly type: 'Accepted';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly slot: number;
      readonly ok: boolean;
      readonly promised: number;
    }
  | {
      readonly type: 'Heartbeat';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly chosenUpTo: number;
      /** Read round this heartbeat confirms leadership for (a ReadIndex-style read). */
      readonly readSeq: number;
    }
  | {
      readonly type: 'HeartbeatAck';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly ballot: number;
      readonly ok: boolean;
      readonly promised: number;
      /** The acceptor's own chosen prefix, so the leader can send what it lacks. */
      readonly chosenUpTo: number;
      readonly readSeq: number;
    }
  | { readonly type: 'Decide'; readonly from: NodeId; readonly to: NodeId; readonly entries: readonly ChosenEntry[] };

/** Test-only switches that plant known bugs, so tests can prove the checkers catch them. */
export interface PaxosBugs {
  /** An acceptor answers a Prepare with a promise but does not record it (Paxos Made Simple §2.2, P1a broken). */
  readonly forgetPromise?: boolean;
  /** A new leader proposes its own value instead of the highest-ballot value reported in the promises (§2.2, P2c). */
  readonly ignorePromisedValues?: boolean;
}

export interface PaxosOptions {
  /** A follower that hears no leader for a random time in [min, max] starts phase 1. */
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  readonly heartbeatMs: number;
  /** A leader that hears no phase-2 quorum for the minimum election timeout steps down; acceptors then also refuse
   * a Prepare while they hear a leader (a leader lease), so a returning node cannot depose a healthy leader. */
  readonly checkQuorum: boolean;
  /** |Q1| (phase 1, leader change); undefined: a majority. */
  readonly phase1Quorum?: number | undefined;
  /** |Q2| (phase 2, every slot); undefined: a majority. */
  readonly phase2Quorum?: number | undefined;
  /** Run quorums with |Q1| + |Q2| <= N anyway, to show what breaks (otherwise they are refused). */
  readonly allowUnsafeQuorums: boolean;
  /** Most unchosen slots retransmitted per heartbeat, and most entries per Decide. */
  readonly maxBatch: number;
  readonly __bugs?: PaxosBugs | undefined;
}

export const DEFAULT_PAXOS_OPTIONS: PaxosOptions = {
  electionTimeoutMinMs: 150,
  electionTimeoutMaxMs: 300,
  heartbeatMs: 50,
  checkQuorum: false,
  allowUnsafeQuorums: false,
  maxBatch: 256,
};

const majority = (nodes: number): number => Math.floor(nodes / 2) + 1;

/** The phase-1 and phase-2 quorum sizes for this cluster (Howard et al. 2016, Flexible Paxos). */
export function paxosQuorums(
  nodes: number,
  o: Pick<PaxosOptions, 'phase1Quorum' | 'phase2Quorum'>,
): {
  q1: number;
  q2: number;
} {
  return { q1: o.phase1Quorum ?? majority(nodes), q2: o.phase2Quorum ?? majority(nodes) };
}

export { bit, popcount } from '../bits.js';
