/**
 * The simulation kernel and Raft on it: kernel events per second (against the bare event queue, the floor any
 * kernel pays), the wall time of a 60 s, 1000 writes/s Raft run with random faults, and the Raft §9.3 election
 * measurement (virtual time, so the same on every machine).
 */
import { performance } from 'node:perf_hooks';
import { raftProtocol } from '../src/engine/protocols/raft/index.js';
import { DEFAULT_RAFT_OPTIONS } from '../src/engine/protocols/raft/types.js';
import { simulationConfig } from '../src/engine/sim/defaults.js';
import { EventQueue } from '../src/engine/sim/event-queue.js';
import { measureFailover } from '../src/engine/sim/failover.js';
import type { Effects, Message, ProtocolDefinition, ProtocolNode } from '../src/engine/sim/protocol.js';
import { Simulation } from '../src/engine/sim/simulation.js';
import { checkHistory } from '../src/engine/index.js';
import { fmt, median, type BenchRow } from './stats.js';

/** A protocol that only exercises the kernel: each node ticks every ms and sends one message to a neighbour. */
const pingProtocol: ProtocolDefinition<Message, null, null> = {
  name: 'ping',
  quorumSize: (n) => Math.floor(n / 2) + 1,
  validate: () => [],
  instantiate: () => ({
    monitor: { observe: () => undefined, crashed: () => undefined, afterEvent: () => undefined, report: () => [] },
    createStorage: () => null,
    wroteStorage: () => false,
    createNode: ({ id, nodes, effects }): ProtocolNode<Message> => pingNode(id, nodes, effects),
  }),
};

function pingNode(id: number, nodes: number, effects: Effects<Message>): ProtocolNode<Message> {
  let next = 1;
  const message: Message = { from: id, to: (id + 1) % nodes, type: 'Ping' };
  return {
    step: () => undefined,
    tick: (now) => {
      next = now + 1;
      effects.send(message);
    },
    wakeAtMs: () => next,
    propose: () => ({ error: 'LEADER_NOT_FOUND' }),
    read: () => ({ error: 'LEADER_NOT_FOUND' }),
    status: () => ({ role: 'ping', term: 0, leader: false, leaderHint: undefined, commitIndex: 0, lastIndex: 0 }),
  };
}

function kernelEventsPerSecond(): { events: number; ms: number } {
  const config = simulationConfig(pingProtocol, null, {
    nodes: 5,
    durationMs: 200_000,
    clients: { writesPerSecond: 0 },
    network: { latency: { distribution: 'uniform', meanMs: 1, jitterMs: 0.5 } },
  });
  const start = performance.now();
  const sim = new Simulation(config);
  sim.advance(Number.MAX_SAFE_INTEGER);
  return { events: sim.eventsProcessed, ms: performance.now() - start };
}

function bareQueue(events: number): number {
  const start = performance.now();
  const q = new EventQueue<{ atMs: number; seq: number }>();
  let t = 0;
  for (let i = 0; i < 64; i++) q.push({ atMs: i, seq: 0 });
  for (let i = 0; i < events; i++) {
    const e = q.pop();
    t = (e?.atMs ?? t) + 1 + (i % 7) * 0.1;
    q.push({ atMs: t, seq: 0 });
  }
  return performance.now() - start;
}

function raftRunMs(seed: number): {
  ms: number;
  events: number;
  ops: number;
  safe: boolean;
  checkMs: number;
  verdict: string;
} {
  const config = simulationConfig(raftProtocol, DEFAULT_RAFT_OPTIONS, {
    seed,
    nodes: 5,
    durationMs: 60_000,
    clients: { writesPerSecond: 1000 },
    randomFaults: { crashRatePerMinute: 0.5, partitionProbability: 0.05, mttrMs: 2000 },
  });
  const start = performance.now();
  const sim = new Simulation(config);
  sim.advance(Number.MAX_SAFE_INTEGER);
  const ms = performance.now() - start;
  const safe = sim.monitor.report().every((r) => r.held) && sim.applyMonitor.report().every((r) => r.held);
  const checkStart = performance.now();
  const verdict = checkHistory(sim.clients.history, { model: 'kv' }).verdict;
  return {
    ms,
    events: sim.eventsProcessed,
    ops: sim.clients.stats.invoked,
    safe,
    checkMs: performance.now() - checkStart,
    verdict,
  };
}

function electionRow(min: number, max: number, trials: number): BenchRow {
  const base = simulationConfig(
    raftProtocol,
    { ...DEFAULT_RAFT_OPTIONS, electionTimeoutMinMs: min, electionTimeoutMaxMs: max, heartbeatMs: min / 2 },
    { seed: 1, nodes: 5, network: { latency: { distribution: 'normal', meanMs: 7.5, jitterMs: 1.5 } } },
  );
  const m = measureFailover(base, { trials, crashAfterMs: 2000, crashJitterMs: min / 2, giveUpAfterMs: 10_000 });
  const p = m.percentilesMs;
  const paper = PAPER_FIGURE_16[`${min}-${max}`];
  const ours =
    p.p50 === null
      ? `no leader within 10 s in ${m.censored}/${trials}`
      : `median ${fmt(p.p50, 0)} ms, p99 ${fmt(p.p99 ?? 0, 0)} ms, worst ${fmt(p.max ?? 0, 0)} ms` +
        (m.censored > 0 ? `, ${m.censored} over 10 s` : '');
  return {
    benchmark: `Raft §9.3 election after leader crash, ${min}-${max} ms timeouts, 5 nodes, 15 ms broadcast (${trials} trials, virtual time)`,
    ours,
    ...(paper ? { peer: `paper (Figure 16): ${paper}` } : {}),
  };
}

/** What the Raft paper reports in §9.3 for the same timeouts. */
const PAPER_FIGURE_16: Record<string, string> = {
  '150-150': 'longer than 10 s',
  '150-155': 'median 287 ms',
  '150-200': 'worst 513 ms of 1000',
};

export function simBenchmarks(): BenchRow[] {
  kernelEventsPerSecond(); // warm-up
  const kernel = Array.from({ length: 3 }, () => kernelEventsPerSecond());
  const kernelMs = median(kernel.map((k) => k.ms));
  const events = kernel[0]?.events ?? 0;
  const queueMs = median(Array.from({ length: 3 }, () => bareQueue(events)));
  const perSecond = events / (kernelMs / 1000);
  raftRunMs(99); // warm-up
  const runs = [1, 2, 3].map(raftRunMs);
  const raftMs = median(runs.map((r) => r.ms));
  return [
    {
      benchmark: `simulation kernel, 5 nodes pinging (${(events / 1e6).toFixed(1)} M events: delivery, ticks, network draws)`,
      ours: `${fmt(perSecond / 1e6)} M events/s`,
      peer: `bare event queue push+pop: ${fmt(events / (queueMs / 1000) / 1e6)} M events/s`,
      ratio: `${fmt(kernelMs / queueMs)}x the bare queue's time`,
      goal: '>= 1 M events/s',
      met: perSecond >= 1e6,
    },
    {
      benchmark: `Raft, 5 nodes, 60 s simulated, 1000 writes/s, random crashes and partitions (median of 3 seeds, ~${Math.round((runs[0]?.events ?? 0) / 1000)} k events, safety checked on every event)`,
      ours: `${fmt(raftMs, 0)} ms`,
      goal: '< 1000 ms',
      met: raftMs < 1000 && runs.every((r) => r.safe),
    },
    {
      benchmark: `linearizability check of that run's client history (kv model, ${Math.round((runs[0]?.ops ?? 0) / 1000)} k ops over 10 keys; median of 3)`,
      ours: `${fmt(median(runs.map((r) => r.checkMs)), 0)} ms, verdict ${runs.map((r) => r.verdict).join(' / ')}`,
    },
    electionRow(150, 150, 100),
    electionRow(150, 155, 200),
    electionRow(150, 200, 200),
    electionRow(150, 300, 200),
  ];
}
