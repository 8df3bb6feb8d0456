import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEngineError } from '../../../src/engine/errors.js';
import { allStrings } from './keys.properties.js';
import { createPartitioner } from '../../../src/engine/partitioning/create.js';
import {
  planDirectory,
  type DirectoryPlan,
  type DirectorySpec,
} from '../../../src/engine/partitioning/directory/plan.js';

const NODES = ['n1', 'n2', 'n3', 'n4'].map((id) => ({ id, weight: 1 }));
const ENTRIES = [
  { prefix: 'tenant:acme:', node: 'n1' },
  { prefix: 'tenant:acme:eu:', node: 'n2' },
  { key: 'tenant:acme:vip', node: 'n4' },
];
const KEYS = ['tenant:acme:1', 'tenant:acme:eu:7', 'tenant:acme:vip', 'tenant:other:1', 'user:9'];

function plan(extra: Partial<DirectorySpec> = {}): DirectoryPlan {
  const job = planDirectory({ nodes: NODES, entries: ENTRIES, keys: KEYS, sampleKeys: 2000, ...extra });
  while (!job.advance(500));
  return job.result();
}

describe('planDirectory: lookups', () => {
  it('should route by exact key, then the longest prefix, then the default placement', () => {
    const ring = createPartitioner({ algorithm: 'ring', nodes: NODES });
    const routes = plan().assignments.map((a) => [a.key, a.node, a.via, a.entry]);
    expect(routes).toEqual([
      ['tenant:acme:1', 'n1', 'prefix', 'tenant:acme:'],
      ['tenant:acme:eu:7', 'n2', 'prefix', 'tenant:acme:eu:'],
      ['tenant:acme:vip', 'n4', 'key', 'tenant:acme:vip'],
      ['tenant:other:1', NODES[ring.lookup('tenant:other:1')]?.id, 'default', undefined],
      ['user:9', NODES[ring.lookup('user:9')]?.id, 'default', undefined],
    ]);
  });

  it('should fall back on the chosen default placement, and list replicas owner first without repeats', () => {
    const jump = createPartitioner({ algorithm: 'jump', nodes: NODES });
    const p = plan({ defaultAlgorithm: 'jump', replicas: 3 });
    expect(p.assignments[4]?.node).toBe(NODES[jump.lookup('user:9')]?.id);
    for (const a of p.assignments) {
      expect(a.replicas[0]).toBe(a.node);
      expect(new Set(a.replicas).size).toBe(3);
    }
    expect(p.hashing).toContain('Lamping & Veach');
  });

  it('should measure the table and report its size in bytes', () => {
    const p = plan();
    expect(p.tableBytes).toBe(
      ['tenant:acme:', 'tenant:acme:eu:', 'tenant:acme:vip'].reduce((s, t) => s + t.length + 2, 0),
    );
    expect(p.entries).toHaveLength(3);
  });
});

describe('planDirectory: moves', () => {
  it('should move a single key and nothing else', () => {
    const p = plan({ moves: [{ key: 'user:9', to: 'n3' }] });
    const moved = p.assignments.filter((a) => a.moved).map((a) => a.key);
    const before = p.assignments.find((a) => a.key === 'user:9')?.node;
    expect(moved).toEqual(before === 'n3' ? [] : ['user:9']);
    expect(p.moves[0]).toMatchObject({ key: 'user:9', from: undefined, to: 'n3' });
    expect(p.unrequestedMoves).toBe(0);
    expect(p.entriesAfter).toHaveLength(4);
  });

  it('should move a prefix without the keys a longer prefix or their own entry keeps', () => {
    const p = plan({ moves: [{ prefix: 'tenant:acme:', to: 'n3' }] });
    expect(p.assignments.filter((a) => a.moved).map((a) => a.key)).toEqual(['tenant:acme:1']);
    expect(p.moves[0]).toMatchObject({ prefix: 'tenant:acme:', from: 'n1', to: 'n3', keysMoved: ['tenant:acme:1'] });
    expect(p.assignments.find((a) => a.key === 'tenant:acme:vip')).toMatchObject({ nodeAfter: 'n4', viaAfter: 'key' });
    expect(p.unrequestedMoves).toBe(0);
  });

  it('should pull every key under a new prefix off the default placement', () => {
    const p = plan({ moves: [{ prefix: 'k', to: 'n2' }] });
    // The seeded sample keys all start with "k": every one not already on n2 moves, and nothing else does.
    const onN2 = p.balance.perNode.find((n) => n.id === 'n2')?.sampledKeys ?? 0;
    expect(p.moves[0]?.sampledKeysMoved).toBe(2000 - onN2);
    expect(p.balanceAfter?.perNode.find((n) => n.id === 'n2')?.sampledKeys).toBe(2000);
    expect(p.unrequestedMoves).toBe(0);
  });

  it('should catch a prefix move that drags the keys pinned under it (planted bug)', () => {
    const moves = [{ prefix: 'tenant:acme:', to: 'n3' }];
    expect(plan({ moves }).unrequestedMoves).toBe(0);
    expect(plan({ moves, __plantedBug: 'prefix_move_drags_pinned_keys' }).unrequestedMoves).toBe(1);
  });

  it('should always move only the keys governed by a moved entry', () => {
    const text = fc.stringMatching(/^[ab]{1,4}$/);
    const node = fc.constantFrom('n1', 'n2', 'n3', 'n4');
    const entry = fc.record({ text, node, isKey: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 12 }),
        fc.array(entry, { minLength: 1, maxLength: 4 }),
        (table, moves) => {
          const unique = <T extends { text: string; isKey: boolean }>(xs: T[]): T[] =>
            xs.filter((x, i) => xs.findIndex((y) => y.text === x.text && y.isKey === x.isKey) === i);
          const toEntry = (e: { text: string; isKey: boolean }) => (e.isKey ? { key: e.text } : { prefix: e.text });
          const keys = allStrings('ab', 5);
          const p = plan({
            entries: unique(table).map((e) => ({ ...toEntry(e), node: e.node })),
            moves: unique(moves).map((e) => ({ ...toEntry(e), to: e.node })),
            keys,
            sampleKeys: 50,
          });
          expect(p.unrequestedMoves).toBe(0);
          const moved = new Set(unique(moves).map((m) => (m.isKey ? `key:${m.text}` : `prefix:${m.text}`)));
          for (const a of p.assignments.filter((x) => x.moved)) {
            const governing = a.viaAfter === 'key' ? `key:${a.key}` : `prefix:${a.entryAfter ?? ''}`;
            expect(moved.has(governing), a.key).toBe(true);
            expect(a.nodeAfter).toBe(
              unique(moves).find((m) => governing === (m.isKey ? `key:${m.text}` : `prefix:${m.text}`))?.node,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('planDirectory: the directory\'s own replication (the seed: "Mitigation: replicated directory")', () => {
  it('should need a majority of copies to update and warn about one copy or an even count', () => {
    expect(plan().replication).toMatchObject({
      replicas: 3,
      updateQuorum: 2,
      updateFailuresTolerated: 1,
      lookupFailuresTolerated: 2,
    });
    const four = plan({ directoryReplicas: 4 }).replication;
    expect(four).toMatchObject({ updateQuorum: 3, updateFailuresTolerated: 1 });
    expect(four.warnings.join(' ')).toMatch(/the same as 3/);
    expect(plan({ directoryReplicas: 1 }).replication.warnings[0]).toMatch(/single point of failure/);
    expect(plan({ directoryReplicas: 5 }).replication).toMatchObject({ updateQuorum: 3, updateFailuresTolerated: 2 });
  });
});

describe('planDirectory: bad input', () => {
  const cases: [string, Partial<DirectorySpec>, string][] = [
    [
      'an entry for an unknown node',
      {
        entries: [
          { key: 'a', node: 'n1' },
          { prefix: 'b', node: 'n9' },
        ],
      },
      'directory.1.node',
    ],
    ['an entry with both key and prefix', { entries: [{ key: 'a', prefix: 'a', node: 'n1' }] }, 'directory.0'],
    [
      'an entry listed twice',
      {
        entries: [
          { prefix: 'a', node: 'n1' },
          { prefix: 'a', node: 'n2' },
        ],
      },
      'directory.1',
    ],
    ['a move to an unknown node', { moves: [{ key: 'a', to: 'nx' }] }, 'move_keys.0.to'],
    ['a move with neither key nor prefix', { moves: [{ to: 'n1' }] }, 'move_keys.0'],
    [
      'the same entry moved twice',
      {
        moves: [
          { key: 'a', to: 'n1' },
          { key: 'a', to: 'n2' },
        ],
      },
      'move_keys.1',
    ],
    ['too many directory copies', { directoryReplicas: 16 }, 'directory_replicas'],
  ];
  for (const [what, extra, path] of cases) {
    it(`should refuse ${what}, naming ${path}`, () => {
      let error: unknown;
      try {
        plan(extra);
      } catch (e) {
        error = e;
      }
      expect(isEngineError(error) && error.issues[0]?.path).toBe(path);
    });
  }
});
