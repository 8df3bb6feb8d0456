import { describe, expect, it } from 'vitest';
import { CRDTS, mergeReplicaStates, type CrdtOp, type CrdtType } from '../../../../src/engine/index.js';

/** Applies updates to a fresh replica of `type`. */
function replica(type: CrdtType, ...ops: CrdtOp[]): unknown {
  const crdt = CRDTS[type];
  return ops.reduce((state, op) => crdt.apply(state, op), crdt.empty());
}

const add = (nodeId: string, element: string, timestamp?: number): CrdtOp => ({
  kind: 'add',
  nodeId,
  element,
  ...(timestamp !== undefined ? { timestamp } : {}),
});
const remove = (nodeId: string, element: string, timestamp?: number): CrdtOp => ({
  kind: 'remove',
  nodeId,
  element,
  ...(timestamp !== undefined ? { timestamp } : {}),
});

describe('counters', () => {
  it('should count every increment once across replicas (G-Counter, Shapiro et al. 2011)', () => {
    const g = CRDTS.g_counter;
    const a = replica('g_counter', { kind: 'increment', nodeId: 'a', amount: 2 });
    const b = replica('g_counter', { kind: 'increment', nodeId: 'b', amount: 3 });
    const ab = g.merge(a, b);
    expect(g.value(ab)).toBe(5);
    expect(g.value(g.merge(ab, a))).toBe(5);
  });

  it('should keep decrements a signed max would lose (PN-Counter)', () => {
    const pn = CRDTS.pn_counter;
    const a = replica(
      'pn_counter',
      { kind: 'increment', nodeId: 'a', amount: 5 },
      { kind: 'decrement', nodeId: 'a', amount: 2 },
    );
    const b = replica('pn_counter', { kind: 'decrement', nodeId: 'b', amount: 4 });
    expect(pn.value(pn.merge(a, b))).toBe(-1);
    expect(pn.toJson(pn.merge(a, b))).toEqual({ increments: { a: 5 }, decrements: { a: 2, b: 4 } });
  });
});

describe('registers', () => {
  it('should keep the later assignment and break equal timestamps by node id (LWW-Register)', () => {
    const r = CRDTS.lww_register;
    const x = replica('lww_register', { kind: 'assign', nodeId: 'a', value: 'x', timestamp: 10 });
    const y = replica('lww_register', { kind: 'assign', nodeId: 'b', value: 'y', timestamp: 10 });
    expect(r.value(r.merge(x, y))).toBe('y');
    expect(r.value(r.merge(y, x))).toBe('y');
  });

  it('should not let an older assignment regress the register', () => {
    const r = CRDTS.lww_register;
    const newer = replica('lww_register', { kind: 'assign', nodeId: 'a', value: 'new', timestamp: 20 });
    const op: CrdtOp = { kind: 'assign', nodeId: 'a', value: 'old', timestamp: 5 };
    expect(r.value(r.apply(newer, op))).toBe('new');
    expect(r.precondition(newer, op)).toContain('not later');
  });

  it('should keep concurrent assignments as siblings until one that saw both replaces them (MV-Register)', () => {
    const mv = CRDTS.mv_register;
    const a = replica('mv_register', { kind: 'assign', nodeId: 'a', value: 'x' });
    const b = replica('mv_register', { kind: 'assign', nodeId: 'b', value: 'y' });
    const both = mv.merge(a, b);
    expect(mv.value(both)).toEqual(['x', 'y']);
    const resolved = mv.apply(both, { kind: 'assign', nodeId: 'a', value: 'z' });
    expect(mv.value(resolved)).toEqual(['z']);
    expect(mv.value(mv.merge(resolved, b))).toEqual(['z']);
    expect(mv.toJson(resolved)).toEqual({ entries: [{ value: 'z', vector_clock: { a: 2, b: 1 } }] });
  });
});

describe('sets', () => {
  it('should let an add win over a concurrent remove, and a remove win over the adds it observed (OR-Set)', () => {
    const or = CRDTS.or_set;
    const base = replica('or_set', add('a', 'x'));
    const removed = or.apply(base, remove('b', 'x'));
    const readded = or.apply(base, add('c', 'x'));
    expect(or.value(or.merge(removed, readded))).toEqual(['x']);
    expect(or.value(or.merge(removed, base))).toEqual([]);
  });

  it('should never bring back a removed element (2P-Set)', () => {
    const tp = CRDTS.two_p_set;
    const removed = replica('two_p_set', add('a', 'x'), remove('a', 'x'));
    const readded = tp.apply(removed, add('a', 'x'));
    expect(tp.value(readded)).toEqual([]);
    expect(tp.precondition(removed, add('a', 'x'))).toContain('never re-adds');
    expect(tp.value(tp.merge(readded, replica('two_p_set', add('b', 'x'))))).toEqual([]);
  });

  it('should decide by the latest timestamp per element, adds winning ties (LWW-element-Set)', () => {
    const lw = CRDTS.lww_element_set;
    const a = replica('lww_element_set', add('a', 'x', 10), add('a', 'y', 10));
    const b = replica('lww_element_set', remove('b', 'x', 11), remove('b', 'y', 10));
    expect(lw.value(lw.merge(a, b))).toEqual(['y']);
  });

  it('should treat JSON objects with reordered keys as one element', () => {
    const g = CRDTS.g_set;
    const s = replica(
      'g_set',
      { kind: 'add', nodeId: 'a', element: { a: 1, b: 2 } },
      { kind: 'add', nodeId: 'b', element: { b: 2, a: 1 } },
    );
    expect(g.value(s)).toEqual([{ a: 1, b: 2 }]);
  });
});

describe('JSON states', () => {
  it.each([
    ['g_counter', { counts: { a: 1, b: 2 } }],
    ['pn_counter', { increments: { a: 3 }, decrements: { b: 1 } }],
    ['lww_register', { value: { v: 1 }, timestamp: 5, node_id: 'a' }],
    [
      'mv_register',
      {
        entries: [
          { value: 'x', vector_clock: { a: 1 } },
          { value: 'y', vector_clock: { b: 1 } },
        ],
      },
    ],
    ['g_set', { elements: ['a', 'b'] }],
    ['two_p_set', { added: ['a', 'b'], removed: ['a'] }],
    [
      'or_set',
      {
        clock: { a: 2, b: 1 },
        dots: [
          { element: 'x', node_id: 'a', counter: 2 },
          { element: 'y', node_id: 'b', counter: 1 },
        ],
      },
    ],
    ['lww_element_set', { adds: [{ element: 'x', timestamp: 3 }], removes: [{ element: 'x', timestamp: 2 }] }],
  ] as const)('should read and write a %s state unchanged', (type, json) => {
    const crdt = CRDTS[type];
    expect(crdt.toJson(crdt.fromJson(json, 'states.0'))).toEqual(json);
  });

  it('should reject an OR-Set dot its own clock has not counted', () => {
    const json = { clock: { a: 1 }, dots: [{ element: 'x', node_id: 'a', counter: 2 }] };
    expect(() => CRDTS.or_set.fromJson(json, 'states.1')).toThrow(/states\.1\.dots\.0\.counter/);
  });

  it('should reject negative counters naming the field', () => {
    expect(() => CRDTS.g_counter.fromJson({ counts: { a: -1 } }, 'states.0')).toThrow(
      /states\.0\.counts\.a.*never negative/,
    );
  });
});

describe('mergeReplicaStates', () => {
  it('should reject states of different CRDTs, naming the state', () => {
    expect(() => mergeReplicaStates({ states: [{ counts: { a: 1 } }, { elements: ['x'] }] })).toThrow(
      /states\.1: has the fields of a g_set but states\.0 is g_counter/,
    );
  });

  it('should reject a state whose type tag contradicts crdt_type', () => {
    expect(() => mergeReplicaStates({ crdtType: 'or_set', states: [{ type: 'g_set', elements: [] }] })).toThrow(
      /states\.0\.type: is g_set but crdt_type is or_set/,
    );
  });

  it('should reject a state mixing the fields of two CRDTs', () => {
    expect(() => mergeReplicaStates({ states: [{ counts: {}, elements: [] }] })).toThrow(/states\.0: mixes fields/);
  });

  it('should apply operations per replica, report those without effect, and merge', () => {
    const outcome = mergeReplicaStates({
      crdtType: 'two_p_set',
      states: [{}, {}],
      operations: [
        { replica: 0, op: 'add', element: 'x' },
        { replica: 1, op: 'remove', element: 'x' },
      ],
    });
    expect(outcome.value).toEqual(['x']);
    expect(outcome.diverged).toBe(true);
    expect(outcome.opNotes[0]?.message).toMatch(/operations\.1 .*cannot be removed/);
  });

  it('should refuse an operation the CRDT does not support, naming it', () => {
    expect(() =>
      mergeReplicaStates({ crdtType: 'g_set', states: [{}], operations: [{ replica: 0, op: 'remove', element: 'x' }] }),
    ).toThrow(/operations\.0\.op: a G-Set supports add, not remove/);
  });
});
