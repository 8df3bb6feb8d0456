import type { TimingDerivation } from './types.js';

/** The Raft paper's own example floor for the election timeout (§5.6: 150-300 ms). */
const MIN_ELECTION_TIMEOUT_MS = 150;
/** "Broadcast time should be an order of magnitude less than the election timeout" (Raft §5.6). */
const BROADCAST_FACTOR = 10;
/**
 * Per-server MTBF assumed when the caller gives none: 30 days. The Raft paper (§5.6) says server MTBFs are "several
 * months or more"; a month is the cautious end, and the result states the assumption.
 */
export const ASSUMED_SERVER_MTBF_MS = 30 * 24 * 3600 * 1000;

/** Where the group's nodes sit and how far apart regions are. */
export interface GroupNetwork {
  /** Region index of each node of the group. */
  readonly regionOf: readonly number[];
  readonly intraRegionMs: number;
  readonly interRegionMs: number;
}

export interface TimingInput {
  readonly network: GroupNetwork;
  /** Nodes (the leader included) whose acknowledgement commits an entry. */
  readonly commitQuorum: number;
  /** Message delays on the commit path: 2 for Raft and Paxos (there and back), 3 for PBFT's three phases. */
  readonly phases: number;
  readonly partitionProbability: number;
}

const ceilTo = (v: number, step: number): number => Math.ceil(v / step) * step;
const round1 = (v: number): number => Math.round(v * 10) / 10;

function oneWay(net: GroupNetwork, a: number, b: number): number {
  return net.regionOf[a] === net.regionOf[b] ? net.intraRegionMs : net.interRegionMs;
}

/** The commit path from `leader`: one-way delay to the (q - 1)-th nearest other node, times the phases. */
export function broadcastFrom(input: TimingInput, leader: number): number {
  const net = input.network;
  const delays = net.regionOf.map((_, j) => (j === leader ? 0 : oneWay(net, leader, j))).sort((a, b) => a - b);
  // delays[0] is the leader itself; the quorum needs the q - 1 nearest others.
  return input.phases * (delays[Math.max(0, input.commitQuorum - 1)] ?? 0);
}

/**
 * Timing from the network (Raft §5.6): broadcastTime << electionTimeout << MTBF. The broadcast time is taken from
 * the worst place the leader could be; the election timeout is ten times it (never below the paper's 150 ms), its
 * range twice its minimum (§9.3: enough spread to avoid split votes), and the heartbeat a third of the minimum, so
 * two heartbeats can be lost before anyone campaigns.
 */
export function deriveTiming(input: TimingInput): TimingDerivation {
  const nodes = input.network.regionOf.length;
  const froms = input.network.regionOf.map((_, l) => broadcastFrom(input, l));
  const worst = Math.max(...froms);
  const best = Math.min(...froms);
  const electionMin = Math.max(MIN_ELECTION_TIMEOUT_MS, ceilTo(BROADCAST_FACTOR * worst, 10));
  const electionMax = 2 * electionMin;
  const heartbeat = Math.max(Math.ceil(worst), Math.floor(electionMin / 3));
  const crashesPerMs = nodes / ASSUMED_SERVER_MTBF_MS;
  const partitionsPerMs = input.partitionProbability / 1000;
  const mtbf = 1 / (crashesPerMs + partitionsPerMs);
  const failover = (electionMin + electionMax) / 2 + worst;
  const clientTimeout = ceilTo(electionMax + Math.max(2 * worst, 50), 50);
  const steps = [
    `broadcast time: ${input.phases} one-way delay(s) to the ${input.commitQuorum - 1} nearest other node(s) of ` +
      `${nodes}: ${round1(best)} ms with the leader in the best place, ${round1(worst)} ms in the worst`,
    `election timeout >= ${BROADCAST_FACTOR} x broadcast = ${round1(BROADCAST_FACTOR * worst)} ms, at least ` +
      `${MIN_ELECTION_TIMEOUT_MS} ms: ${electionMin}-${electionMax} ms (the range doubles the minimum so that ` +
      `timers rarely fire together, Raft §9.3)`,
    `heartbeat = max(broadcast, election minimum / 3) = ${heartbeat} ms: three heartbeats per minimum timeout`,
    `MTBF: ${nodes} servers at an assumed ${ASSUMED_SERVER_MTBF_MS / 86_400_000} days each` +
      (input.partitionProbability > 0 ? ` plus a partition every ${round1(1 / input.partitionProbability)} s` : '') +
      ` gives a leader-changing failure every ${formatDuration(mtbf)}`,
    `election timeout << MTBF: ${electionMax} ms is ${formatRatio(mtbf / electionMax)} of the MTBF; each failover ` +
      `(about ${Math.round(failover)} ms) costs ${(100 * (failover / mtbf)).toPrecision(2)}% availability`,
    `client timeout per attempt = election maximum + 2 x broadcast (at least 50 ms) = ${clientTimeout} ms, so one attempt can outlast ` +
      'a leader change instead of timing out into a retry storm',
  ];
  return {
    oneWayMs: input.network.interRegionMs,
    broadcastMs: round1(worst),
    electionTimeoutMs: [electionMin, electionMax],
    heartbeatMs: heartbeat,
    mtbfMs: Math.round(mtbf),
    mtbfOverTimeout: Math.round(mtbf / electionMax),
    expectedUnavailability: failover / mtbf,
    clientTimeoutMs: clientTimeout,
    failoverMs: Math.round(failover),
    steps,
  };
}

function formatDuration(ms: number): string {
  if (ms >= 86_400_000) return `${round1(ms / 86_400_000)} days`;
  if (ms >= 3_600_000) return `${round1(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${round1(ms / 60_000)} min`;
  return `${round1(ms / 1000)} s`;
}

function formatRatio(r: number): string {
  return r >= 1000 ? `1/${Math.round(r)}` : `1/${round1(r)}`;
}

/** Nodes spread evenly over regions in order (the first regions take the remainder), as region indexes. */
export function spreadOver(nodes: number, regions: number): number[] {
  const r = Math.max(1, regions);
  return Array.from({ length: nodes }, (_, i) => i % r).sort((a, b) => a - b);
}
