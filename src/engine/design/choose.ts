import type { Alternative, DesignKind, DesignSpec } from './types.js';

/** The consensus protocol inside a design (its groups), when it has one. */
export type GroupProtocol = 'raft' | 'multi_paxos' | 'pbft' | 'leaderless';

export interface Choice {
  readonly kind: DesignKind;
  readonly group: GroupProtocol;
  readonly reasons: readonly string[];
}

const strong = (spec: DesignSpec): boolean => spec.consistency === 'linearizable' || spec.consistency === 'sequential';

/** Raft unless Multi-Paxos is asked for, or commit latency across regions is what matters (Flexible Paxos). */
function crashConsensus(spec: DesignSpec): { group: GroupProtocol; reason: string } {
  if (spec.protocol === 'multi_paxos') return { group: 'multi_paxos', reason: 'Multi-Paxos was asked for.' };
  if (spec.protocol === 'raft') return { group: 'raft', reason: 'Raft was asked for.' };
  if (spec.optimizeFor === 'commit_latency' && (spec.regions?.length ?? 0) >= 2) {
    return {
      group: 'multi_paxos',
      reason:
        'Commit latency across regions was put first: Multi-Paxos with Flexible-Paxos quorums can commit inside the ' +
        "leader's region (Raft's majority cannot, without changing the protocol).",
    };
  }
  return {
    group: 'raft',
    reason:
      `Crash faults with ${spec.consistency} consistency need consensus; Raft gives the same guarantees as ` +
      'Multi-Paxos with one well-specified design (leader election, log repair and membership in one paper), so ' +
      'it is the default.',
  };
}

/**
 * The choice table: byzantine faults -> PBFT (groups); crash faults with linearizable or sequential needs ->
 * Raft (or Multi-Paxos); causal or eventual replication -> leaderless quorums with conflict resolution;
 * partitioning -> consistent hashing with a replication group per shard; transactions -> two-phase commit over
 * consensus groups; conflict resolution -> the CRDT or clock scheme that fits (none needed under a single leader).
 */
export function chooseDesign(spec: DesignSpec): Choice {
  const byzantine = spec.byzantine || spec.protocol === 'pbft';
  const inner = byzantine
    ? {
        group: 'pbft' as const,
        reason: spec.byzantine
          ? 'Nodes may lie (byzantine): only a BFT protocol such as PBFT stays safe, with n >= 3f + 1.'
          : 'PBFT was asked for.',
      }
    : strong(spec) || spec.problemType === 'transaction'
      ? crashConsensus(spec)
      : {
          group: 'leaderless' as const,
          reason: `${spec.consistency} consistency lets replicas accept writes without a leader.`,
        };
  switch (spec.problemType) {
    case 'partitioning':
      return {
        kind: 'sharded_consensus',
        group: inner.group,
        reasons: [
          inner.reason,
          'Data is partitioned: each shard is its own replication group, so capacity grows with nodes.',
        ],
      };
    case 'transaction':
      return {
        kind: 'two_phase_commit',
        group: inner.group,
        reasons: [
          inner.reason,
          'Transactions span shards: two-phase commit makes them atomic, and running each participant as a consensus group keeps a coordinator crash from blocking it.',
        ],
      };
    case 'conflict_resolution':
      if (inner.group === 'leaderless')
        return {
          kind: 'crdt',
          group: 'leaderless',
          reasons: [
            inner.reason,
            'Concurrent writes will conflict: they need a merge rule that every replica applies alike.',
          ],
        };
      return {
        kind: inner.group,
        group: inner.group,
        reasons: [
          inner.reason,
          `${spec.consistency} consistency rules out divergent replicas: a single ordered log means conflicts never arise, which beats resolving them.`,
        ],
      };
    case 'replication':
      if (inner.group === 'leaderless')
        return { kind: 'leaderless_quorum', group: 'leaderless', reasons: [inner.reason] };
      return {
        kind: inner.group,
        group: inner.group,
        reasons: [
          inner.reason,
          'Replication with this consistency is a replicated log: every replica applies the same commands in the same order.',
        ],
      };
    case 'consensus':
      return {
        kind: inner.group === 'leaderless' ? 'raft' : inner.group,
        group: inner.group === 'leaderless' ? 'raft' : inner.group,
        reasons: [inner.group === 'leaderless' ? crashConsensus(spec).reason : inner.reason],
      };
  }
}

/** Alternatives considered, with what each would trade. */
export function alternativesFor(choice: Choice, spec: DesignSpec): Alternative[] {
  const all: Record<string, Alternative> = {
    raft: {
      name: 'Raft',
      tradeOff:
        'Majority quorums: commits need a round trip to the nearest majority; tolerates f crashes with 2f + 1 voters; no protection against lying nodes.',
      whenBetter:
        'Crash faults, linearizable or sequential needs, and an implementation people can reason about (etcd, Consul, CockroachDB).',
    },
    multi_paxos: {
      name: 'Multi-Paxos (with Flexible Paxos quorums)',
      tradeOff:
        "Same guarantees as Raft; |Q1| + |Q2| > N lets commits use a smaller quorum (inside the leader's region) if leader changes use a bigger one, which gives up surviving the loss of the leader's region.",
      whenBetter: 'Commit latency across regions matters more than surviving a whole-region loss without intervention.',
    },
    pbft: {
      name: 'PBFT',
      tradeOff:
        'Tolerates f byzantine nodes but needs 3f + 1 replicas, three message rounds and about 2n(n - 1) messages per batch; clients wait for f + 1 matching replies.',
      whenBetter:
        'Nodes are run by parties that do not trust each other, or compromised or buggy nodes must not corrupt the state.',
    },
    leaderless: {
      name: 'Leaderless quorums (Dynamo style) with CRDTs',
      tradeOff:
        'Writes stay available on both sides of a partition and need no failover, but reads may be stale and concurrent writes must be merged.',
      whenBetter:
        'Availability under partitions matters more than linearizability (carts, counters, presence, caches).',
    },
    async: {
      name: 'Asynchronous primary-backup',
      tradeOff:
        'Lowest write latency and simplest to run, but failover loses the writes the backups had not received (RPO > 0) and needs fencing to avoid two primaries.',
      whenBetter: 'Losing the last few seconds of writes on a failover is acceptable.',
    },
    single: {
      name: 'One shard (no partitioning)',
      tradeOff: 'No cross-shard transactions or rebalancing, but capacity is one group.',
      whenBetter: 'The data and write rate fit one consensus group.',
    },
  };
  const pick = (...keys: string[]): Alternative[] => keys.map((k) => all[k] as Alternative);
  switch (choice.kind) {
    case 'raft':
      return pick('multi_paxos', 'pbft', spec.consistency === 'linearizable' ? 'async' : 'leaderless');
    case 'multi_paxos':
      return pick('raft', 'pbft', 'async');
    case 'pbft':
      return pick('raft', 'leaderless');
    case 'leaderless_quorum':
    case 'crdt':
      return pick('raft', 'async');
    case 'sharded_consensus':
      return pick('single', choice.group === 'leaderless' ? 'raft' : 'leaderless', 'pbft');
    case 'two_phase_commit':
      return pick('single', 'leaderless', choice.group === 'pbft' ? 'raft' : 'pbft');
  }
}
