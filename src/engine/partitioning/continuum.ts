import { assert } from '../errors.js';
import { RING_LIMITS } from './nodes.js';

/**
 * A hash ring (Karger et al. 1997): points on [0, 2^32) sorted in a typed array, each owned by a node. A key hashed
 * to h belongs to the first point at or after h, wrapping to the first point. Ring, ketama and bounded loads share it.
 */
export interface Continuum {
  /** Point positions, ascending. */
  readonly positions: Uint32Array;
  /** Owner (node index) of each point. */
  readonly owners: Uint16Array;
  readonly nodeCount: number;
}

export const RING_SIZE = 0x100000000;
// A point's sort key packs its position above its insertion index, so equal positions keep insertion order: the
// stable-sort tie-break libketama's ports (and the npm hashring package) rely on.
const INDEX_SPACE = RING_LIMITS.maxPoints;

/** Builds a continuum from `emit(position, owner)` calls, made by `fill` in insertion order. */
export function buildContinuum(
  nodeCount: number,
  totalPoints: number,
  fill: (emit: (position: number, owner: number) => void) => void,
): Continuum {
  assert(totalPoints <= RING_LIMITS.maxPoints, `continuum of ${totalPoints} points exceeds the limit`);
  const keys = new Float64Array(totalPoints);
  const insertedOwners = new Uint16Array(totalPoints);
  let count = 0;
  fill((position, owner) => {
    assert(count < totalPoints, 'more points emitted than announced');
    keys[count] = position * INDEX_SPACE + count;
    insertedOwners[count] = owner;
    count++;
  });
  assert(count === totalPoints, `announced ${totalPoints} points, emitted ${count}`);
  keys.sort();
  const positions = new Uint32Array(totalPoints);
  const owners = new Uint16Array(totalPoints);
  for (let k = 0; k < totalPoints; k++) {
    const key = keys[k] ?? 0;
    const position = Math.floor(key / INDEX_SPACE);
    positions[k] = position;
    owners[k] = insertedOwners[key - position * INDEX_SPACE] ?? 0;
  }
  return { positions, owners, nodeCount };
}

/** Index of the first point at or after `hash`, wrapping to 0; `steps` counts the comparisons made. */
export function findPoint(c: Continuum, hash: number, steps: { value: number }): number {
  const positions = c.positions;
  let low = 0;
  let high = positions.length;
  let iterations = 0;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((positions[mid] ?? 0) < hash) low = mid + 1;
    else high = mid;
    iterations++;
  }
  steps.value += iterations;
  return low === positions.length ? 0 : low;
}

/**
 * Walks clockwise from point `start` collecting up to `count` distinct owners that `accept` admits (Dynamo's
 * preference list, DeCandia et al. 2007 §4.3: skip points of nodes already chosen). Stops after one full turn.
 */
export function walkDistinct(c: Continuum, start: number, count: number, accept: (owner: number) => boolean): number[] {
  const chosen: number[] = [];
  const seen = new Uint8Array(c.nodeCount);
  const n = c.positions.length;
  for (let step = 0; step < n && chosen.length < count; step++) {
    const owner = c.owners[(start + step) % n] ?? 0;
    if (seen[owner] === 1) continue;
    seen[owner] = 1;
    if (accept(owner)) chosen.push(owner);
  }
  return chosen;
}

/** Exact share of [0, 2^32) each node owns: the arcs ending at its points. */
export function arcShares(c: Continuum): Float64Array {
  const shares = new Float64Array(c.nodeCount);
  const { positions, owners } = c;
  const n = positions.length;
  for (let k = 0; k < n; k++) {
    // Point k owns (p[k-1], p[k]]; point 0 also owns the wrap (p[n-1], 2^32) and [0, p[0]].
    const arc =
      k === 0
        ? RING_SIZE + (positions[0] ?? 0) - (positions[n - 1] ?? 0)
        : (positions[k] ?? 0) - (positions[k - 1] ?? 0);
    const owner = owners[k] ?? 0;
    shares[owner] = (shares[owner] ?? 0) + arc / RING_SIZE;
  }
  if (n === 1) shares[owners[0] ?? 0] = 1;
  return shares;
}

/**
 * Exactly how much of the hash space changes owner between two continua. Owner indexes are mapped to a common id
 * space by `idOfA` / `idOfB`; the result maps `from * idCount + to` to the fraction of [0, 2^32) that moves.
 */
export function continuumTransfers(
  a: Continuum,
  b: Continuum,
  idOfA: ArrayLike<number>,
  idOfB: ArrayLike<number>,
  idCount: number,
): Map<number, number> {
  const moves = new Map<number, number>();
  const pa = a.positions;
  const pb = b.positions;
  const add = (ownerA: number, ownerB: number, length: number): void => {
    const from = idOfA[ownerA] ?? 0;
    const to = idOfB[ownerB] ?? 0;
    if (from === to || length <= 0) return;
    const key = from * idCount + to;
    moves.set(key, (moves.get(key) ?? 0) + length / RING_SIZE);
  };
  let i = 0;
  let j = 0;
  let previous = -1;
  // Merge both sets of breakpoints: between two consecutive ones each continuum has a single owner.
  while (i < pa.length || j < pb.length) {
    const x = Math.min(i < pa.length ? (pa[i] ?? 0) : RING_SIZE, j < pb.length ? (pb[j] ?? 0) : RING_SIZE);
    add(a.owners[i < pa.length ? i : 0] ?? 0, b.owners[j < pb.length ? j : 0] ?? 0, x - previous);
    previous = x;
    while (i < pa.length && pa[i] === x) i++;
    while (j < pb.length && pb[j] === x) j++;
  }
  add(a.owners[0] ?? 0, b.owners[0] ?? 0, RING_SIZE - 1 - previous);
  return moves;
}

/** Bytes held by the continuum's arrays. */
export function continuumBytes(c: Continuum): number {
  return c.positions.byteLength + c.owners.byteLength;
}
