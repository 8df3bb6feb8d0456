import type { SimulationConfig } from '../sim/config.js';
import type { Message, ProtocolDefinition } from '../sim/protocol.js';
import { multiPaxosProtocol } from './multi-paxos/index.js';
import { DEFAULT_PAXOS_OPTIONS } from './multi-paxos/types.js';
import { raftProtocol } from './raft/index.js';
import { DEFAULT_RAFT_OPTIONS } from './raft/types.js';

/**
 * Protocol-neutral tuning a caller gives; each protocol maps it onto its own options (Raft: election timeout and
 * heartbeat; a Paxos or PBFT port maps them onto its leader-lease or view-change timers).
 */
export interface ProtocolTuning {
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  readonly heartbeatMs: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Flexible Paxos |Q1| and |Q2| (Multi-Paxos only); undefined: majorities. */
  readonly phase1Quorum?: number | undefined;
  readonly phase2Quorum?: number | undefined;
  /** Run quorums that need not intersect, to show the violation (Multi-Paxos only). */
  readonly allowUnsafeQuorums?: boolean | undefined;
}

interface Entry {
  /** Configuration pieces this protocol contributes to a simulation. */
  configure(tuning: ProtocolTuning): Pick<SimulationConfig, 'protocol' | 'protocolOptions'>;
}

const entry = <M extends Message, S, O>(
  definition: ProtocolDefinition<M, S, O>,
  options: (t: ProtocolTuning) => O,
): Entry => ({
  configure: (t) => ({ protocol: definition, protocolOptions: options(t) }),
});

/** The protocols the simulator runs, by the name callers use. */
export const SIM_PROTOCOLS = {
  raft: entry(raftProtocol, (t) => ({
    ...DEFAULT_RAFT_OPTIONS,
    electionTimeoutMinMs: t.electionTimeoutMinMs,
    electionTimeoutMaxMs: t.electionTimeoutMaxMs,
    heartbeatMs: t.heartbeatMs,
    preVote: t.preVote,
    checkQuorum: t.checkQuorum,
  })),
  // Multi-Paxos has no PreVote; its CheckQuorum also gives acceptors a leader lease against disruptive Prepares.
  multi_paxos: entry(multiPaxosProtocol, (t) => ({
    ...DEFAULT_PAXOS_OPTIONS,
    electionTimeoutMinMs: t.electionTimeoutMinMs,
    electionTimeoutMaxMs: t.electionTimeoutMaxMs,
    heartbeatMs: t.heartbeatMs,
    checkQuorum: t.checkQuorum,
    phase1Quorum: t.phase1Quorum,
    phase2Quorum: t.phase2Quorum,
    allowUnsafeQuorums: t.allowUnsafeQuorums ?? false,
  })),
} as const satisfies Record<string, Entry>;

export type SimProtocolName = keyof typeof SIM_PROTOCOLS;

export const SIM_PROTOCOL_NAMES = Object.keys(SIM_PROTOCOLS) as [SimProtocolName, ...SimProtocolName[]];
