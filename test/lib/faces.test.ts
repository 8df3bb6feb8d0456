/** The library's own faces beyond the templates: each must equal the engine call it wraps, and refuse bad input. */
import { describe, expect, it } from 'vitest';
import {
  CRDTS,
  ConsistentHashRing,
  EngineError,
  calculateQuorum,
  checkHistory,
  mergeCrdtStates,
  partitionByDirectory,
  partitionByRange,
  placeKeys,
  resolveConflictLww,
  simulateAsyncReplication,
  simulateCluster,
  simulateReplication,
  simulateSyncReplication,
  validateCluster,
} from '../../src/lib.js';

const KEYS = Array.from({ length: 2000 }, (_, i) => `key:${i}`);

describe('calculateQuorum and validateCluster', () => {
  it('should give byzantine quorums of 2f+1 when n = 3f+1', () => {
    expect(calculateQuorum(4, { byzantine: true })).toBe(3);
    expect(calculateQuorum(7, { byzantine: true })).toBe(5);
    expect(calculateQuorum(7, { byzantine: true, faults: 1 })).toBe(5); // ceil((7 + 1 + 1) / 2)
  });

  it('should name the field of bad input', () => {
    expect(pathOf(() => calculateQuorum(2.5))).toBe('n');
    expect(pathOf(() => calculateQuorum(3, { byzantine: true, faults: 3 }))).toBe('faults');
    expect(pathOf(() => validateCluster({ nodes: 0 }))).toBe('nodes');
  });

  it('should return the engine result with error null when valid, and 3f+1 in a byzantine error', () => {
    const ok = validateCluster({ nodes: 5, failureTolerance: 2 });
    expect(ok).toMatchObject({ valid: true, error: null, quorumSize: 3, maxFailureTolerance: 2 });
    expect(validateCluster({ nodes: 4, failureTolerance: 2, byzantine: true }).error).toContain('3f+1');
  });
});

describe('ConsistentHashRing', () => {
  it("should own every key exactly as hash_ring's ring does", () => {
    const ring = new ConsistentHashRing({ virtualNodes: 50 }).addNode('a').addNode('b', { weight: 2 }).addNode('c');
    const placement = placeKeys({
      algorithm: 'ring',
      nodes: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
        { id: 'c', weight: 1 },
      ],
      virtualNodes: 50,
      keys: KEYS.slice(0, 256),
      replicas: 2,
      sampleKeys: 1,
    });
    for (const a of placement.assignments) {
      expect(ring.getNode(a.key)).toBe(a.node);
      expect(ring.getNodes(a.key, 2)).toEqual(a.replicas);
    }
  });

  it('should move only the keys of a node that leaves, onto the others', () => {
    const ring = new ConsistentHashRing().addNode('a').addNode('b').addNode('c');
    const before = KEYS.map((k) => ring.getNode(k));
    ring.removeNode('b');
    KEYS.forEach((k, i) => {
      if (before[i] !== 'b') expect(ring.getNode(k)).toBe(before[i]);
    });
    expect(ring.nodes).toEqual(['a', 'c']);
  });

  it('should refuse an empty ring, duplicate or unknown nodes and bad counts', () => {
    const ring = new ConsistentHashRing();
    expect(pathOf(() => ring.getNode('x'))).toBe('nodes');
    ring.addNode('a');
    expect(pathOf(() => ring.addNode('a'))).toBe('id');
    expect(pathOf(() => ring.removeNode('zz'))).toBe('id');
    expect(pathOf(() => ring.getNodes('x', 2))).toBe('count');
    expect(pathOf(() => new ConsistentHashRing({ virtualNodes: 0 }))).toBe('virtualNodes');
  });
});

describe('replication faces', () => {
  it('should be the engine run of one mode, with the mode outcome beside it', () => {
    const options = { replicas: 3, latenciesMs: [5, 40, 12], writeRate: 200, durationSeconds: 2, seed: 4 };
    const sync = simulateSyncReplication(options);
    expect(sync).toMatchObject(simulateReplication({ ...options, modes: ['sync'] }));
    expect(sync.totalLatencyMs).toBe(40);
    expect(sync.sync.consistency).toBe('strong');
    const async = simulateAsyncReplication({ ...options, applyRate: 150 });
    expect(async.async.commitLatency?.maxMs).toBe(0);
    // (200 - 150) writes/s x 2 s behind, plus at most the writes still in flight on the 40 ms link (200/s x 0.04 s).
    expect(async.closedFormLag?.lagMessages).toBe(100);
    expect(async.lagMessages).toBeGreaterThanOrEqual(100);
    expect(async.lagMessages).toBeLessThanOrEqual(108);
  });

  it('should refuse what the engine refuses, naming the field', () => {
    expect(pathOf(() => simulateSyncReplication({ replicas: 3, latenciesMs: [10, 20] }))).toMatch(/latenc/);
  });
});

describe('resolveConflictLww', () => {
  it('should break a timestamp tie by node id and flag versions inside the clock skew', () => {
    const tie = resolveConflictLww(
      { value: 'x', timestamp: 5, nodeId: 'n1' },
      { value: 'y', timestamp: 5, nodeId: 'n2' },
    );
    expect(tie.value).toBe('y');
    expect(tie.tie).not.toBeNull();
    const skewed = resolveConflictLww(
      { value: 'A', timestamp: 1000 },
      { value: 'B', timestamp: 1001 },
      { maxClockSkewMs: 50 },
    );
    expect(skewed.withinSkew.length).toBeGreaterThan(0);
    expect(skewed.lostUpdates.map((l) => l.ref.value)).toEqual(['A']);
  });
});

describe('simulateCluster, checkHistory and CRDTs', () => {
  it('should run simulate_cluster deterministically and hand its history to the checker', () => {
    const options = { nodes: 3, duration_ms: 3000, writes_per_second: 20, reads_per_second: 20, seed: 9 };
    const run = simulateCluster(options);
    expect(simulateCluster(options)).toEqual(run);
    expect(run.invariants.every((i) => i.held)).toBe(true);
    expect(run.history.length).toBeGreaterThan(0);
    expect(checkHistory(run.history, { model: 'kv' }).verdict).toBe('linearizable');
    expect(pathOf(() => simulateCluster({ nodes: 0 }))).toBe('nodes');
  });

  it('should merge CRDT states through the registry and the replica merge', () => {
    const merged = mergeCrdtStates({
      crdtType: 'g_counter',
      states: [{ counts: { a: 3 } }, { counts: { a: 1, b: 2 } }],
    });
    expect(merged.value).toBe(5);
    const orSet = CRDTS.or_set;
    const s = orSet.apply(orSet.empty(), { kind: 'add', nodeId: 'a', element: 'milk' });
    expect(orSet.value(orSet.merge(s, orSet.empty()))).toEqual(['milk']);
  });

  it('should partition by range and by directory', () => {
    const range = partitionByRange({
      nodes: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      keys: ['k1', 'k2', 'k3', 'k4'],
    });
    expect(range.before.map((r) => r.keys)).toEqual([2, 2]);
    const directory = partitionByDirectory({
      nodes: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      entries: [{ prefix: 'k', node: 'b' }],
      keys: ['k1'],
      sampleKeys: 10,
    });
    expect(directory.assignments[0]).toMatchObject({ node: 'b', via: 'prefix' });
  });
});

describe('option names', () => {
  it('should refuse an option it does not take, suggesting the camelCase spelling of a snake_case one', () => {
    const snake = { write_rate: 1000, apply_rate: 800, duration_seconds: 60 } as never;
    expect(pathOf(() => simulateAsyncReplication(snake))).toBe('write_rate');
    expect(messageOf(() => simulateAsyncReplication(snake))).toContain('did you mean "writeRate"');
    expect(pathOf(() => validateCluster({ nodes: 5, failure_tolerance: 3 } as never))).toBe('failure_tolerance');
    expect(pathOf(() => calculateQuorum(4, { byzantin: true } as never))).toBe('byzantin');
    expect(pathOf(() => new ConsistentHashRing({ virtual_nodes: 10 } as never))).toBe('virtual_nodes');
    expect(pathOf(() => new ConsistentHashRing().addNode('a', { wieght: 2 } as never))).toBe('wieght');
    expect(pathOf(() => resolveConflictLww({ value: 'A', timestamp: 1, node_id: 'x' } as never, V2))).toBe('v1.node_id');
    const nodes = [{ id: 'a', weight: 1 }];
    expect(pathOf(() => partitionByRange({ nodes, split_points: ['m'] } as never))).toBe('split_points');
    expect(pathOf(() => placeKeys({ algorithm: 'ring', nodes, virtual_nodes: 5 } as never))).toBe('virtual_nodes');
    expect(pathOf(() => mergeCrdtStates({ crdt_type: 'g_counter', states: [] } as never))).toBe('crdt_type');
    expect(pathOf(() => checkHistory([], { model: 'register', max_steps: 5 } as never))).toBe('max_steps');
    expect(pathOf(() => simulateReplication({ modes: ['sync'], write_quorum: 2 } as never))).toBe('write_quorum');
  });

  it("should name the caller's camelCase field when the engine refuses a value", () => {
    expect(pathOf(() => simulateAsyncReplication({ writeRate: -1, applyRate: 800 }))).toBe('writeRate');
    expect(messageOf(() => simulateAsyncReplication({ writeRate: -1, applyRate: 800 }))).not.toMatch(/write_rate/);
    expect(pathOf(() => simulateSyncReplication({ replicas: 3, latenciesMs: [10, 20] }))).toBe('latenciesMs');
    expect(pathOf(() => resolveConflictLww({ value: 'A' } as never, V2))).toBe('v1.timestamp');
    const nodes = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    expect(pathOf(() => partitionByRange({ nodes, keys: ['k1', 'k2'], splitPoints: ['m', 'c'] }))).toMatch(/^splitPoints/);
    expect(pathOf(() => new ConsistentHashRing().addNode('a', { weight: 0 }))).toBe('weight');
  });
});

// Helpers

const V2 = { value: 'B', timestamp: 2 };

function messageOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof EngineError) return error.message;
    throw error;
  }
  return undefined;
}

function pathOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    if (error instanceof EngineError) return error.issues[0]?.path;
    throw error;
  }
  return undefined;
}
