/**
 * The contract between the simulation kernel and a protocol. A protocol node is a pure state machine in the
 * etcd-io/raft manner: the kernel calls `step`, `tick`, `propose` and `read`; the node never sends, sleeps or logs.
 * What it wants done it hands to its `Effects` sink, which only buffers: the kernel acts on the buffer after the
 * call returns, so a node is never re-entered. Stable storage is a protocol-defined object the kernel keeps across a
 * crash; everything else of a node is volatile and lost when it crashes.
 */
import type { Command, ClientErrorCode } from './command.js';
import type { ByzantineBehaviour } from './faults.js';
import type { Issue } from '../errors.js';
import type { Rng } from './rng.js';

/** Node index 0..n-1 (shown to people as `node-<index + 1>`). */
export type NodeId = number;

/** What every protocol message carries; the kernel routes on `from` / `to` and counts by `type`. */
export interface Message {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: string;
}

/** Protocol events the kernel turns into trace records, metrics and leadership tracking. */
export type ProtocolEvent =
  | { readonly type: 'election_started'; readonly term: number; readonly preVote: boolean }
  | { readonly type: 'leader_elected'; readonly term: number; readonly votes: number }
  | { readonly type: 'leader_lost'; readonly term: number; readonly reason: string }
  | { readonly type: 'log_replicated'; readonly term: number; readonly follower: NodeId; readonly matchIndex: number }
  | { readonly type: 'commit_advanced'; readonly term: number; readonly commitIndex: number };

/**
 * The node's outputs. Contract (as etcd's `Ready`): storage writes made during a call are durable before any
 * message handed to `send` in that call leaves, because the kernel delivers only after the call returns.
 */
export interface Effects<M extends Message> {
  send(message: M): void;
  /** Entries known committed, in index order, each exactly once per incarnation of the node. */
  committed(index: number, command: Command): void;
  /** A linearizable read may be served once the state machine has applied `index`. */
  readReady(readId: number, index: number): void;
  readFailed(readId: number, error: ClientErrorCode): void;
  event(event: ProtocolEvent): void;
}

/** The answer to a client request the node cannot take: an error code and, if known, where the leader is. */
export interface Rejection {
  readonly error: ClientErrorCode;
  readonly leaderHint?: NodeId | undefined;
}

export interface NodeStatus {
  readonly role: string;
  /** Term, ballot round or view: the protocol's epoch, logged as `term`. */
  readonly term: number;
  readonly leader: boolean;
  readonly leaderHint: NodeId | undefined;
  readonly commitIndex: number;
  readonly lastIndex: number;
}

export interface ProtocolNode<M extends Message> {
  step(message: M, nowMs: number): void;
  /** Called at (or after) the time the node last asked for with `wakeAtMs`. */
  tick(nowMs: number): void;
  /** Earliest virtual time the node needs a `tick`; Infinity when it needs none. */
  wakeAtMs(): number;
  /** A client write (or a read through the log); undefined when accepted, a rejection otherwise. */
  propose(command: Command, nowMs: number): Rejection | undefined;
  /** A linearizable read (e.g. Raft ReadIndex); the answer comes later through `readReady` / `readFailed`. */
  read(readId: number, nowMs: number): Rejection | undefined;
  status(): NodeStatus;
  /** Turns the node byzantine (or honest again, undefined); only protocols listing `byzantineBehaviours` need it. */
  setByzantine?(behaviour: ByzantineBehaviour | undefined): void;
}

export interface NodeInit<M extends Message, S> {
  readonly id: NodeId;
  readonly nodes: number;
  /** What survived the node's last crash (or a fresh store at first start). */
  readonly storage: S;
  /** This node's own stream; it persists across restarts (the kernel owns it). */
  readonly rng: Rng;
  readonly effects: Effects<M>;
  readonly nowMs: number;
}

/** Context handed to a safety monitor so it can ask who leads; it never mutates nodes. */
export interface MonitorContext {
  nowMs(): number;
  /** Status of a live node, undefined when it is crashed. */
  status(id: NodeId): NodeStatus | undefined;
}

export interface InvariantReport {
  readonly name: string;
  /** The paper rule checked, e.g. "Raft §5.2 (Figure 3)". */
  readonly rule: string;
  readonly held: boolean;
  readonly violations: number;
  readonly firstViolation?: { readonly atMs: number; readonly node: NodeId | undefined; readonly detail: string };
}

/** Watches a run and reports the protocol's safety properties; `afterEvent` runs after every kernel event. */
export interface SafetyMonitor<M extends Message> {
  observe(node: NodeId, event: ProtocolEvent): void;
  /** Optional per-message hook (e.g. to see what a node accepted). */
  delivered?(message: M): void;
  crashed(node: NodeId): void;
  afterEvent(): void;
  report(): InvariantReport[];
}

/** One run's worth of a protocol: its storage, nodes and safety monitor share state private to the protocol. */
export interface ProtocolRun<M extends Message, S> {
  readonly monitor: SafetyMonitor<M>;
  createStorage(id: NodeId): S;
  createNode(init: NodeInit<M, S>): ProtocolNode<M>;
  /** Whether the node wrote to `storage` since last asked (clears the mark); drives the disk-latency model. */
  wroteStorage(storage: S): boolean;
  /** Nodes a leader must reach to commit in this run, when the options change it (Flexible Paxos |Q2|). */
  readonly quorumSize?: number;
}

/** A protocol the kernel can run. */
export interface ProtocolDefinition<M extends Message, S, O> {
  readonly name: string;
  /** Nodes that must agree for progress (a majority for Raft). */
  quorumSize(nodes: number): number;
  /**
   * Every replica executes and answers each client request (PBFT), instead of the leader alone: a replica that loses
   * leadership keeps its pending requests, since it will still answer them when it executes them.
   */
  readonly repliesFromEveryReplica?: boolean;
  /**
   * The paper rule behind the kernel's `state_machine_safety` check (no two replicas apply different commands at one
   * index), cited in the protocol's own terms; Raft's Figure 3 wording when absent.
   */
  readonly stateMachineSafetyRule?: string;
  /** Byzantine behaviours the protocol's nodes implement through `setByzantine` (beyond the kernel's own). */
  readonly byzantineBehaviours?: readonly ByzantineBehaviour[];
  /** Cross-field checks of the options for this cluster size (paths name the options' fields). */
  validate(options: O, nodes: number): Issue[];
  instantiate(nodes: number, options: O, context: MonitorContext): ProtocolRun<M, S>;
}
