import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arcShares } from '../../../src/engine/partitioning/continuum.js';
import { createPartitioner, type PartitionerSpec } from '../../../src/engine/partitioning/create.js';
import type { RingNode } from '../../../src/engine/partitioning/nodes.js';
import type { HashAlgorithm, Partitioner } from '../../../src/engine/partitioning/partitioner.js';
import { planHashPlacement } from '../../../src/engine/partitioning/placement.js';
import { sampleKey } from '../../../src/engine/partitioning/sample.js';

const KEYS = Array.from({ length: 400 }, (_, i) => sampleKey(99, i));
const ids = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/), { minLength: 2, maxLength: 16 });
const build = (algorithm: HashAlgorithm, nodes: RingNode[], extra: Partial<PartitionerSpec> = {}): Partitioner =>
  createPartitioner({ algorithm, nodes, virtualNodes: 40, ...extra });

/** Keys whose owner changed in a way the change did not require: not onto an added node, not off a removed one. */
function strayMoves(before: Partitioner, after: Partitioner, added: Set<string>, removed: Set<string>): string[] {
  return KEYS.filter((key) => {
    const from = before.nodes[before.lookup(key)]?.id ?? '';
    const to = after.nodes[after.lookup(key)]?.id ?? '';
    return from !== to && !added.has(to) && !removed.has(from);
  });
}

const minimal: HashAlgorithm[] = ['ring', 'ketama', 'rendezvous', 'jump'];

/** hashring computes floor(w / total * 40 * n) in doubles: 39, not 40, digests per server when n is 7, 14, 28... */
const ketamaKeepsCounts = (before: number, after: number): boolean =>
  [before, after].every((n) => Math.floor((1 / n) * 40 * n) === 40);

describe('minimal disruption (Karger et al. 1997 §4 monotonicity; Lamping & Veach §2; Thaler & Ravishankar 1998)', () => {
  for (const algorithm of minimal) {
    it(`${algorithm}: should always move keys only onto a node that joins`, () => {
      fc.assert(
        fc.property(ids, (names) => {
          const nodes = names.slice(1).map((id) => ({ id, weight: 1 }));
          fc.pre(algorithm !== 'ketama' || ketamaKeepsCounts(nodes.length, names.length));
          const joined = [...nodes, { id: names[0] ?? '', weight: 1 }];
          const stray = strayMoves(
            build(algorithm, nodes),
            build(algorithm, joined),
            new Set([names[0] ?? '']),
            new Set(),
          );
          expect(stray).toEqual([]);
        }),
        { numRuns: 40 },
      );
    });

    it(`${algorithm}: should always move only the keys of a node that leaves`, () => {
      fc.assert(
        fc.property(ids, fc.nat(), (names, pick) => {
          const nodes = names.map((id) => ({ id, weight: 1 }));
          fc.pre(algorithm !== 'ketama' || ketamaKeepsCounts(nodes.length, nodes.length - 1));
          // Jump numbers its buckets, so only the last one can leave without renumbering the rest.
          const gone = algorithm === 'jump' ? nodes.length - 1 : pick % nodes.length;
          const left = nodes.filter((_, i) => i !== gone);
          const removed = new Set([nodes[gone]?.id ?? '']);
          expect(strayMoves(build(algorithm, nodes), build(algorithm, left), new Set(), removed)).toEqual([]);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('ring: should move exactly the hash-space share the joining node gets, and nothing between old nodes', () => {
    fc.assert(
      fc.property(ids, fc.double({ min: 0.1, max: 5, noNaN: true }), (names, weight) => {
        const nodes = names.slice(1).map((id, i) => ({ id, weight: 1 + (i % 3) }));
        const job = planHashPlacement({
          algorithm: 'ring',
          nodes,
          virtualNodes: 40,
          change: { add: [{ id: names[0] ?? '', weight }] },
          sampleKeys: 200,
        });
        while (!job.advance(1000));
        const m = job.result().movement;
        const after = build('ring', [...nodes, { id: names[0] ?? '', weight }]);
        const joinedShare =
          after.exact?.kind === 'continuum' ? (arcShares(after.exact.continuum)[nodes.length] ?? 0) : NaN;
        expect(m?.churnFraction).toBe(0);
        expect(m?.moves.every((x) => x.to === names[0])).toBe(true);
        expect(m?.movedFraction).toBeCloseTo(joinedShare, 9);
      }),
      { numRuns: 30 },
    );
  });

  it('ring: a planted membership-dependent vnode label is caught as churn and stray moves', () => {
    // Planted bug: vnode names that include the node count re-place every point when a node joins.
    const label = (id: string, i: number, count: number): string => `${id}#${i}#${count}`;
    const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, weight: 1 }));
    const job = planHashPlacement({
      algorithm: 'ring',
      nodes,
      __vnodeLabel: label,
      change: { add: [{ id: 'e', weight: 1 }] },
      sampleKeys: 2000,
    });
    while (!job.advance(1000));
    const m = job.result().movement;
    expect(m?.churnFraction).toBeGreaterThan(0.3);
    expect(m?.movedFraction).toBeGreaterThan(2 * (m?.idealFraction ?? 1));
    const buggy = (list: RingNode[]): Partitioner => build('ring', list, { __vnodeLabel: label });
    expect(
      strayMoves(buggy(nodes), buggy([...nodes, { id: 'e', weight: 1 }]), new Set(['e']), new Set()).length,
    ).toBeGreaterThan(50);
  });

  it('ketama: growing from 6 to 7 equal servers drops every server to 39 digests, which the analysis shows as churn', () => {
    const nodes = ['s1', 's2', 's3', 's4', 's5', 's6'].map((id) => ({ id, weight: 1 }));
    const job = planHashPlacement({
      algorithm: 'ketama',
      nodes,
      change: { add: [{ id: 's7', weight: 1 }] },
      sampleKeys: 100,
    });
    while (!job.advance(1000));
    const m = job.result().movement;
    expect(m?.churnFraction).toBeGreaterThan(0);
    expect(m?.moves.some((x) => x.to !== 's7')).toBe(true);
  });

  it('ketama: with unequal weights a join rescales every server (libketama weights are relative to the mean)', () => {
    const nodes = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 3 },
      { id: 'c', weight: 2 },
    ];
    const job = planHashPlacement({
      algorithm: 'ketama',
      nodes,
      change: { add: [{ id: 'd', weight: 5 }] },
      sampleKeys: 100,
    });
    while (!job.advance(1000));
    expect(job.result().movement?.churnFraction).toBeGreaterThan(0);
  });
});

// Model-based: membership commands against a plain list of ids, checking after each that only the keys the
// command must move did move, and that the ring's exact movement agrees with the keys it samples.
interface Model {
  nodes: string[];
}
interface Real {
  ring: Partitioner;
}
const rebuild = (nodes: string[]): Partitioner =>
  build(
    'ring',
    nodes.map((id) => ({ id, weight: 1 })),
  );

class AddNode implements fc.Command<Model, Real> {
  constructor(readonly id: string) {}
  check = (m: Readonly<Model>): boolean => !m.nodes.includes(this.id) && m.nodes.length < 12;
  run(m: Model, r: Real): void {
    const next = rebuild([...m.nodes, this.id]);
    expect(strayMoves(r.ring, next, new Set([this.id]), new Set())).toEqual([]);
    m.nodes.push(this.id);
    r.ring = next;
  }
  toString = (): string => `add(${this.id})`;
}

class RemoveNode implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>): boolean => m.nodes.length > 1;
  run(m: Model, r: Real): void {
    const id = m.nodes[this.pick % m.nodes.length] ?? '';
    const next = rebuild(m.nodes.filter((n) => n !== id));
    expect(strayMoves(r.ring, next, new Set(), new Set([id]))).toEqual([]);
    m.nodes = m.nodes.filter((n) => n !== id);
    r.ring = next;
    expect(new Set(KEYS.map((k) => r.ring.nodes[r.ring.lookup(k)]?.id)).has(id)).toBe(false);
  }
  toString = (): string => `remove(#${this.pick})`;
}

describe('ring membership (model-based, fc.commands)', () => {
  it('should keep every key on a live node and move only what each add or remove requires', () => {
    const commands = fc.commands(
      [fc.stringMatching(/^n[0-9]{1,2}$/).map((id) => new AddNode(id)), fc.nat().map((p) => new RemoveNode(p))],
      { maxCommands: 12 },
    );
    fc.assert(
      fc.property(commands, (cmds) => {
        const setup = () => ({ model: { nodes: ['seed-a', 'seed-b'] }, real: { ring: rebuild(['seed-a', 'seed-b']) } });
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 25 },
    );
  });
});
