import type { ClientConfig } from './workload.js';
import type { SimulationConfig } from './config.js';
import { NO_RANDOM_FAULTS } from './faults.js';
import type { NetworkConfig } from './network.js';
import type { Message, ProtocolDefinition } from './protocol.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';

export const DEFAULT_NETWORK: NetworkConfig = {
  latency: { distribution: 'normal', meanMs: 1, jitterMs: 0.2 },
  lossProbability: 0,
  duplicateProbability: 0,
};

export const DEFAULT_CLIENTS: ClientConfig = {
  writesPerSecond: 100,
  readsPerSecond: 0,
  keys: 10,
  concurrency: 50,
  timeoutMs: 500,
  retry: DEFAULT_RETRY_POLICY,
  readMode: 'read_index',
  maxOps: 200_000,
};

/** The seed's dedup window: 300 s. */
export const DEFAULT_DEDUP_WINDOW_MS = 300_000;

/** A complete configuration from the few fields a caller cares about; everything else takes its default. */
export function simulationConfig<M extends Message, S, O>(
  protocol: ProtocolDefinition<M, S, O>,
  protocolOptions: O,
  overrides: Partial<Omit<SimulationConfig<M, S, O>, 'protocol' | 'protocolOptions' | 'clients' | 'network'>> & {
    readonly clients?: Partial<ClientConfig>;
    readonly network?: Partial<NetworkConfig>;
  } = {},
): SimulationConfig<M, S, O> {
  const { clients, network, ...rest } = overrides;
  return {
    protocol,
    protocolOptions,
    nodes: 5,
    seed: 1,
    durationMs: 10_000,
    faults: [],
    randomFaults: NO_RANDOM_FAULTS,
    dedupWindowMs: DEFAULT_DEDUP_WINDOW_MS,
    diskLatencyMs: 0,
    maxEvents: 20_000_000,
    traceCapacity: 2000,
    ...rest,
    network: { ...DEFAULT_NETWORK, ...network },
    clients: { ...DEFAULT_CLIENTS, ...clients },
  };
}
