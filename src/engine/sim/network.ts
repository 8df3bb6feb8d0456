import { latencySampler, type LatencySpec } from './latency.js';
import type { NodeId } from './protocol.js';
import type { Rng } from './rng.js';

export interface NetworkConfig {
  /** Delay between two nodes of one region (or between any two nodes when there are no regions). */
  readonly latency: LatencySpec;
  /** Region index of each node; absent means one region. */
  readonly regionOf?: readonly number[] | undefined;
  /** Mean one-way delay between regions [from][to]; the spread keeps the coefficient of variation of `latency`. */
  readonly regionLatencyMs?: readonly (readonly number[])[] | undefined;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
}

/** A set of directed links cut or slowed by one fault, so that ending that fault undoes exactly it. */
export type Links = readonly (readonly [NodeId, NodeId])[];

/**
 * The network between nodes: per-link delay samplers, cuts (partitions, counted so overlapping faults compose),
 * extra delay on slow links, loss and duplication. It decides the fate of each message; the kernel schedules it.
 */
export class Network {
  private readonly samplers: ((rng: Rng) => number)[];
  private readonly cuts: Int32Array;
  private readonly extraMs: Float64Array;
  private lossOverride: number | undefined;

  constructor(
    readonly nodes: number,
    private readonly config: NetworkConfig,
  ) {
    this.cuts = new Int32Array(nodes * nodes);
    this.extraMs = new Float64Array(nodes * nodes);
    this.samplers = buildSamplers(nodes, config);
  }

  get lossProbability(): number {
    return this.lossOverride ?? this.config.lossProbability;
  }

  setLossOverride(probability: number | undefined): void {
    this.lossOverride = probability;
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return (this.cuts[from * this.nodes + to] as number) > 0;
  }

  /** Whether `a` and `b` can exchange messages both ways. */
  connected(a: NodeId, b: NodeId): boolean {
    return a === b || (!this.isCut(a, b) && !this.isCut(b, a));
  }

  cut(links: Links, delta: 1 | -1): void {
    for (const [from, to] of links)
      this.cuts[from * this.nodes + to] = (this.cuts[from * this.nodes + to] ?? 0) + delta;
  }

  slow(links: Links, extraMs: number): void {
    for (const [from, to] of links)
      this.extraMs[from * this.nodes + to] = (this.extraMs[from * this.nodes + to] ?? 0) + extraMs;
  }

  healAll(): void {
    this.cuts.fill(0);
    this.extraMs.fill(0);
    this.lossOverride = undefined;
  }

  /** One-way delay of a message sent now on this link (before any cut or loss is applied). */
  delayMs(from: NodeId, to: NodeId, rng: Rng): number {
    const i = from * this.nodes + to;
    return (this.samplers[i] as (rng: Rng) => number)(rng) + (this.extraMs[i] as number);
  }
}

/** Directed links between two groups, both ways unless `oneWay` (then only from `a` to `b`). */
export function linksBetween(a: readonly NodeId[], b: readonly NodeId[], oneWay = false): [NodeId, NodeId][] {
  const seen = new Set<string>();
  const links: [NodeId, NodeId][] = [];
  const add = (x: NodeId, y: NodeId): void => {
    if (x === y || seen.has(`${x}>${y}`)) return;
    seen.add(`${x}>${y}`);
    links.push([x, y]);
  };
  for (const x of a) {
    for (const y of b) {
      add(x, y);
      if (!oneWay) add(y, x);
    }
  }
  return links;
}

function buildSamplers(nodes: number, config: NetworkConfig): ((rng: Rng) => number)[] {
  const base = config.latency;
  const cv = base.meanMs > 0 ? base.jitterMs / base.meanMs : 0;
  const cache = new Map<number, (rng: Rng) => number>();
  const samplerFor = (meanMs: number): ((rng: Rng) => number) => {
    let s = cache.get(meanMs);
    if (!s) {
      s = latencySampler(meanMs === base.meanMs ? base : { ...base, meanMs, jitterMs: cv * meanMs });
      cache.set(meanMs, s);
    }
    return s;
  };
  const samplers: ((rng: Rng) => number)[] = [];
  for (let from = 0; from < nodes; from++) {
    for (let to = 0; to < nodes; to++) {
      const rf = config.regionOf?.[from];
      const rt = config.regionOf?.[to];
      const mean = rf !== undefined && rt !== undefined ? config.regionLatencyMs?.[rf]?.[rt] : undefined;
      samplers.push(samplerFor(mean ?? base.meanMs));
    }
  }
  return samplers;
}
