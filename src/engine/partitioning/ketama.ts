import { buildContinuum, continuumBytes, findPoint, walkDistinct } from './continuum.js';
import { md5Words } from './hash/md5.js';
import type { RingNode } from './nodes.js';
import { zoneFilter, type Partitioner } from './partitioner.js';

/** libketama: 40 MD5 digests per server, 4 points from each, so 160 points for a server of average weight. */
export const KETAMA_DIGESTS = 40;
export const KETAMA_POINTS_PER_DIGEST = 4;

/**
 * Digests each node gets. libketama computes floorf(pct * 40 * servers) in float; the npm hashring package (3.x)
 * computes Math.floor(weight / total * 40 * servers) in double. We follow hashring's expression exactly, in the same
 * order of operations, since matching its key -> server map is the contract.
 */
export function ketamaDigestCounts(nodes: readonly RingNode[]): number[] {
  const total = nodes.reduce((s, n) => s + n.weight, 0);
  return nodes.map((n) => Math.floor((n.weight / total) * KETAMA_DIGESTS * nodes.length));
}

/**
 * Ketama (libketama, last.fm 2007) as the npm `hashring` package lays it out with default options: the digest of
 * "<id>-<i>" yields 4 points (its little-endian 32-bit words); a key sits at the first word of MD5(key). Points are
 * emitted in the order nodes are listed, which decides ties exactly as hashring's stable sort does.
 */
export function createKetama(nodes: readonly RingNode[]): Partitioner {
  const counts = ketamaDigestCounts(nodes);
  const total = counts.reduce((s, c) => s + c * KETAMA_POINTS_PER_DIGEST, 0);
  const words = new Uint32Array(4);
  const continuum = buildContinuum(nodes.length, total, (emit) => {
    for (const [index, node] of nodes.entries()) {
      for (let i = 0; i < (counts[index] ?? 0); i++) {
        md5Words(`${node.id}-${i}`, words);
        for (let j = 0; j < KETAMA_POINTS_PER_DIGEST; j++) emit(words[j] ?? 0, index);
      }
    }
  });
  const steps = { value: 0 };
  const position = (key: string): number => {
    md5Words(key, words);
    return findPoint(continuum, words[0] ?? 0, steps);
  };
  const starved = nodes.filter((_, i) => counts[i] === 0).map((n) => n.id);
  return {
    algorithm: 'ketama',
    nodes,
    lookup: (key) => continuum.owners[position(key)] ?? 0,
    preference: (key, count, distinctZones) =>
      walkDistinct(continuum, position(key), count, zoneFilter(nodes, distinctZones)),
    exact: { kind: 'continuum', continuum },
    memoryBytes: continuumBytes(continuum),
    hashing:
      'libketama layout as npm hashring 3.x: floor(weight/total x 40 x nodes) MD5 digests of "<id>-<i>" per node, 4 little-endian 32-bit points per digest; key at the first little-endian word of MD5(key)',
    steps,
    warnings:
      starved.length > 0
        ? [`${starved.join(', ')} get no ketama points (weight below 1/40 of the mean) and so no keys`]
        : [],
  };
}
