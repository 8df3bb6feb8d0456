import type { InvariantReport, MonitorContext, NodeId, ProtocolEvent, SafetyMonitor } from '../../sim/protocol.js';
import type { LogObserver, RaftStorage } from './storage.js';
import type { RaftMessage } from './types.js';

type Name = 'election_safety' | 'leader_append_only' | 'log_matching' | 'leader_completeness';

const RULES: Record<Name, string> = {
  election_safety: 'Raft §5.2, Figure 3: at most one leader can be elected in a given term',
  leader_append_only: 'Raft §5.3, Figure 3: a leader never overwrites or deletes entries in its log',
  log_matching: 'Raft §5.3, Figure 3: logs with an entry of the same index and term are identical up to that index',
  leader_completeness:
    'Raft §5.4, Figure 3: an entry committed in a term is in the logs of the leaders of all higher terms',
};

const KEY_BASE = 4_294_967_296;

/**
 * Raft's safety properties (Figure 3), checked as the run goes: storage reports every append and truncation, nodes
 * report elections and commits, and each check is O(1) (or O(terms) at an election) so it can run on every event.
 * State Machine Safety is checked by the kernel on every application, for every protocol.
 */
export class RaftMonitor implements SafetyMonitor<RaftMessage>, LogObserver {
  readonly storages: RaftStorage[] = [];
  private readonly leaderOfTerm = new Map<number, NodeId>();
  /** Term in which each node currently leads, undefined when it does not. */
  private readonly leadingTerm: (number | undefined)[];
  /**
   * (index, term) -> chain hash of the first log seen holding that entry: the first term seen at an index in flat
   * arrays (the common case), further terms at that index in a map keyed by index * 2^32 + term.
   */
  private readonly firstTerm: number[] = [];
  private readonly firstHash: number[] = [];
  private readonly otherEntries = new Map<number, number>();
  /** Chain hash of the committed prefix at each index, and the term in which the index was first committed. */
  private readonly committedHash: number[] = [];
  private readonly committedInTerm: number[] = [];
  /** Highest index committed during each term. */
  private readonly maxCommittedByTerm = new Map<number, number>();
  private readonly commitSeen: number[];
  private readonly counts: Record<Name, number> = {
    election_safety: 0,
    leader_append_only: 0,
    log_matching: 0,
    leader_completeness: 0,
  };
  private readonly first: Partial<Record<Name, { atMs: number; node: NodeId | undefined; detail: string }>> = {};

  constructor(
    nodes: number,
    private readonly context: MonitorContext,
  ) {
    this.leadingTerm = Array.from({ length: nodes }, () => undefined);
    this.commitSeen = new Array<number>(nodes).fill(0);
  }

  private violate(name: Name, node: NodeId | undefined, detail: string): void {
    this.counts[name]++;
    this.first[name] ??= { atMs: this.context.nowMs(), node, detail };
  }

  appended(node: NodeId, index: number, term: number, chainHash: number): void {
    let seen: number | undefined;
    const first = this.firstTerm[index];
    if (first === undefined) {
      this.firstTerm[index] = term;
      this.firstHash[index] = chainHash;
      return;
    }
    if (first === term) seen = this.firstHash[index];
    else {
      const key = index * KEY_BASE + term;
      seen = this.otherEntries.get(key);
      if (seen === undefined) this.otherEntries.set(key, chainHash);
    }
    if (seen !== undefined && seen !== chainHash) {
      this.violate(
        'log_matching',
        node,
        `node-${node + 1} holds an entry at index ${index} of term ${term} whose log prefix differs from another node's entry at the same index and term`,
      );
    }
  }

  truncated(node: NodeId, fromIndex: number): void {
    // Asked of the node itself: storage reports during the node's call, before its buffered events reach us.
    const status = this.context.status(node);
    if (status?.leader) {
      const term = status.term;
      this.violate(
        'leader_append_only',
        node,
        `node-${node + 1}, leader of term ${term}, deleted its entries from index ${fromIndex}`,
      );
    }
  }

  observe(node: NodeId, ev: ProtocolEvent): void {
    switch (ev.type) {
      case 'leader_elected':
        return this.elected(node, ev.term);
      case 'leader_lost':
        this.leadingTerm[node] = undefined;
        return;
      case 'commit_advanced':
        return this.committed(node, ev.term, ev.commitIndex);
      case 'election_started':
      case 'log_replicated':
        return;
    }
  }

  crashed(node: NodeId): void {
    this.leadingTerm[node] = undefined;
    this.commitSeen[node] = 0; // commitIndex is volatile: the restarted node learns it again
  }

  afterEvent(): void {
    // Every check runs at the moment its trigger happens (append, truncation, election, commit), inside the event.
  }

  private elected(node: NodeId, term: number): void {
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== node) {
      this.violate(
        'election_safety',
        node,
        `node-${node + 1} and node-${other + 1} were both elected leader of term ${term}`,
      );
    }
    this.leaderOfTerm.set(term, node);
    this.leadingTerm[node] = term;
    // Leader Completeness: everything committed in earlier terms must be in the new leader's log. The chain hash at
    // the highest such index covers the whole prefix.
    let index = 0;
    for (const [t, i] of this.maxCommittedByTerm) if (t < term && i > index) index = i;
    if (index > 0) this.checkHolds(node, term, index);
  }

  private committed(node: NodeId, term: number, commitIndex: number): void {
    const storage = this.storages[node];
    if (!storage) return;
    for (let i = (this.commitSeen[node] as number) + 1; i <= commitIndex; i++) {
      if (this.committedHash[i] !== undefined) continue;
      this.committedHash[i] = storage.hashAt(i) as number;
      this.committedInTerm[i] = term;
    }
    this.commitSeen[node] = Math.max(this.commitSeen[node] as number, commitIndex);
    if (commitIndex > (this.maxCommittedByTerm.get(term) ?? 0)) this.maxCommittedByTerm.set(term, commitIndex);
    // Leaders of later terms elected before this commit became known must hold it too.
    this.leadingTerm.forEach((t, leader) => {
      if (t !== undefined && t > (this.committedInTerm[commitIndex] ?? Infinity))
        this.checkHolds(leader, t, commitIndex);
    });
  }

  private checkHolds(leader: NodeId, term: number, index: number): void {
    const h = this.storages[leader]?.hashAt(index);
    if (h !== this.committedHash[index]) {
      this.violate(
        'leader_completeness',
        leader,
        `node-${leader + 1}, leader of term ${term}, lacks the entry committed at index ${index} in term ${this.committedInTerm[index]}`,
      );
    }
  }

  report(): InvariantReport[] {
    return (Object.keys(RULES) as Name[]).map((name) => {
      const firstViolation = this.first[name];
      return {
        name,
        rule: RULES[name],
        held: this.counts[name] === 0,
        violations: this.counts[name],
        ...(firstViolation ? { firstViolation } : {}),
      };
    });
  }
}
