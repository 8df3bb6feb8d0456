/**
 * Quorum arithmetic. Crash faults: any two majorities intersect (Lamport, "Paxos Made Simple"; Raft §5.2).
 * Byzantine faults: any two quorums must intersect in at least one honest node, so 2q - n >= f + 1
 * (Castro & Liskov 1999, §3; Malkhi & Reiter 1998 dissemination quorums).
 */

/** Majority quorum for n voters: floor(n/2) + 1. */
export function crashQuorumSize(nodes: number): number {
  return Math.floor(nodes / 2) + 1;
}

/** Smallest q with 2q - n >= f + 1: ceil((n + f + 1) / 2). Equals 2f + 1 when n = 3f + 1. */
export function byzantineQuorumSize(nodes: number, faults: number): number {
  return Math.ceil((nodes + faults + 1) / 2);
}

/** Most crash failures n voters survive while a majority remains: floor((n - 1) / 2). */
export function maxCrashFailures(nodes: number): number {
  return Math.floor((nodes - 1) / 2);
}

/** Most byzantine failures n replicas survive: floor((n - 1) / 3). */
export function maxByzantineFailures(nodes: number): number {
  return Math.floor((nodes - 1) / 3);
}

/** Fewest nodes that tolerate f failures: 2f + 1 for crash faults, 3f + 1 for byzantine ones. */
export function minNodesFor(faults: number, byzantine: boolean): number {
  return byzantine ? 3 * faults + 1 : 2 * faults + 1;
}

/** The quorum a cluster needs under its fault model. */
export function quorumSize(nodes: number, byzantine: boolean, faults?: number): number {
  if (!byzantine) return crashQuorumSize(nodes);
  return byzantineQuorumSize(nodes, faults ?? maxByzantineFailures(nodes));
}
