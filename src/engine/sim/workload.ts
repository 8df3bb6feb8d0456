import { dedupKey, idempotencyKey, isRetryable, type ClientErrorCode, type Command } from './command.js';
import type { ClientReply } from './host.js';
import type { HistoryOp } from './history.js';
import type { NodeId } from './protocol.js';
import { backoffMs, roundMicros, type RetryPolicy } from './retry.js';
import type { Rng } from './rng.js';

export type ReadMode = 'read_index' | 'log' | 'leader_local' | 'any_local';

export interface ClientConfig {
  readonly writesPerSecond: number;
  readonly readsPerSecond: number;
  /** Keys the workload spreads over (key-0 ... key-(n-1)). */
  readonly keys: number;
  /** Most operations in flight at once (one per Jepsen process); arrivals beyond it are shed and counted. */
  readonly concurrency: number;
  /** How long a client waits for one attempt before treating it as TIMEOUT. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly readMode: ReadMode;
  /** Cap on operations invoked in one run. */
  readonly maxOps: number;
  /**
   * Matching answers from distinct nodes an operation needs before the client believes it (PBFT §4.1: f + 1, so at
   * least one comes from an honest replica). Above 1, every attempt goes to every node. Default 1: the leader's word.
   */
  readonly replyQuorum?: number | undefined;
}

/** What the clients need from the kernel: scheduling and sending, nothing else. */
export interface ClientKernel {
  scheduleArrival(atMs: number): void;
  scheduleSend(atMs: number, opId: number): void;
  scheduleTimeout(atMs: number, opId: number, attempt: number): void;
  sendRequest(node: NodeId, opId: number, attempt: number, command: Command): void;
}

interface Op {
  readonly id: number;
  readonly process: number;
  readonly f: 'get' | 'put';
  readonly key: string;
  readonly value: number | null;
  readonly invokedAtMs: number;
  attempt: number;
  /** A put that may have taken effect (an attempt timed out or ended indeterminately): it ends as `info`. */
  maybeApplied: boolean;
  /** Between an attempt's end and the next send (backoff): late answers of the ended attempt are ignored. */
  waiting: boolean;
  /** Reply quorum: for each value answered, the nodes (a bit set) that answered it, over every attempt. */
  votes?: Map<number | null, number>;
}

export interface ClientStats {
  invoked: number;
  ok: number;
  failed: number;
  indeterminate: number;
  retriedOps: number;
  retries: number;
  deduplicated: number;
  shed: number;
  errors: Partial<Record<ClientErrorCode, number>>;
  readonly writeLatenciesMs: number[];
  readonly readLatenciesMs: number[];
}

/**
 * Simulated clients: open-loop Poisson arrivals at the configured rates, each operation run by its own Jepsen process
 * with the seed's retry policy, recorded as invoke / ok / fail / info.
 */
export class ClientPool {
  readonly history: HistoryOp[] = [];
  readonly stats: ClientStats = {
    invoked: 0,
    ok: 0,
    failed: 0,
    indeterminate: 0,
    retriedOps: 0,
    retries: 0,
    deduplicated: 0,
    shed: 0,
    errors: {},
    writeLatenciesMs: [],
    readLatenciesMs: [],
  };
  private readonly ops = new Map<number, Op>();
  private readonly idleProcesses: number[] = [];
  private nextProcess = 0;
  private nextOpId = 1;
  private leaderGuess: NodeId;
  private readonly ratePerMs: number;
  private readonly replyQuorum: number;
  capped = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly nodes: number,
    private readonly rng: Rng,
    private readonly kernel: ClientKernel,
  ) {
    this.ratePerMs = (config.writesPerSecond + config.readsPerSecond) / 1000;
    this.replyQuorum = config.replyQuorum ?? 1;
    this.leaderGuess = rng.int(0, nodes - 1);
  }

  start(): void {
    if (this.ratePerMs > 0) this.kernel.scheduleArrival(roundMicros(this.rng.exponential(1 / this.ratePerMs)));
  }

  get inFlight(): number {
    return this.ops.size;
  }

  onArrival(nowMs: number): void {
    this.kernel.scheduleArrival(roundMicros(nowMs + this.rng.exponential(1 / this.ratePerMs)));
    const isWrite =
      this.rng.float() * (this.config.writesPerSecond + this.config.readsPerSecond) < this.config.writesPerSecond;
    const key = `key-${this.rng.int(0, this.config.keys - 1)}`;
    if (this.stats.invoked >= this.config.maxOps) {
      this.capped = true;
      return;
    }
    if (this.ops.size >= this.config.concurrency) {
      this.stats.shed++;
      return;
    }
    const id = this.nextOpId++;
    const op: Op = {
      id,
      process: this.idleProcesses.pop() ?? this.nextProcess++,
      f: isWrite ? 'put' : 'get',
      key,
      value: isWrite ? id : null,
      invokedAtMs: nowMs,
      attempt: 0,
      maybeApplied: false,
      waiting: false,
    };
    this.ops.set(id, op);
    this.stats.invoked++;
    this.history.push({ process: op.process, type: 'invoke', f: op.f, key, value: op.value, time: nowMs });
    this.send(op, nowMs);
  }

  onSend(opId: number, nowMs: number): void {
    const op = this.ops.get(opId);
    if (!op) return;
    op.waiting = false;
    this.send(op, nowMs);
  }

  private send(op: Op, nowMs: number): void {
    op.attempt++;
    if (op.attempt === 2) this.stats.retriedOps++;
    if (op.attempt > 1) this.stats.retries++;
    const command: Command = {
      id: op.id * 32 + op.attempt,
      op: op.f,
      key: op.key,
      value: op.value,
      idempotencyKey: idempotencyKey(`req-${op.id}`, op.f),
      dedupKey: dedupKey(op.id, op.f),
      sentAtMs: nowMs,
    };
    if (this.replyQuorum > 1) {
      for (let node = 0; node < this.nodes; node++) this.kernel.sendRequest(node, op.id, op.attempt, command);
    } else this.kernel.sendRequest(this.targetOf(op), op.id, op.attempt, command);
    this.kernel.scheduleTimeout(nowMs + this.config.timeoutMs, op.id, op.attempt);
  }

  /**
   * any_local reads go to the client's own replica (process p reads from node p mod n, the next one on each retry),
   * as clients reading from their nearest replica do; everything else goes to the node believed to lead.
   */
  private targetOf(op: Op): number {
    return this.readsAnyReplica(op) ? (op.process + op.attempt - 1) % this.nodes : this.leaderGuess;
  }

  private readsAnyReplica(op: Op): boolean {
    return op.f === 'get' && this.config.readMode === 'any_local';
  }

  onReply(reply: ClientReply, nowMs: number): void {
    const op = this.ops.get(reply.opId);
    if (!op) return;
    if (this.replyQuorum > 1) return this.onQuorumReply(op, reply, nowMs);
    if (reply.error === undefined || reply.error === 'DUPLICATE_REQUEST') {
      // DUPLICATE_REQUEST: the state machine already applied this request, so the write took effect once.
      if (reply.error) this.stats.deduplicated++;
      if (!this.readsAnyReplica(op)) this.leaderGuess = reply.node;
      this.complete(op, 'ok', op.f === 'get' ? (reply.value ?? null) : op.value, nowMs);
      return;
    }
    this.stats.errors[reply.error] = (this.stats.errors[reply.error] ?? 0) + 1;
    if (reply.attempt !== op.attempt || op.waiting) return; // an ended attempt's error: nothing new
    if (!isRetryable(reply.error)) {
      this.complete(op, op.maybeApplied ? 'info' : 'fail', op.value, nowMs);
      return;
    }
    if (reply.error === 'QUORUM_UNREACHABLE' && op.f === 'put') op.maybeApplied = true;
    if (reply.leaderHint !== undefined && reply.leaderHint !== reply.node) {
      // A redirect to a known leader is followed at once (it still counts as an attempt).
      this.leaderGuess = reply.leaderHint;
      this.retry(op, nowMs, 0);
      return;
    }
    this.leaderGuess = (reply.node + 1) % this.nodes;
    this.retry(op, nowMs);
  }

  /**
   * PBFT's client (§4.1): a result counts once `replyQuorum` distinct nodes gave the same one, from any attempt of the
   * request; errors are noted and the attempt's timeout decides when to send again (to every node).
   */
  private onQuorumReply(op: Op, reply: ClientReply, nowMs: number): void {
    if (reply.error !== undefined && reply.error !== 'DUPLICATE_REQUEST') {
      this.stats.errors[reply.error] = (this.stats.errors[reply.error] ?? 0) + 1;
      return;
    }
    // DUPLICATE_REQUEST: that replica already applied this write, which is the write's own value.
    const value = reply.error ? op.value : (reply.value ?? null);
    const votes = (op.votes ??= new Map());
    const senders = (votes.get(value) ?? 0) | (1 << reply.node);
    votes.set(value, senders);
    let count = 0;
    for (let v = senders; v !== 0; v &= v - 1) count++;
    if (count < this.replyQuorum) return;
    if (reply.error) this.stats.deduplicated++;
    this.complete(op, 'ok', op.f === 'get' ? value : op.value, nowMs);
  }

  onTimeout(opId: number, attempt: number, nowMs: number): void {
    const op = this.ops.get(opId);
    if (!op || op.attempt !== attempt || op.waiting) return;
    this.stats.errors.TIMEOUT = (this.stats.errors.TIMEOUT ?? 0) + 1;
    if (op.f === 'put') op.maybeApplied = true;
    this.leaderGuess = (this.leaderGuess + 1) % this.nodes;
    this.retry(op, nowMs);
  }

  private retry(op: Op, nowMs: number, delayMs = backoffMs(this.config.retry, op.attempt, this.rng)): void {
    if (op.attempt >= this.config.retry.maxAttempts) {
      this.complete(op, op.maybeApplied ? 'info' : 'fail', op.value, nowMs);
      return;
    }
    op.waiting = true;
    this.kernel.scheduleSend(roundMicros(nowMs + delayMs), op.id);
  }

  /**
   * Operations still open when the run ends: a put may or may not have happened (`info`); a get that never returned
   * constrains nothing, so it is recorded as `fail` (what Knossos allows for reads).
   */
  finish(nowMs: number): void {
    for (const op of [...this.ops.values()]) this.complete(op, op.f === 'put' ? 'info' : 'fail', op.value, nowMs);
  }

  private complete(op: Op, type: 'ok' | 'fail' | 'info', value: number | null, nowMs: number): void {
    this.ops.delete(op.id);
    this.history.push({ process: op.process, type, f: op.f, key: op.key, value, time: nowMs });
    if (type === 'ok') {
      this.stats.ok++;
      (op.f === 'put' ? this.stats.writeLatenciesMs : this.stats.readLatenciesMs).push(
        roundMicros(nowMs - op.invokedAtMs),
      );
      this.idleProcesses.push(op.process);
    } else if (type === 'fail') {
      this.stats.failed++;
      this.idleProcesses.push(op.process);
    } else {
      this.stats.indeterminate++; // Jepsen retires a process whose operation is indeterminate
    }
  }
}
