import { describe, expect, it } from 'vitest';
import { raftProtocol } from '../../../src/engine/protocols/raft/index.js';
import { DEFAULT_RAFT_OPTIONS } from '../../../src/engine/protocols/raft/types.js';
import { simulationConfig } from '../../../src/engine/sim/defaults.js';
import type { HistoryOp } from '../../../src/engine/sim/history.js';
import { simulationResult, type SimulationResult } from '../../../src/engine/sim/result.js';
import { Simulation } from '../../../src/engine/sim/simulation.js';
import { isEngineError } from '../../../src/engine/errors.js';

type Overrides = Parameters<typeof simulationConfig>[2];

function run(overrides: Overrides): SimulationResult {
  const sim = new Simulation(simulationConfig(raftProtocol, DEFAULT_RAFT_OPTIONS, overrides));
  sim.advance(Number.MAX_SAFE_INTEGER);
  return simulationResult(sim, 100);
}

describe('Simulation kernel', () => {
  it('should record a well-formed Jepsen history: one completion per invoke, one open op per process', () => {
    const r = run({
      durationMs: 5000,
      clients: { writesPerSecond: 300, readsPerSecond: 300 },
      randomFaults: { crashRatePerMinute: 10, partitionProbability: 0.3, mttrMs: 800 },
    });
    const open = new Map<number, HistoryOp>();
    let completions = 0;
    for (const op of r.history) {
      if (op.type === 'invoke') {
        expect(open.has(op.process), `process ${op.process} invoked twice`).toBe(false);
        open.set(op.process, op);
      } else {
        const inv = open.get(op.process);
        expect(inv).toMatchObject({ f: op.f, key: op.key });
        open.delete(op.process);
        completions++;
      }
    }
    expect(open.size).toBe(0);
    expect(completions).toBe(r.clients.invoked);
    expect(r.clients.ok + r.clients.failed + r.clients.indeterminate).toBe(r.clients.invoked);
    expect(r.clients.retriedOps).toBeGreaterThan(0);
  });

  it('should drop every message across a partition and count the partition events', () => {
    const r = run({ durationMs: 3000, faults: [{ atMs: 1000, action: 'partition', nodes: [0, 1], durationMs: 1000 }] });
    expect(r.messages.cut).toBeGreaterThan(0);
    expect(r.metrics.partition_events_total).toEqual({ detected: 1, healed: 1 });
    expect(r.traceCounts.partition_detected).toBe(1);
    const detected = r.trace.find((t) => t.event === 'partition_detected');
    expect(detected).toMatchObject({ level: 'WARN', context: { isolated_nodes: ['node-1', 'node-2'] } });
  });

  it('should lose and duplicate messages at the configured rates, and Raft should still be safe', () => {
    const r = run({ durationMs: 3000, network: { lossProbability: 0.1, duplicateProbability: 0.1 } });
    const rate = (n: number): number => n / r.messages.sent;
    expect(rate(r.messages.lost)).toBeGreaterThan(0.07);
    expect(rate(r.messages.lost)).toBeLessThan(0.13);
    expect(rate(r.messages.duplicated)).toBeGreaterThan(0.06);
    expect(r.invariants.every((i) => i.held)).toBe(true);
  });

  it('should slow commits by the disk latency (persist before sending, Figure 2)', () => {
    const fast = run({ durationMs: 3000 });
    const slow = run({ durationMs: 3000, diskLatencyMs: 10 });
    expect((slow.clients.writeLatencyMs.p50 ?? 0) - (fast.clients.writeLatencyMs.p50 ?? 0)).toBeGreaterThan(9);
  });

  it('should add the slow link delay to every message crossing it', () => {
    const r = run({
      durationMs: 3000,
      faults: [{ atMs: 0, action: 'slow_link', nodes: [0, 1, 2, 3, 4], targets: [0, 1, 2, 3, 4], latencyMs: 40 }],
    });
    expect(r.clients.writeLatencyMs.p50).toBeGreaterThan(80);
  });

  it('should report the time without a leader able to commit, including the first election', () => {
    const r = run({ durationMs: 4000, faults: [{ atMs: 1000, action: 'crash_leader', nodes: [], durationMs: 5000 }] });
    expect(r.outages.length).toBe(2);
    expect(r.unavailableMs).toBeGreaterThan(100);
    expect(r.unavailableMs).toBeCloseTo(
      r.outages.reduce((s, o) => s + o.toMs - o.fromMs, 0),
      6,
    );
  });

  it('should stop at the event bound and say so', () => {
    const r = run({ durationMs: 10_000, maxEvents: 500 });
    expect(r.boundHit).toBe('max_events');
    expect(r.eventsProcessed).toBe(500);
    expect(r.virtualTimeMs).toBeLessThan(10_000);
  });

  it('should stop invoking at the operation cap and say so', () => {
    const r = run({ durationMs: 3000, clients: { writesPerSecond: 500, maxOps: 50 } });
    expect(r.clientOpsCapped).toBe(true);
    expect(r.clients.invoked).toBe(50);
  });

  it('should reject a fault naming a node that does not exist, naming the field', () => {
    try {
      run({ nodes: 3, faults: [{ atMs: 10, action: 'crash', nodes: [3] }] });
      expect.unreachable();
    } catch (error) {
      expect(isEngineError(error) && error.issues[0]?.path).toBe('faults.0.nodes');
    }
  });

  it('should serve stale reads with any_local and leader_local reads, never with read_index or log reads (thesis §6.4)', () => {
    const faults = [{ atMs: 500, action: 'isolate_leader' as const, nodes: [], durationMs: 2000 }];
    const base = { durationMs: 3000, faults, clients: { writesPerSecond: 100, readsPerSecond: 300, keys: 1 } };
    const local = run({ ...base, clients: { ...base.clients, readMode: 'any_local' } });
    const leaderLocal = run({ ...base, clients: { ...base.clients, readMode: 'leader_local' } });
    const readIndex = run({ ...base, clients: { ...base.clients, readMode: 'read_index' } });
    const log = run({ ...base, clients: { ...base.clients, readMode: 'log' } });
    expect(staleReads(local.history)).toBeGreaterThan(0);
    // The cut-off leader still believes it leads and answers from its own, frozen state.
    expect(staleReads(leaderLocal.history)).toBeGreaterThan(0);
    expect(staleReads(readIndex.history)).toBe(0);
    expect(staleReads(log.history)).toBe(0);
    expect(readIndex.clients.ok).toBeGreaterThan(500);
    expect(log.clients.ok).toBeGreaterThan(500);
  });
});

/**
 * Reads that returned a value already overwritten before the read began: the write of the value read was followed
 * by another write that was invoked after it completed and itself completed before the read was invoked. (A plain
 * witness of staleness for a single key with unique values, not a linearizability checker.)
 */
function staleReads(history: readonly HistoryOp[]): number {
  const invokedAt = new Map<number, number>();
  const writes: { value: number; invokedMs: number; okMs: number }[] = [];
  const reads: { value: number | null; invokedMs: number }[] = [];
  for (const op of history) {
    if (op.type === 'invoke') invokedAt.set(op.process, op.time);
    else if (op.type === 'ok' && op.f === 'put')
      writes.push({ value: op.value as number, invokedMs: invokedAt.get(op.process) ?? 0, okMs: op.time });
    else if (op.type === 'ok' && op.f === 'get')
      reads.push({ value: op.value, invokedMs: invokedAt.get(op.process) ?? 0 });
  }
  const byValue = new Map(writes.map((w) => [w.value, w]));
  return reads.filter((r) => {
    const w = r.value === null ? undefined : byValue.get(r.value);
    if (!w) return false;
    return writes.some((w2) => w2.invokedMs > w.okMs && w2.okMs < r.invokedMs);
  }).length;
}
