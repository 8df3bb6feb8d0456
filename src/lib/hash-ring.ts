import {
  DEFAULT_VIRTUAL_NODES,
  RING_LIMITS,
  configError,
  createPartitioner,
  type Partitioner,
  type RingNode,
} from '../engine/index.js';
import { checkOptionKeys, inLibraryTerms, optionKeys } from './options.js';

export interface ConsistentHashRingOptions {
  /** Points per node of weight 1 (default 100): more points, more even load (spread about 1/sqrt(points)). */
  readonly virtualNodes?: number | undefined;
}

export interface AddNodeOptions {
  /** Scales the node's points (default 1), in (0, 1000]. */
  readonly weight?: number | undefined;
  readonly zone?: string | undefined;
}

const RING_KEYS = optionKeys<ConsistentHashRingOptions>()('virtualNodes');
const ADD_NODE_KEYS = optionKeys<AddNodeOptions>()('weight', 'zone');

/**
 * The skill's `ConsistentHashRing`: consistent hashing with virtual nodes (Karger et al. 1997; Dynamo §4.2), the same
 * ring `hash_ring` computes with `algorithm: "ring"` (MurmurHash3_x86_32 of "<id>#<i>"), so both give the same owner
 * for every key. Adding a node moves only the keys it takes over; removing one moves only its own.
 */
export class ConsistentHashRing {
  private readonly members: RingNode[] = [];
  private built: Partitioner | undefined;
  readonly virtualNodes: number;

  constructor(options: ConsistentHashRingOptions = {}) {
    checkOptionKeys('ConsistentHashRing', options, RING_KEYS);
    const v = options.virtualNodes ?? DEFAULT_VIRTUAL_NODES;
    if (!Number.isInteger(v) || v < 1 || v > RING_LIMITS.maxVirtualNodes) {
      throw configError('virtualNodes', `virtualNodes must be an integer in 1..${RING_LIMITS.maxVirtualNodes}`);
    }
    this.virtualNodes = v;
  }

  /** Adds a node; `weight` scales its points (default 1). Adding a node that is already there is an error. */
  addNode(id: string, options: AddNodeOptions = {}): this {
    checkOptionKeys('addNode', options, ADD_NODE_KEYS);
    if (typeof id !== 'string' || id.length === 0 || id.length > RING_LIMITS.maxIdLength) {
      throw configError('id', `node ids must be strings of 1..${RING_LIMITS.maxIdLength} characters`);
    }
    if (this.members.some((n) => n.id === id)) throw configError('id', `"${id}" is already on the ring`);
    if (this.members.length >= RING_LIMITS.maxNodes) {
      throw configError('id', `the ring already has ${RING_LIMITS.maxNodes} nodes, the most supported`);
    }
    const weight = options.weight ?? 1;
    if (!(weight > 0) || weight > RING_LIMITS.maxWeight) {
      throw configError('weight', `weight of "${id}" is ${weight}; weights must be > 0 and <= ${RING_LIMITS.maxWeight}`);
    }
    this.members.push({ id, weight, zone: options.zone });
    this.built = undefined;
    return this;
  }

  removeNode(id: string): this {
    const i = this.members.findIndex((n) => n.id === id);
    if (i < 0) throw configError('id', `"${id}" is not on the ring`);
    this.members.splice(i, 1);
    this.built = undefined;
    return this;
  }

  /** The node that owns `key`. */
  getNode(key: string): string {
    const ring = this.ring();
    return ring.nodes[ring.lookup(key)]?.id ?? '';
  }

  /** The first `count` distinct nodes clockwise from `key` (Dynamo's preference list), the owner first. */
  getNodes(key: string, count: number): string[] {
    const ring = this.ring();
    if (!Number.isInteger(count) || count < 1 || count > ring.nodes.length) {
      throw configError('count', `count must be an integer in 1..${ring.nodes.length} (the nodes on the ring)`);
    }
    return ring.preference(key, count, false).map((i) => ring.nodes[i]?.id ?? '');
  }

  get nodes(): readonly string[] {
    return this.members.map((n) => n.id);
  }

  private ring(): Partitioner {
    if (this.members.length === 0) throw configError('nodes', 'the ring is empty: add a node first');
    this.built ??= inLibraryTerms(RING_KEYS, () =>
      createPartitioner({ algorithm: 'ring', nodes: [...this.members], virtualNodes: this.virtualNodes }),
    );
    return this.built;
  }
}
