import type { SimulationConfig } from '../sim/config.js';
import type { Message, ProtocolDefinition } from '../sim/protocol.js';
import type { ClientConfig } from '../sim/workload.js';
import { multiPaxosProtocol } from './multi-paxos/index.js';
import { DEFAULT_PAXOS_OPTIONS } from './multi-paxos/types.js';
import { pbftProtocol } from './pbft/index.js';
import { DEFAULT_PBFT_OPTIONS, pbftFaults } from './pbft/types.js';
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
  /** PBFT only: most requests per pre-prepare, and a checkpoint every this many sequence numbers. */
  readonly batchSize?: number | undefined;
  readonly checkpointInterval?: number | undefined;
}

interface Entry {
  /** Configuration pieces this protocol contributes to a simulation. */
  configure(tuning: ProtocolTuning): Pick<SimulationConfig, 'protocol' | 'protocolOptions'>;
  /** How this protocol's clients behave, from the caller's client settings. */
  clients(nodes: number, clients: ClientConfig): ClientConfig;
}

const entry = <M extends Message, S, O>(
  definition: ProtocolDefinition<M, S, O>,
  options: (t: ProtocolTuning) => O,
  clients: (nodes: number, c: ClientConfig) => ClientConfig = (_, c) => c,
): Entry => ({
  configure: (t) => ({ protocol: definition, protocolOptions: options(t) }),
  clients,
});

/**
 * PBFT clients send each request to every replica and believe f + 1 matching replies (§4.1). Reads are ordered like
 * writes (there is no leader to ask for a ReadIndex); local reads still need f + 1 replicas to agree.
 */
const pbftClients = (nodes: number, c: ClientConfig): ClientConfig => ({
  ...c,
  replyQuorum: pbftFaults(nodes) + 1,
  readMode: c.readMode === 'read_index' ? 'log' : c.readMode,
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
  // The election timeout is PBFT's view-change timeout (its minimum; doubled per failed view), the heartbeat its
  // retransmission interval; PreVote and CheckQuorum do not apply.
  pbft: entry(
    pbftProtocol,
    (t) => ({
      ...DEFAULT_PBFT_OPTIONS,
      viewChangeTimeoutMs: t.electionTimeoutMinMs,
      retransmitMs: t.heartbeatMs,
      batchSize: t.batchSize ?? DEFAULT_PBFT_OPTIONS.batchSize,
      checkpointInterval: t.checkpointInterval ?? DEFAULT_PBFT_OPTIONS.checkpointInterval,
    }),
    pbftClients,
  ),
} as const satisfies Record<string, Entry>;

export type SimProtocolName = keyof typeof SIM_PROTOCOLS;

export const SIM_PROTOCOL_NAMES = Object.keys(SIM_PROTOCOLS) as [SimProtocolName, ...SimProtocolName[]];
