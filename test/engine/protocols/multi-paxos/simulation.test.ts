/**
 * Multi-Paxos on the simulation kernel: a stable leader, leader change, Flexible-Paxos quorums, and the planted bugs
 * the safety monitor must catch. References: Lamport, "Paxos Made Simple" (2001); Howard, Malkhi & Spiegelman,
 * "Flexible Paxos" (2016).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../src/engine/errors.js';
import { checkHistory } from '../../../../src/engine/history/index.js';
import { multiPaxosProtocol, validatePaxosOptions } from '../../../../src/engine/protocols/multi-paxos/index.js';
import type { PaxosStorage } from '../../../../src/engine/protocols/multi-paxos/storage.js';
import {
  DEFAULT_PAXOS_OPTIONS,
  type PaxosBugs,
  type PaxosOptions,
} from '../../../../src/engine/protocols/multi-paxos/types.js';
import { simulationConfig } from '../../../../src/engine/sim/defaults.js';
import { simulationResult } from '../../../../src/engine/sim/result.js';
import { Simulation } from '../../../../src/engine/sim/simulation.js';
import { leaderNemesis } from '../../../../src/engine/sim/nemesis.js';

describe('Multi-Paxos on the simulator', () => {
  it('should give the same result for the same seed, and a different one for another seed', () => {
    const a = JSON.stringify(run(5, bugConfig(42)));
    expect(JSON.stringify(run(5, bugConfig(42)))).toBe(a);
    expect(JSON.stringify(run(5, bugConfig(43)))).not.toBe(a);
  });

  it('should run phase 1 once for many slots under a stable leader (Paxos Made Simple §3)', () => {
    const r = run(5, { durationMs: 10_000, clients: { writesPerSecond: 200 } });
    expect(r.leadersTotal).toBe(1);
    expect(r.messages.byType['Prepare']).toBe(4); // one Prepare to each other node, for every slot at once
    expect(r.clients.ok).toBeGreaterThan(1800);
    expect(r.finalState.every((s) => s.commitIndex > 1800)).toBe(true);
    expect(r.invariants.every((i) => i.held)).toBe(true);
  });

  it('should elect a new leader with a higher ballot after the leader crashes, and keep every chosen value', () => {
    const sim = simulate(5, {
      durationMs: 5000,
      clients: { writesPerSecond: 200, readsPerSecond: 50 },
      faults: [{ atMs: 2000, action: 'crash_leader', nodes: [], durationMs: 1000 }],
    });
    sim.advance(Number.MAX_SAFE_INTEGER);
    const r = simulationResult(sim, 0);
    const [first, second] = r.leaders;
    expect(second?.node).not.toBe(first?.node);
    expect(second?.term).toBeGreaterThan(first?.term as number);
    expect((second?.atMs as number) - 2000).toBeLessThan(400); // one election timeout plus a phase-1 round trip
    // The restarted old leader caught up: every learner holds the same chosen prefix.
    const storages = sim.replicas.map((rep) => rep.storage as PaxosStorage);
    const upTo = Math.min(...storages.map((s) => s.chosenUpTo));
    expect(upTo).toBeGreaterThan(800);
    for (const s of storages) expect(s.chosenAt(upTo)?.id).toBe(storages[0]?.chosenAt(upTo)?.id);
    expect(r.invariants.every((i) => i.held)).toBe(true);
    expect(checkHistory(r.history, { model: 'kv' }).verdict).toBe('linearizable');
  });

  it('should never choose two values for one slot under random crashes, partitions and loss', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(3, 5), (seed, nodes) => {
        const r = run(nodes, {
          seed,
          durationMs: 5000,
          randomFaults: { crashRatePerMinute: 6, partitionProbability: 0.3, mttrMs: 1000 },
          faults: leaderNemesis(seed, nodes, 5000),
          clients: { writesPerSecond: 100, readsPerSecond: 20 },
        });
        expect(r.invariants.filter((i) => !i.held)).toEqual([]);
        expect(checkHistory(r.history, { model: 'kv' }).verdict).not.toBe('not_linearizable');
      }),
      { numRuns: 10 },
    );
  });

  it('should let a cut-off leader choose nothing while the majority side elects and continues', () => {
    const r = run(5, {
      durationMs: 4000,
      clients: { writesPerSecond: 200 },
      faults: [{ atMs: 1000, action: 'isolate_leader', nodes: [] }],
    });
    const old = r.leaders[0]?.node as number;
    expect(r.leaders.some((l) => l.atMs > 1000 && l.node !== old)).toBe(true);
    expect(r.finalState[old]?.commitIndex).toBeLessThan(Math.max(...r.finalState.map((s) => s.commitIndex)));
    expect(r.invariants.every((i) => i.held)).toBe(true);
  });
});

describe('Flexible Paxos quorums (Howard et al. 2016)', () => {
  it('should refuse |Q1| + |Q2| <= N and name the field and the fix', () => {
    const issues = validatePaxosOptions({ ...DEFAULT_PAXOS_OPTIONS, phase1Quorum: 2, phase2Quorum: 2 }, 5);
    expect(issues[0]?.path).toBe('phase1_quorum');
    expect(issues[0]?.message).toContain('phase1_quorum >= 4');
    expect(() => simulate(5, {}, { phase1Quorum: 2, phase2Quorum: 2 })).toThrow(/Q1/);
    try {
      simulate(5, {}, { phase1Quorum: 2, phase2Quorum: 2 });
    } catch (e) {
      expect(isEngineError(e)).toBe(true);
    }
  });

  it('should commit on |Q2| = 2 of 5 with |Q1| = 4, faster than a majority and as safely', () => {
    const lat = { network: { latency: { distribution: 'uniform' as const, meanMs: 10, jitterMs: 8 } } };
    const flex = run(5, { ...lat, durationMs: 5000 }, { phase1Quorum: 4, phase2Quorum: 2 });
    const majority = run(5, { ...lat, durationMs: 5000 });
    expect(flex.clients.writeLatencyMs.p50 as number).toBeLessThan(majority.clients.writeLatencyMs.p50 as number);
    expect(flex.invariants.every((i) => i.held)).toBe(true);
  });

  it('should show two values chosen for one slot when |Q1| + |Q2| <= N is run on request', () => {
    const caught = firstCatch({ phase1Quorum: 2, phase2Quorum: 2, allowUnsafeQuorums: true });
    expect(caught?.names).toContain('single_value_chosen');
  });
});

describe('planted bugs (test-only switches), each caught within 100 seeds with faults', () => {
  it.each<keyof PaxosBugs>(['forgetPromise', 'ignorePromisedValues'])('should catch %s', (bug) => {
    const caught = firstCatch({ __bugs: { [bug]: true } });
    expect(caught, `${bug} not caught in 100 seeds`).toBeDefined();
    expect(caught?.names).toContain('single_value_chosen');
  });

  it('should find no violation on the same seeds without the bugs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      expect(run(5, bugConfig(seed)).invariants.filter((i) => !i.held)).toEqual([]);
    }
  });
});

// Helpers

type Overrides = Parameters<typeof simulationConfig>[2];

/** A WAN-like network: log-normal delays around 10 ms and 1% loss. */
const SLOW_NET = { latency: { distribution: 'lognormal' as const, meanMs: 10, jitterMs: 8 }, lossProbability: 0.01 };

function simulate(nodes: number, overrides: Overrides, options: Partial<PaxosOptions> = {}): Simulation {
  const config = simulationConfig(
    multiPaxosProtocol,
    { ...DEFAULT_PAXOS_OPTIONS, ...options },
    { nodes, ...overrides },
  );
  return new Simulation(config);
}

function run(nodes: number, overrides: Overrides, options: Partial<PaxosOptions> = {}) {
  const sim = simulate(nodes, overrides, options);
  sim.advance(Number.MAX_SAFE_INTEGER);
  return simulationResult(sim, 20);
}

function bugConfig(seed: number): Overrides {
  return {
    seed,
    durationMs: 10_000,
    clients: { writesPerSecond: 200 },
    network: SLOW_NET,
    faults: leaderNemesis(seed, 5, 10_000),
  };
}

function firstCatch(options: Partial<PaxosOptions>): { seed: number; names: string[] } | undefined {
  for (let seed = 1; seed <= 100; seed++) {
    const names = run(5, bugConfig(seed), options)
      .invariants.filter((i) => !i.held)
      .map((i) => i.name);
    if (names.length > 0) return { seed, names };
  }
  return undefined;
}
