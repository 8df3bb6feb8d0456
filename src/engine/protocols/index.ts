import type { SimulationConfig } from '../sim/config.js';
import type { Message, ProtocolDefinition } from '../sim/protocol.js';
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
  raft: entry(raftProtocol, (t) => ({ ...DEFAULT_RAFT_OPTIONS, ...t })),
} as const satisfies Record<string, Entry>;

export type SimProtocolName = keyof typeof SIM_PROTOCOLS;

export const SIM_PROTOCOL_NAMES = Object.keys(SIM_PROTOCOLS) as [SimProtocolName, ...SimProtocolName[]];
