import { configError, limitError } from '../errors.js';
import type { AdaptiveNemesis } from './adaptive-nemesis.js';
import type { ClientConfig } from './workload.js';
import { byzantineBehaviourOf, type FaultSpec, type RandomFaults } from './faults.js';
import type { NetworkConfig } from './network.js';
import type { Message, ProtocolDefinition } from './protocol.js';
import { MAX_SEED } from './rng.js';

/** Bounds of one simulation: the tool's schema enforces them too, and the engine asserts them (pair assertions). */
export const SIM_LIMITS = {
  nodes: 25,
  durationMs: 600_000,
  events: 50_000_000,
  clientOps: 200_000,
  faults: 200,
  traceCapacity: 20_000,
} as const;

export interface SimulationConfig<M extends Message = Message, S = unknown, O = unknown> {
  readonly protocol: ProtocolDefinition<M, S, O>;
  readonly protocolOptions: O;
  readonly nodes: number;
  readonly seed: number;
  readonly durationMs: number;
  readonly network: NetworkConfig;
  readonly clients: ClientConfig;
  readonly faults: readonly FaultSpec[];
  readonly randomFaults: RandomFaults;
  /**
   * Time to make a write durable (fsync), in ms. Messages a node sends after writing its storage leave only once the
   * write is durable (Figure 2: persist before responding), and one node's writes queue on its disk.
   */
  readonly diskLatencyMs: number;
  /** The state machine skips a retried write whose first attempt applied less than this long before. */
  readonly dedupWindowMs: number;
  /** Events after which the run stops and says so. */
  readonly maxEvents: number;
  /** Trace records kept per class (elections and partitions; replication and commits) before thinning. */
  readonly traceCapacity: number;
  /** A nemesis that reacts to the run (built afresh for each simulation, so one config can run twice alike). */
  readonly nemesis?: (() => AdaptiveNemesis) | undefined;
  /** Test-only: the state machine forgets idempotency keys (a planted bug). */
  readonly __noDedup?: boolean;
}

/** Rejects what the kernel cannot run, naming the field; bounds hit during a run are reported, not thrown. */
export function validateSimulation(c: SimulationConfig): void {
  const within = (path: string, v: number, min: number, max: number): void => {
    if (!(v >= min && v <= max)) throw limitError(path, `must be between ${min} and ${max}, got ${v}`);
  };
  within('nodes', c.nodes, 1, SIM_LIMITS.nodes);
  within('seed', c.seed, 0, MAX_SEED);
  within('duration_ms', c.durationMs, 1, SIM_LIMITS.durationMs);
  within('max_events', c.maxEvents, 1, SIM_LIMITS.events);
  within('faults', c.faults.length, 0, SIM_LIMITS.faults);
  within('clients.max_ops', c.clients.maxOps, 0, SIM_LIMITS.clientOps);
  within('trace_capacity', c.traceCapacity, 1, SIM_LIMITS.traceCapacity);
  within('disk_latency_ms', c.diskLatencyMs, 0, 10_000);
  c.faults.forEach((f, i) => {
    for (const n of [...f.nodes, ...(f.targets ?? [])]) {
      if (!Number.isInteger(n) || n < 0 || n >= c.nodes) {
        throw configError(`faults.${i}.nodes`, `node ${n + 1} does not exist: nodes are numbered 1..${c.nodes}`);
      }
    }
    if (f.action === 'slow_link' && f.latencyMs === undefined) {
      throw configError(`faults.${i}.latency_ms`, 'slow_link needs latency_ms, the extra one-way delay in ms');
    }
    const behaviour = byzantineBehaviourOf(f.action);
    const own = c.protocol.byzantineBehaviours ?? [];
    if (behaviour === 'equivocate' && !own.includes(behaviour)) {
      throw configError(
        `faults.${i}.action`,
        `${c.protocol.name} does not model equivocation (a crash-fault protocol assumes no liars); use pbft, or byzantine_silent / byzantine_wrong_replies`,
      );
    }
    if (f.action === 'isolate_leader_region' && !c.network.regionOf) {
      throw configError(
        `faults.${i}.action`,
        'isolate_leader_region needs regions (which nodes share the leader region); without them use isolate_leader',
      );
    }
    if (f.action === 'packet_loss' && f.probability === undefined) {
      throw configError(`faults.${i}.probability`, 'packet_loss needs probability, the loss rate 0..1');
    }
  });
  const regions = c.network.regionOf;
  if (regions && regions.length !== c.nodes) throw configError('regions', 'every node needs a region');
  const issues = c.protocol.validate(c.protocolOptions, c.nodes);
  const first = issues[0];
  if (first) throw configError(first.path, first.message);
}
