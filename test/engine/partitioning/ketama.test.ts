import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createKetama, ketamaDigestCounts } from '../../../src/engine/partitioning/ketama.js';
import type { RingNode } from '../../../src/engine/partitioning/nodes.js';
import { sampleKey } from '../../../src/engine/partitioning/sample.js';

// The npm `hashring` package (3.x, default options) is the reference: a test-only devDependency.
type HashRingCtor = new (servers: Record<string, number>) => { get(key: string): string };
const HashRing = createRequire(import.meta.url)('hashring') as HashRingCtor;

const SERVER_SETS: Record<string, Record<string, number>> = {
  'three memcached servers': { '10.0.0.1:11211': 1, '10.0.0.2:11211': 1, '10.0.0.3:11211': 1 },
  'unequal weights': { 'cache-a:11211': 1, 'cache-b:11211': 2, 'cache-c:11211': 3.5, 'cache-d:11211': 0.7 },
  'one server': { 'solo:11211': 1 },
  '64 servers, weights 1..8': Object.fromEntries(
    Array.from({ length: 64 }, (_, i) => [`mc-${i}.example.net:11211`, 1 + (i % 8)]),
  ),
  '200 servers, equal': Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`node-${i}`, 1])),
};

function keysFor(count: number): string[] {
  const keys = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `user:${i}` : sampleKey(7, i)));
  return [...keys, 'é', '日本語のキー', 'emoji 😀 key', '\ud800 lone surrogate', ''.padEnd(300, 'x')];
}

describe('createKetama', () => {
  for (const [name, servers] of Object.entries(SERVER_SETS)) {
    it(`should map every one of 12 000 keys as hashring 3.x does (${name})`, () => {
      const nodes: RingNode[] = Object.entries(servers).map(([id, weight]) => ({ id, weight }));
      const ours = createKetama(nodes);
      const reference = new HashRing(servers);
      const mismatches = keysFor(12_000).filter((key) => nodes[ours.lookup(key)]?.id !== reference.get(key));
      expect(mismatches).toEqual([]);
    });
  }

  it('should give 160 points (40 digests x 4) to each server of average weight, as libketama does', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, weight: 1 }));
    expect(ketamaDigestCounts(nodes)).toEqual([40, 40, 40]);
    expect(createKetama(nodes).memoryBytes).toBe(3 * 160 * (4 + 2));
  });

  it('should starve, and say so, a server whose weight is under 1/40 of the mean', () => {
    const ketama = createKetama([
      { id: 'big', weight: 100 },
      { id: 'tiny', weight: 1 },
    ]);
    expect(ketamaDigestCounts(ketama.nodes)).toEqual([79, 0]);
    expect(ketama.warnings[0]).toContain('tiny');
  });
});
