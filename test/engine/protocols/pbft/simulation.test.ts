/**
 * PBFT on the simulation kernel (Castro & Liskov, "Practical Byzantine Fault Tolerance", OSDI 1999): the normal case,
 * the client's f + 1 rule, view changes with a doubling timeout, checkpoints and state transfer, byzantine replicas
 * up to f (safe) and f + 1 (not), and the planted bugs the monitor must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../../src/engine/history/index.js';
import { pbftProtocol, validatePbftOptions } from '../../../../src/engine/protocols/pbft/index.js';
import type { PbftStorage } from '../../../../src/engine/protocols/pbft/storage.js';
import {
  DEFAULT_PBFT_OPTIONS,
  batchOf,
  type PbftBugs,
  type PbftOptions,
  type PreparedProof,
  type ViewChangeMessage,
} from '../../../../src/engine/protocols/pbft/types.js';
import { planNewView } from '../../../../src/engine/protocols/pbft/view-change.js';
import type { Command } from '../../../../src/engine/sim/command.js';
import { simulationConfig } from '../../../../src/engine/sim/defaults.js';
import type { FaultSpec } from '../../../../src/engine/sim/faults.js';
import { VIEW_CHANGE_PACE, leaderNemesis } from '../../../../src/engine/sim/nemesis.js';
import { simulationResult } from '../../../../src/engine/sim/result.js';
import { Simulation } from '../../../../src/engine/sim/simulation.js';

describe('PBFT on the simulator', () => {
  it('should give the same result for the same seed, and a different one for another seed', () => {
    const a = JSON.stringify(run(4, bugConfig(42, LIAR)));
    expect(JSON.stringify(run(4, bugConfig(42, LIAR)))).toBe(a);
    expect(JSON.stringify(run(4, bugConfig(43, LIAR)))).not.toBe(a);
  });

  it.each([4, 7])(
    'should send n - 1 pre-prepares, (n - 1)^2 prepares and n(n - 1) commits per request with n = %i (§4.2)',
    (nodes) => {
      // One request per batch, and the load stops early so nothing is in flight when the run ends.
      const clients = { writesPerSecond: 50, maxOps: 200 };
      const r = run(nodes, { durationMs: 6000, clients }, { batchSize: 1 });
      const seqs = r.finalState[0]?.commitIndex as number;
      expect(seqs).toBe(200);
      expect(r.clients.ok).toBe(seqs);
      expect(r.messages.byType['PrePrepare']).toBe((nodes - 1) * seqs);
      expect(r.messages.byType['Prepare']).toBe((nodes - 1) ** 2 * seqs);
      expect(r.messages.byType['Commit']).toBe(nodes * (nodes - 1) * seqs);
      expect(r.invariants.every((i) => i.held)).toBe(true);
    },
  );

  it('should batch requests under load: fewer sequence numbers than requests (§5.1)', () => {
    const network = { latency: { distribution: 'normal' as const, meanMs: 5, jitterMs: 1 } };
    const sim = simulate(4, { durationMs: 3000, network, clients: { writesPerSecond: 2000, concurrency: 500 } });
    sim.advance(Number.MAX_SAFE_INTEGER);
    const s = sim.replicas[0]?.storage as PbftStorage;
    expect(s.executedCommands.length).toBeGreaterThan(5000);
    expect(s.lastExecuted).toBeLessThan(s.executedCommands.length / 4);
  });

  it('should let clients ignore f wrong replies but not f + 1 (§4.1: f + 1 matching replies)', () => {
    const wrong = (nodes: number[]): FaultSpec[] => [{ atMs: 500, action: 'byzantine_wrong_replies', nodes }];
    const workload = { durationMs: 3000, clients: { writesPerSecond: 100, readsPerSecond: 100, keys: 3 } };
    const f = run(4, { ...workload, faults: wrong([3]) });
    const fPlusOne = run(4, { ...workload, faults: wrong([2, 3]) });
    expect(checkHistory(f.history, { model: 'kv' }).verdict).toBe('linearizable');
    expect(checkHistory(fPlusOne.history, { model: 'kv' }).verdict).toBe('not_linearizable');
  });

  it('should replace a silent primary through a view change after the timeout (§4.4)', () => {
    const r = run(4, { durationMs: 5000, faults: [{ atMs: 2000, action: 'byzantine_silent', nodes: [] }] });
    expect(r.leaders.map((l) => [l.term, l.node])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const failover = (r.leaders[1]?.atMs as number) - 2000;
    expect(failover).toBeGreaterThan(DEFAULT_PBFT_OPTIONS.viewChangeTimeoutMs);
    expect(failover).toBeLessThan(DEFAULT_PBFT_OPTIONS.viewChangeTimeoutMs + 100);
    expect(r.invariants.every((i) => i.held)).toBe(true);
    expect(checkHistory(r.history, { model: 'kv' }).verdict).toBe('linearizable');
  });

  it('should double the view-change timeout when the next primary is down too (§4.5.2)', () => {
    const T = DEFAULT_PBFT_OPTIONS.viewChangeTimeoutMs;
    const r = run(7, { durationMs: 6000, faults: [{ atMs: 2000, action: 'crash', nodes: [0, 1] }] });
    const next = r.leaders.find((l) => l.atMs > 2000);
    expect(next?.term).toBe(2); // view 1's primary is down: its view change times out and view 2 follows
    // T for the first view change, then 2T waiting for view 1's NEW-VIEW before moving on.
    expect((next?.atMs as number) - 2000).toBeGreaterThan(3 * T);
    expect((next?.atMs as number) - 2000).toBeLessThan(3 * T + 150);
  });

  it('should take stable checkpoints, discard the log below them, and bring a cut-off replica back by state transfer (§4.3)', () => {
    const sim = simulate(4, {
      durationMs: 8000,
      clients: { writesPerSecond: 200, maxOps: 1200 },
      faults: [{ atMs: 1000, action: 'partition', nodes: [3], durationMs: 4000 }],
    });
    sim.advance(Number.MAX_SAFE_INTEGER);
    const r = simulationResult(sim, 0);
    const storages = sim.replicas.map((rep) => rep.storage as PbftStorage);
    for (const s of storages) {
      expect(s.stableSeq).toBeGreaterThan(0);
      expect(Math.min(...s.slots.keys())).toBeGreaterThan(s.stableSeq);
    }
    expect(r.messages.byType['Transfer']).toBeGreaterThan(0);
    // The cut-off replica timed out alone and sits in a view change nobody joins (PBFT never steps back to a lower
    // view), yet state transfer brought it up to the last stable checkpoint.
    const cutOff = storages[3] as PbftStorage;
    expect(cutOff.viewChanging).toBe(true);
    expect(cutOff.lastExecuted).toBe(storages[0]?.stableSeq);
    expect(cutOff.lastExecuted).toBeGreaterThan(1000);
    expect(r.invariants.every((i) => i.held)).toBe(true);
  });

  it('should stay safe with an equivocating primary when it is the only byzantine replica (f = 1)', () => {
    const r = run(4, { durationMs: 5000, faults: [{ atMs: 1000, action: 'byzantine_equivocate', nodes: [0] }] });
    expect(r.invariants.every((i) => i.held)).toBe(true);
    expect(checkHistory(r.history, { model: 'kv' }).verdict).toBe('linearizable');
    expect(r.clients.ok).toBeGreaterThan(400);
  });

  it('should show two honest replicas committing different requests with f + 1 colluding replicas (why 3f + 1)', () => {
    const r = run(4, { durationMs: 5000, faults: [{ atMs: 1000, action: 'byzantine_equivocate', nodes: [0, 1] }] });
    const broken = r.invariants.filter((i) => !i.held).map((i) => i.name);
    expect(broken).toEqual(expect.arrayContaining(['prepared_agreement', 'committed_agreement']));
  });

  it('should always keep honest replicas in agreement with up to f byzantine replicas under faults', () => {
    const behaviours = ['byzantine_silent', 'byzantine_equivocate', 'byzantine_wrong_replies'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom(4, 7),
        fc.constantFrom(...behaviours),
        (seed, nodes, action) => {
          const f = Math.floor((nodes - 1) / 3);
          const byzantine: FaultSpec[] = [
            { atMs: 0, action, nodes: Array.from({ length: f }, (_, i) => nodes - 1 - i) },
          ];
          const r = run(nodes, bugConfig(seed, byzantine, nodes, 5000));
          expect(r.invariants.filter((i) => !i.held)).toEqual([]);
          expect(checkHistory(r.history, { model: 'kv' }).verdict).not.toBe('not_linearizable');
        },
      ),
      { numRuns: 8 },
    );
  });

  it('should refuse fewer than 4 replicas, naming 3f + 1', () => {
    expect(validatePbftOptions(DEFAULT_PBFT_OPTIONS, 3)[0]?.message).toContain('3f + 1');
    expect(() => simulate(3, {})).toThrow(/3f \+ 1/);
  });
});

describe('planNewView (§4.4: O from V)', () => {
  it('should re-issue the request prepared in the highest view, a null request in gaps, from the latest checkpoint', () => {
    const a = batchOf([command(1)]);
    const b = batchOf([command(2)]);
    const c = batchOf([command(3)]);
    const vc = (from: number, stableSeq: number, prepared: PreparedProof[]): ViewChangeMessage => ({
      type: 'ViewChange',
      from,
      to: 0,
      view: 3,
      stableSeq,
      stableDigest: stableSeq * 7,
      prepared,
    });
    const plan = planNewView(
      [
        vc(0, 10, [{ seq: 12, view: 1, batch: a }]),
        vc(1, 12, [{ seq: 13, view: 1, batch: b }]),
        vc(2, 10, [
          { seq: 13, view: 2, batch: c },
          { seq: 15, view: 2, batch: a },
        ]),
      ],
      false,
      128,
    );
    expect(plan.minS).toBe(12); // the latest stable checkpoint; sequence number 12 is below it
    expect(plan.minDigest).toBe(84);
    expect(plan.prePrepares.map((p) => [p.seq, p.batch.digest])).toEqual([
      [13, c.digest], // view 2 beats view 1
      [14, batchOf([]).digest], // nobody prepared 14: a null request
      [15, a.digest],
    ]);
  });
});

describe('planted bugs (test-only switches), each caught within 100 seeds with faults', () => {
  it.each<[keyof PbftBugs, FaultSpec[]]>([
    // Committing on 2f commits is only unsafe when one of them lies later: a colluding backup does.
    ['commitAtTwoF', LIAR],
    ['newViewIgnoresPrepared', []],
  ])('should catch %s', (bug, byzantine) => {
    let caught: string[] = [];
    for (let seed = 1; seed <= 100 && caught.length === 0; seed++) {
      caught = run(4, bugConfig(seed, byzantine), { __bugs: { [bug]: true } })
        .invariants.filter((i) => !i.held)
        .map((i) => i.name);
    }
    expect(caught).toContain('committed_agreement');
  });

  it('should find no violation on the same seeds without the bugs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      expect(run(4, bugConfig(seed, LIAR)).invariants.filter((i) => !i.held)).toEqual([]);
    }
  });
});

// Helpers

function command(id: number): Command {
  return { id, op: 'put', key: 'k', value: id, idempotencyKey: `req-${id}:put`, dedupKey: id * 4 + 1, sentAtMs: 0 };
}

/** Node 4 colludes from the start: it helps one replica commit, tells the others nothing and lies in view changes. */
const LIAR: FaultSpec[] = [{ atMs: 0, action: 'byzantine_equivocate', nodes: [3] }];

type Overrides = Parameters<typeof simulationConfig>[2];

function simulate(nodes: number, overrides: NonNullable<Overrides>, options: Partial<PbftOptions> = {}): Simulation {
  const f = Math.floor((nodes - 1) / 3);
  const { clients, ...rest } = overrides;
  const config = simulationConfig(
    pbftProtocol,
    { ...DEFAULT_PBFT_OPTIONS, ...options },
    { nodes, ...rest, clients: { replyQuorum: f + 1, readMode: 'log', ...clients } },
  );
  return new Simulation(config);
}

function run(nodes: number, overrides: NonNullable<Overrides>, options: Partial<PbftOptions> = {}) {
  const sim = simulate(nodes, overrides, options);
  sim.advance(Number.MAX_SAFE_INTEGER);
  return simulationResult(sim, 20);
}

function bugConfig(seed: number, byzantine: FaultSpec[], nodes = 4, durationMs = 10_000): NonNullable<Overrides> {
  return {
    seed,
    durationMs,
    clients: { writesPerSecond: 200 },
    network: { latency: { distribution: 'lognormal', meanMs: 10, jitterMs: 8 }, lossProbability: 0.01 },
    faults: [...byzantine, ...leaderNemesis(seed, nodes, durationMs, VIEW_CHANGE_PACE)],
  };
}
