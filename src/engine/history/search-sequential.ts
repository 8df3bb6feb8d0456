/**
 * Sequential consistency (Lamport 1979): some total order of the operations respects each process's program order
 * and the sequential specification; real time between processes does not matter. The search picks, at each step,
 * the next operation of some process (a "lane"), with the same memo of (linearized set, state) as the
 * linearizability search. An operation with an unknown outcome gets a lane of its own that opens once the operations
 * its process completed before invoking it are placed: it never completed, so nothing of its process waits for it.
 *
 * Candidates are tried in invocation order: the real-time order is usually close to a witness, so this finds one
 * quickly; the set of orders explored is unchanged.
 */
import { ILLEGAL, type CompiledOp, type ModelInstance } from './model.js';
import { LinearizedSet } from './linearized-set.js';
import { Memo } from './memo.js';
import type { Partition } from './partition.js';
import { CANDIDATES_SHOWN, prefixOf, type DeadEnd, type Search, type SearchStatus } from './search.js';

export class SequentialSearch implements Search {
  readonly memo: Memo;
  steps = 0;
  depthMax = 0;
  deadEnd: DeadEnd | undefined;
  private readonly ops: readonly CompiledOp[];
  /** Lane l holds laneOps[laneStart[l] .. laneStart[l+1]). */
  private readonly laneOps: Int32Array;
  private readonly laneStart: Int32Array;
  private readonly laneOf: Int32Array;
  private readonly pos: Int32Array;
  /** Operation that must be placed before this one (-1: none beyond its lane). */
  private readonly dep: Int32Array;
  /** Try order: by invocation (operations are indexed in call order). */
  private readonly rank: Int32Array;
  private readonly set: LinearizedSet;
  private readonly opStack: Int32Array;
  private readonly stateStack: Int32Array;
  private depth = 0;
  private state: number;
  /** Rank of the last candidate tried at the current node (-1: none yet). */
  private tried = -1;
  private status: SearchStatus = 'running';

  constructor(
    part: Partition,
    private readonly model: ModelInstance,
    memoIgnoresState = false,
  ) {
    const n = part.operations.length;
    this.ops = part.operations.map((op) => op.compiled);
    this.dep = new Int32Array(n).fill(-1);
    this.rank = Int32Array.from(this.ops, (_op, i) => i);
    const lanes = buildLanes(part, this.dep);
    this.laneStart = new Int32Array(lanes.length + 1);
    this.laneOps = new Int32Array(n);
    this.laneOf = new Int32Array(n);
    let at = 0;
    lanes.forEach((lane, l) => {
      this.laneStart[l] = at;
      for (const op of lane) {
        this.laneOf[op] = l;
        this.laneOps[at++] = op;
      }
    });
    this.laneStart[lanes.length] = at;
    this.pos = new Int32Array(lanes.length);
    this.set = new LinearizedSet(n);
    this.memo = new Memo(n, memoIgnoresState);
    this.opStack = new Int32Array(n);
    this.stateStack = new Int32Array(n);
    this.state = model.initial;
  }

  run(budget: number, maxMemoBytes: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const stop = this.steps + budget;
    while (this.set.count < this.ops.length) {
      if (this.steps >= stop) return 'running';
      this.steps++;
      const op = this.nextCandidate();
      if (op === -1) {
        if (!this.backtrack()) return (this.status = 'invalid');
        continue;
      }
      this.tried = this.rank[op] ?? 0;
      const after = this.model.step(this.state, this.ops[op] as CompiledOp);
      if (after === ILLEGAL) continue;
      this.set.add(op);
      if (this.memo.add(this.set, after)) {
        this.push(op, after);
        if (this.memo.bytes > maxMemoBytes) return (this.status = 'memory');
        continue;
      }
      this.set.delete(op);
    }
    return (this.status = 'valid');
  }

  /** The enabled lane head with the smallest rank above the last one tried here, or -1. */
  private nextCandidate(): number {
    let best = -1;
    let bestRank = Infinity;
    for (let l = 0; l < this.pos.length; l++) {
      const op = this.head(l);
      if (op === -1) continue;
      const r = this.rank[op] ?? 0;
      if (r > this.tried && r < bestRank && this.enabled(op)) {
        best = op;
        bestRank = r;
      }
    }
    return best;
  }

  private head(lane: number): number {
    const at = (this.laneStart[lane] ?? 0) + (this.pos[lane] ?? 0);
    return at < (this.laneStart[lane + 1] ?? 0) ? (this.laneOps[at] ?? -1) : -1;
  }

  private enabled(op: number): boolean {
    const dep = this.dep[op] ?? -1;
    return dep === -1 || this.set.has(dep);
  }

  private push(op: number, after: number): void {
    this.opStack[this.depth] = op;
    this.stateStack[this.depth] = this.state;
    this.depth++;
    if (this.depth > this.depthMax) this.depthMax = this.depth;
    const lane = this.laneOf[op] ?? 0;
    this.pos[lane] = (this.pos[lane] ?? 0) + 1;
    this.state = after;
    this.tried = -1;
  }

  private backtrack(): boolean {
    if (!this.deadEnd || this.depth > this.deadEnd.prefix.length) this.recordDeadEnd();
    if (this.depth === 0) return false;
    this.depth--;
    const op = this.opStack[this.depth] ?? 0;
    const lane = this.laneOf[op] ?? 0;
    this.pos[lane] = (this.pos[lane] ?? 1) - 1;
    this.set.delete(op);
    this.state = this.stateStack[this.depth] ?? 0;
    this.tried = this.rank[op] ?? 0;
    return true;
  }

  /** The blocked operation is the enabled lane head invoked first that the model rejects outright. */
  private recordDeadEnd(): void {
    const heads: number[] = [];
    for (let l = 0; l < this.pos.length; l++) {
      const op = this.head(l);
      if (op !== -1 && this.enabled(op)) heads.push(op);
    }
    heads.sort((a, b) => (this.rank[a] ?? 0) - (this.rank[b] ?? 0));
    const rejected = heads.find((op) => this.model.step(this.state, this.ops[op] as CompiledOp) === ILLEGAL);
    const blocked = rejected ?? heads[0] ?? 0;
    const candidates = heads.filter((op) => op !== blocked).slice(0, CANDIDATES_SHOWN);
    this.deadEnd = { prefix: prefixOf(this.opStack, this.depth), state: this.state, blocked, candidates };
  }
}

/**
 * One lane per process for its completed operations, in invocation order; one lane per open operation, which
 * depends on the last completed operation its process invoked before it.
 */
function buildLanes(part: Partition, dep: Int32Array): number[][] {
  const byProcess = new Map<number, number[]>();
  const order = part.operations
    .map((_, i) => i)
    .sort((a, b) => {
      return (part.operations[a]?.invokeIndex ?? 0) - (part.operations[b]?.invokeIndex ?? 0);
    });
  const lanes: number[][] = [];
  for (const i of order) {
    const op = part.operations[i];
    if (!op) continue;
    let lane = byProcess.get(op.process);
    if (!lane) {
      lane = [];
      byProcess.set(op.process, lane);
      lanes.push(lane);
    }
    if (op.outcome === 'ok') {
      lane.push(i);
    } else {
      dep[i] = lane[lane.length - 1] ?? -1;
      lanes.push([i]);
    }
  }
  return lanes.filter((lane) => lane.length > 0);
}
