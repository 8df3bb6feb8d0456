import type { Command } from '../../sim/command.js';
import type { NodeId } from '../../sim/protocol.js';

export interface RaftEntry {
  readonly term: number;
  readonly command: Command;
}

/** Raft's RPCs (Figure 2) as one-way messages; `preVote` marks the PreVote round of the thesis §9.6. */
export type RaftMessage =
  | {
      readonly type: 'RequestVote';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly term: number;
      readonly lastLogIndex: number;
      readonly lastLogTerm: number;
      readonly preVote: boolean;
    }
  | {
      readonly type: 'RequestVoteResponse';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly term: number;
      readonly granted: boolean;
      readonly preVote: boolean;
    }
  | {
      readonly type: 'AppendEntries';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly term: number;
      readonly prevLogIndex: number;
      readonly prevLogTerm: number;
      readonly entries: readonly RaftEntry[];
      readonly leaderCommit: number;
      /** ReadIndex round this message confirms leadership for (thesis §6.4). */
      readonly readSeq: number;
    }
  | {
      readonly type: 'AppendEntriesResponse';
      readonly from: NodeId;
      readonly to: NodeId;
      readonly term: number;
      readonly success: boolean;
      /** On success: the last index known to match the leader's log. */
      readonly matchIndex: number;
      /** On rejection: where the leader should retry from (§5.3, the conflicting-term optimisation). */
      readonly conflictIndex: number;
      readonly readSeq: number;
    };

/** Test-only switches that plant known bugs, so tests can prove the checkers catch them. */
export interface RaftBugs {
  /** Grant votes without the election restriction (§5.4.1: candidate's log at least as up to date). */
  readonly voteWithoutLogCheck?: boolean;
  /** Commit a prior-term entry once a majority stores it (the Figure 8 bug; §5.4.2 forbids it). */
  readonly commitPriorTermByCount?: boolean;
  /** Accept AppendEntries whose term is older than the receiver's (§5.1: stale-term requests are rejected). */
  readonly acceptStaleAppendEntries?: boolean;
}

export interface RaftOptions {
  readonly electionTimeoutMinMs: number;
  readonly electionTimeoutMaxMs: number;
  readonly heartbeatMs: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Most entries one AppendEntries carries. */
  readonly maxEntriesPerAppend: number;
  /**
   * Append a no-op of its term when elected (§8). On by default, as etcd and hashicorp/raft do; off gives Figure 2's
   * bare protocol, where a leader appends only client commands (the setting of the Figure 8 scenario).
   */
  readonly noopOnElection: boolean;
  readonly __bugs?: RaftBugs | undefined;
}

export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  electionTimeoutMinMs: 150,
  electionTimeoutMaxMs: 300,
  heartbeatMs: 50,
  preVote: false,
  checkQuorum: false,
  maxEntriesPerAppend: 256,
  noopOnElection: true,
};

/** Majority quorum. */
export const raftQuorum = (nodes: number): number => Math.floor(nodes / 2) + 1;
