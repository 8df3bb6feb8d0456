/**
 * The troubleshooting knowledge base: data only. The rules that score evidence against it live in `rules-*.ts`.
 * The first five issues carry the seed skill's table (issue, cause, resolution) as their first cause; the rest are
 * the other failures people running replicated systems meet. Resolutions are ranked, most effective first.
 * A KB data file: exempt from the 400-line budget.
 */
import { assert } from '../errors.js';
import type { IssueId } from './types.js';

export interface KbCause {
  readonly id: string;
  readonly text: string;
  /** Ranked: the first is the fix to try first for this cause. */
  readonly resolutions: readonly string[];
}

export interface KbSignal {
  /** The input that carries the signal, as the tool spells it. */
  readonly input: string;
  readonly confirms: string;
  readonly rulesOut: string;
}

export interface KbIssue {
  readonly id: IssueId;
  readonly title: string;
  readonly summary: string;
  /** Causes in order of prior likelihood: the first is the default when no evidence singles one out. */
  readonly causes: readonly KbCause[];
  readonly signals: readonly KbSignal[];
  /** Free-text phrases and their strength: 3 names the issue, 2 describes it, 1 only hints at it. */
  readonly phrases: readonly (readonly [string, number])[];
  /** Links into the skill's documents, relative to SKILL.md's folder. */
  readonly references: readonly string[];
}

const TS = 'references/troubleshooting.md';

export const KB: readonly KbIssue[] = [
  {
    id: 'split_brain',
    title: 'Split-brain',
    summary: 'Two nodes act as leader (or primary) at once and both accept writes.',
    causes: [
      {
        id: 'partition_without_fencing',
        text: 'Network partition: the old leader, cut off, keeps serving while the majority elects a new one, and nothing fences it out.',
        resolutions: [
          'Implement proper fencing: pass the term (or a fencing token) with every write and have the storage or lock service reject tokens older than the newest it has seen.',
          'Enable CheckQuorum so a leader that has not heard from a majority for an election timeout steps down.',
          'Serve reads through ReadIndex (a heartbeat round confirms leadership) rather than trusting the local role.',
        ],
      },
      {
        id: 'quorum_below_majority',
        text: 'The configured quorum is not a majority, so two disjoint groups can each gather a "quorum" and elect a leader.',
        resolutions: [
          'Set the quorum to floor(n/2)+1 so any two quorums share a node (validate_cluster computes it).',
          'Use an odd node count so a symmetric split cannot give both halves the same size.',
        ],
      },
      {
        id: 'election_safety_violation',
        text: 'Two leaders in the same term: votes were granted twice in one term, typically because currentTerm/votedFor were not persisted before replying, or a data directory was copied or wiped.',
        resolutions: [
          'Treat it as a safety incident: stop writes, compare logs and restore from the node whose log is a superset of every acknowledged write.',
          'Persist currentTerm and votedFor to stable storage (fsync) before answering RequestVote (Raft §5.2, Figure 2).',
          "Never clone a member's data directory or reuse a node id with fresh storage; remove and re-add the member instead.",
        ],
      },
    ],
    signals: [
      {
        input: 'events',
        confirms:
          'two leader_elected records for the same term naming different nodes (a safety violation), or a deposed leader still replicating after a newer term was elected',
        rulesOut: 'every term in the log has exactly one leader and no old leader keeps replicating',
      },
      { input: 'cluster_config.quorum_size', confirms: 'a quorum at or below n/2', rulesOut: 'a majority quorum' },
      {
        input: 'answers.fencing',
        confirms: 'no fencing mechanism',
        rulesOut: 'fencing tokens checked by the storage, with CheckQuorum enabled',
      },
      {
        input: 'metrics.partition_events_total',
        confirms: 'partitions detected in the window',
        rulesOut: 'no partition detected',
      },
    ],
    phrases: [
      ['split brain', 3],
      ['two leaders', 3],
      ['multiple leaders', 3],
      ['dual leader', 3],
      ['two primaries', 3],
      ['dual primary', 3],
      ['two masters', 3],
      ['multiple masters', 3],
      ['both leader', 2],
      ['both primary', 2],
      ['zombie leader', 3],
      ['stale leader', 2],
      ['deposed leader', 2],
      ['old leader still', 2],
      ['think they are leader', 3],
      ['dual master', 3],
      ['both accept writes', 3],
      ['fencing', 1],
    ],
    references: [`${TS}#split-brain`, 'references/consensus.md#raft-crash-faults', 'references/quorums.md'],
  },
  {
    id: 'leader_flapping',
    title: 'Leader flapping',
    summary: 'Leadership changes again and again without a lasting failure; each change stalls writes for an election.',
    causes: [
      {
        id: 'unstable_network',
        text: 'Unstable network: lost or delayed heartbeats make followers time out and start elections.',
        resolutions: [
          'Increase election timeout: at least 10x the p99 round trip, with the heartbeat near one round trip.',
          'Enable PreVote so a node that lost contact cannot bump the term and depose a healthy leader when it returns.',
          'Enable CheckQuorum so only a leader that really lost the majority steps down.',
          'Fix the link: packet loss, saturated NICs, cross-region routes.',
        ],
      },
      {
        id: 'timeouts_too_short',
        text: 'Election timeout too short for the network: normal round-trip jitter exceeds it, so followers give up on a healthy leader.',
        resolutions: [
          'Increase the election timeout to at least 10x the p99 round trip (etcd tuning guide; Raft §5.6 broadcastTime << electionTimeout).',
          'Set the heartbeat interval near the round trip (0.5-1.5x) and the election timeout to about 10x the heartbeat.',
          'Enable PreVote and CheckQuorum to absorb the remaining spurious timeouts.',
        ],
      },
      {
        id: 'timeouts_too_close',
        text: 'Randomised election timeouts too close together: candidates start at the same moment and split the vote, term after term.',
        resolutions: [
          'Widen the randomisation range (the Raft paper uses 150-300 ms, a spread equal to the minimum; Raft §9.3 Figure 16).',
          'Make the spread several round trips wide so one candidate usually wins before another starts.',
        ],
      },
      {
        id: 'leader_pauses',
        text: 'The leader stalls (GC pauses, CPU starvation, slow fsync) long enough to miss heartbeats.',
        resolutions: [
          'Find and remove the pause (GC tuning, dedicated cores, a faster disk for the log).',
          'Raise the election timeout above the longest observed pause.',
        ],
      },
      {
        id: 'disruptive_node',
        text: 'One node with a bad link keeps starting elections and, without PreVote, forces term changes on the rest.',
        resolutions: [
          'Enable PreVote (Raft thesis §9.6) so the node must first learn it could win.',
          "Repair or replace that node's network path.",
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.leader_elections_total',
        confirms: 'more than a few elections per hour, or a large split_vote share',
        rulesOut: 'no elections in a window of several minutes',
      },
      {
        input: 'cluster_config.election_timeout_min_ms',
        confirms: 'below 10x the p99 round trip, or a min-max spread narrower than a few round trips',
        rulesOut: 'timeouts well above 10x the round trip with PreVote and CheckQuorum on',
      },
      {
        input: 'metrics.rtt_p99_ms',
        confirms: 'p99 round trip near the election timeout',
        rulesOut: 'round trips two orders of magnitude below the timeout',
      },
      {
        input: 'metrics.partition_events_total',
        confirms: 'partitions detected repeatedly (unstable network)',
        rulesOut: 'flat, pointing at timing rather than the network',
      },
      {
        input: 'events',
        confirms: 'many leader_elected records in a short span, terms that jump, one node starting most elections',
        rulesOut: 'one leader throughout',
      },
    ],
    phrases: [
      ['flapping', 3],
      ['flap', 3],
      ['leader keeps changing', 3],
      ['leader changes', 2],
      ['keeps changing', 2],
      ['re elect', 2],
      ['reelect', 2],
      ['reelection', 2],
      ['frequent elections', 3],
      ['election storm', 3],
      ['too many elections', 3],
      ['leader churn', 3],
      ['leadership changes', 2],
      ['term keeps increasing', 3],
      ['term increasing', 2],
      ['unstable leader', 3],
      ['new leader every', 3],
      ['leader bouncing', 3],
      ['election loop', 3],
      ['elections keep happening', 3],
      ['constant elections', 3],
      ['leader steps down', 3],
      ['split vote', 2],
      ['elections', 1],
      ['election timeout', 1],
    ],
    references: [
      `${TS}#leader-flapping`,
      'references/consensus.md#raft-crash-faults',
      'references/operations.md#metrics',
    ],
  },
  {
    id: 'stale_reads',
    title: 'Stale reads',
    summary: 'Reads return values older than a write that already succeeded.',
    causes: [
      {
        id: 'follower_reads_lag',
        text: 'Replication lag: reads are served by followers that have not applied the latest writes.',
        resolutions: [
          'Route to leader or read-repair: send reads that need the latest value to the leader (ReadIndex, or a lease with bounded clock drift); where reads must go to replicas, read a quorum and repair stale copies on read.',
          "Give sessions read-your-writes: pass the write's index and wait until the replica has applied it.",
        ],
      },
      {
        id: 'non_overlapping_quorums',
        text: 'Read and write quorums do not overlap (R + W <= N), so a read can miss every replica holding the latest write.',
        resolutions: [
          'Raise R or W until R + W > N (validate_cluster checks it).',
          'Use read-repair to converge replicas read at a lower level.',
        ],
      },
      {
        id: 'stale_leader_reads',
        text: 'A deposed leader still answers reads locally after a new leader was elected.',
        resolutions: [
          'Confirm leadership before reading (ReadIndex) or use leases only with bounded clock drift.',
          'Enable CheckQuorum so a cut-off leader steps down.',
        ],
      },
      {
        id: 'lease_clock_skew',
        text: 'Lease-based reads with clocks drifting beyond the lease margin: an old leaseholder believes its lease is still valid.',
        resolutions: ['Bound and monitor clock skew below the lease margin, or switch to ReadIndex reads.'],
      },
    ],
    signals: [
      {
        input: 'metrics.stale_reads_total',
        confirms: 'reads observed returning old values',
        rulesOut: 'zero stale reads in the window',
      },
      {
        input: 'metrics.replication_lag_seconds',
        confirms: 'lag that is growing on the followers serving reads',
        rulesOut: 'lag near zero on every follower',
      },
      {
        input: 'cluster_config.read_from',
        confirms: 'reads from followers or any replica',
        rulesOut: 'reads through the leader with a strict quorum',
      },
      { input: 'cluster_config.read_quorum', confirms: 'R + W <= N', rulesOut: 'R + W > N' },
    ],
    phrases: [
      ['stale read', 3],
      ['stale data', 3],
      ['old value', 3],
      ['old data', 2],
      ['outdated', 2],
      ['out of date', 2],
      ['read your writes', 3],
      ['read my write', 3],
      ['does not see write', 2],
      ['reads behind', 2],
      ['monotonic read', 2],
      ['reads return old', 3],
      ['doesnt see write', 3],
      ['dont see write', 3],
      ['cant see write', 3],
      ['stale', 1],
    ],
    references: [`${TS}#stale-reads`, 'references/replication-and-partitioning.md', 'references/quorums.md'],
  },
  {
    id: 'deadlock',
    title: 'Deadlock',
    summary: "Requests wait on each other's locks and none progresses.",
    causes: [
      {
        id: 'lock_ordering',
        text: 'Lock ordering: transactions take the same locks in different orders and wait for each other in a cycle.',
        resolutions: [
          'Timeout + retry with backoff: give lock waits a timeout and retry with exponential backoff and jitter (first 50 ms, x2, capped at 10 s, jitter 0.25).',
          'Acquire locks in one global order (for example sorted by key).',
          'Use deadlock detection (wait-for graph) or wound-wait / wait-die to abort one side.',
        ],
      },
      {
        id: 'no_lock_timeout',
        text: 'Lock waits have no timeout, so a cycle or a lost lock holder blocks forever.',
        resolutions: [
          'Set a lock timeout and retry with backoff.',
          'Give distributed locks leases with fencing tokens so a crashed holder cannot block forever.',
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.deadlocks_total',
        confirms: 'deadlocks detected',
        rulesOut: 'none detected and short lock waits',
      },
      {
        input: 'metrics.lock_wait_p99_seconds',
        confirms: 'long lock waits while CPU is idle',
        rulesOut: 'lock waits in milliseconds',
      },
      {
        input: 'answers.consistent_lock_order',
        confirms: 'locks taken in different orders',
        rulesOut: 'one global lock order',
      },
      {
        input: 'cluster_config.lock_timeout_ms',
        confirms: 'no lock timeout (0)',
        rulesOut: 'a lock timeout with retries',
      },
    ],
    phrases: [
      ['deadlock', 3],
      ['dead lock', 3],
      ['lock ordering', 3],
      ['waiting for lock', 3],
      ['lock wait', 2],
      ['lock timeout', 2],
      ['stuck waiting', 2],
      ['hang', 1],
      ['hung', 1],
      ['blocked', 1],
      ['livelock', 2],
      ['circular wait', 3],
      ['lock contention', 2],
    ],
    references: [`${TS}#deadlock`, 'references/operations.md#client-retries'],
  },
  {
    id: 'data_divergence',
    title: 'Data divergence',
    summary: 'Replicas hold different values for the same data and do not converge.',
    causes: [
      {
        id: 'concurrent_writes',
        text: 'Concurrent writes: different replicas accepted writes to the same data with no rule to reconcile them.',
        resolutions: [
          'Implement conflict resolution: version vectors to detect concurrency, then a merge (CRDTs) or an explicit choice.',
          'Route writes for a key through a single writer (leader or owner) to serialise them.',
          'Run anti-entropy (Merkle-tree repair) so replicas converge after the fact.',
        ],
      },
      {
        id: 'disjoint_write_quorums',
        text: 'Write quorums of at most N/2 can be disjoint, so two concurrent writes never meet a common replica.',
        resolutions: [
          'Use W > N/2 so concurrent writes meet a common replica.',
          'Add versioning (vector clocks) to reconcile what W alone cannot.',
        ],
      },
      {
        id: 'safety_violation',
        text: 'Two replicas applied different commands at the same log index: State Machine Safety is broken (split-brain, an unsafe election or a bug).',
        resolutions: [
          'Treat it as a safety incident: stop writes, find the first divergent index and rebuild the minority replicas from the majority log.',
          'Check for split-brain (fencing) and for unsafe elections (a leader elected without the up-to-date-log check).',
        ],
      },
    ],
    signals: [
      {
        input: 'events',
        confirms:
          'commit_applied records with the same index and different values (a safety violation), or many conflict_resolved',
        rulesOut: 'every index applied with one value',
      },
      { input: 'metrics.divergent_keys', confirms: 'keys whose replicas differ', rulesOut: 'zero divergent keys' },
      {
        input: 'cluster_config.conflict_resolution',
        confirms: 'none while several nodes accept writes',
        rulesOut: 'CRDTs, version vectors or a single writer',
      },
      { input: 'cluster_config.write_quorum', confirms: 'W <= N/2', rulesOut: 'W > N/2' },
    ],
    phrases: [
      ['data divergence', 3],
      ['divergence', 3],
      ['diverge', 3],
      ['diverged', 3],
      ['replicas disagree', 3],
      ['inconsistent replicas', 3],
      ['values differ', 3],
      ['replicas differ', 3],
      ['data differs between', 3],
      ['replicas mismatch', 3],
      ['different values', 2],
      ['conflicting writes', 3],
      ['out of sync', 2],
      ['checksum mismatch', 3],
      ['siblings', 2],
      ['conflict', 1],
      ['inconsistent', 1],
    ],
    references: [`${TS}#data-divergence`, 'references/replication-and-partitioning.md', 'references/quorums.md'],
  },
  {
    id: 'commit_latency_spikes',
    title: 'Commit latency spikes',
    summary: 'Most commits are fast but the tail (p99) jumps, sometimes beyond the client timeout.',
    causes: [
      {
        id: 'leader_changes',
        text: 'Leader changes: every election leaves a window with no leader, and requests queue until a new one is elected.',
        resolutions: [
          'Stop the elections first (see leader flapping).',
          'Retry with backoff on LEADER_NOT_FOUND rather than failing the request.',
        ],
      },
      {
        id: 'slow_fsync',
        text: "Slow disk: the log fsync on the leader or on the quorum's followers dominates the commit path.",
        resolutions: [
          'Put the log on a dedicated low-latency disk (NVMe, no noisy neighbours).',
          'Batch entries per fsync (group commit).',
        ],
      },
      {
        id: 'gc_pauses',
        text: 'Stop-the-world pauses (GC, CPU throttling) on the leader.',
        resolutions: [
          'Tune or replace the collector, reserve CPU, lower heap churn.',
          'Check for CPU throttling by the container runtime.',
        ],
      },
      {
        id: 'wan_quorum',
        text: 'The quorum spans distant regions, so each commit waits for a cross-region round trip.',
        resolutions: [
          'Place a majority of voters in nearby zones and keep remote replicas as non-voting learners.',
          'Pipeline and batch proposals to amortise the round trip.',
        ],
      },
      {
        id: 'saturation',
        text: 'The leader is saturated (CPU, network or queue), so requests wait behind each other.',
        resolutions: [
          'Shed or throttle load, add batching, split the keyspace into more consensus groups.',
          'Keep voting groups at 3-5 members; larger groups make every commit wait for more acknowledgements.',
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.consensus_latency_seconds',
        confirms: 'p99 far above p50 or above the baseline',
        rulesOut: 'p99 within a few times p50 and below 50 ms',
      },
      {
        input: 'metrics.fsync_p99_ms',
        confirms: 'fsync p99 a large part of commit p99',
        rulesOut: 'fsync in single milliseconds',
      },
      { input: 'metrics.gc_pause_max_ms', confirms: 'pauses as long as the latency spikes', rulesOut: 'no pauses' },
      { input: 'metrics.leader_elections_total', confirms: 'elections in the same window', rulesOut: 'no elections' },
    ],
    phrases: [
      ['latency spike', 3],
      ['commit latency', 3],
      ['slow commit', 3],
      ['tail latency', 3],
      ['p99', 2],
      ['slow writes', 2],
      ['write latency', 2],
      ['latency', 1],
      ['slow', 1],
      ['timeouts', 1],
    ],
    references: [
      `${TS}#commit-latency-spikes`,
      'references/operations.md#metrics',
      'references/consensus.md#raft-crash-faults',
    ],
  },
  {
    id: 'replication_lag_growth',
    title: 'Growing replication lag',
    summary: 'A follower falls further behind instead of catching up.',
    causes: [
      {
        id: 'apply_slower_than_writes',
        text: 'The follower applies entries more slowly than the leader accepts them, so the gap grows by the difference every second.',
        resolutions: [
          "Raise the follower's apply rate (parallel apply, faster disk, smaller entries) or throttle writes to what followers sustain.",
          'If it cannot catch up, rebuild it from a snapshot rather than replaying the log.',
        ],
      },
      {
        id: 'slow_follower',
        text: 'One follower is slow (disk, CPU, or its network path) while the others keep up.',
        resolutions: [
          'Repair or replace that node; move it to its own hardware.',
          'Make it a non-voting learner until it keeps up.',
        ],
      },
      {
        id: 'network_bandwidth',
        text: 'The network between leader and followers is lossy or saturated.',
        resolutions: [
          'Fix packet loss and bandwidth; compress the replication stream.',
          'Place followers closer to the leader.',
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.replication_lag_seconds',
        confirms: 'a series that rises steadily',
        rulesOut: 'lag that oscillates around a small value',
      },
      {
        input: 'metrics.write_rate_per_second',
        confirms: "writes above the slowest follower's apply rate",
        rulesOut: 'apply rate at or above the write rate',
      },
      { input: 'metrics.packet_loss_ratio', confirms: 'loss on the replication path', rulesOut: 'no loss' },
    ],
    phrases: [
      ['replication lag', 3],
      ['lag growing', 3],
      ['lag increasing', 3],
      ['follower behind', 3],
      ['falling behind', 3],
      ['replica lag', 3],
      ['cannot catch up', 3],
      ['replica behind', 3],
      ['behind the primary', 3],
      ['behind the leader', 3],
      ['seconds behind master', 3],
      ['catching up', 2],
      ['backlog', 1],
      ['lag', 1],
    ],
    references: [
      `${TS}#growing-replication-lag`,
      'references/replication-and-partitioning.md',
      'references/operations.md#metrics',
    ],
  },
  {
    id: 'clock_skew',
    title: 'Clock skew',
    summary: 'Node clocks disagree by more than the system assumes.',
    causes: [
      {
        id: 'unsynchronised_clocks',
        text: 'Clocks are not (or badly) synchronised, so offsets exceed the bound that leases and timestamps rely on.',
        resolutions: [
          'Run NTP (or PTP) on every node, alert when the offset exceeds half the bound, and take a node out when it exceeds the bound.',
          'Do not depend on wall clocks for ordering: use terms, log indexes, hybrid logical clocks or version vectors.',
        ],
      },
      {
        id: 'clock_jumps',
        text: 'A clock stepped (VM migration, NTP step, leap second), so timestamps on one node went backwards.',
        resolutions: ['Configure NTP to slew rather than step; use monotonic clocks for timeouts and leases.'],
      },
      {
        id: 'lww_with_skew',
        text: 'Last-writer-wins resolves conflicts by wall-clock time, so a node whose clock runs ahead silently wins over later writes.',
        resolutions: ['Replace LWW with version vectors or CRDTs, or use hybrid logical clocks for the timestamps.'],
      },
    ],
    signals: [
      {
        input: 'metrics.clock_skew_ms',
        confirms: 'offset above the bound the system assumes',
        rulesOut: 'offset well inside the bound',
      },
      {
        input: 'answers.clock_sync',
        confirms: 'no clock synchronisation',
        rulesOut: 'PTP or NTP with an alert on offset',
      },
      {
        input: 'events',
        confirms:
          'timestamps that go backwards on one node, or a follower applying a term before its leader was elected',
        rulesOut: 'timestamps consistent with causality',
      },
    ],
    phrases: [
      ['clock skew', 3],
      ['clock drift', 3],
      ['time drift', 3],
      ['clocks out of sync', 3],
      ['clocks off', 3],
      ['clocks disagree', 3],
      ['clocks differ', 3],
      ['clock offset', 3],
      ['ntp', 2],
      ['timestamp in the future', 3],
      ['time jump', 3],
      ['leap second', 3],
      ['clock', 1],
      ['offset', 1],
    ],
    references: [`${TS}#clock-skew`, 'references/replication-and-partitioning.md'],
  },
  {
    id: 'hot_partition',
    title: 'Hot partitions',
    summary: 'One partition or key takes a disproportionate share of the load.',
    causes: [
      {
        id: 'skewed_keys',
        text: 'Skewed key popularity: a few keys (or one tenant) get most of the traffic.',
        resolutions: [
          'Split the hot key (key salting, write sharding) and cache hot reads.',
          'Rate-limit the hot tenant.',
        ],
      },
      {
        id: 'monotonic_keys',
        text: 'Range partitioning with monotonically increasing keys (timestamps, sequences): every insert lands in the last range.',
        resolutions: [
          'Hash or prefix the key so inserts spread over ranges.',
          'Split busy ranges and pre-split for the expected key space.',
        ],
      },
      {
        id: 'too_few_vnodes',
        text: 'Hash partitioning with too few virtual nodes: the ring gives some nodes much more of the keyspace.',
        resolutions: ['Use more virtual nodes per physical node (100+) to even the ranges.'],
      },
    ],
    signals: [
      {
        input: 'metrics.partition_load',
        confirms: 'the hottest partition far above the mean',
        rulesOut: 'load within about 20% of the mean everywhere',
      },
      {
        input: 'metrics.hot_key_share',
        confirms: 'one key taking a large share of requests',
        rulesOut: 'no key above a percent or two',
      },
      {
        input: 'cluster_config.partitioning',
        confirms: 'range partitioning with the last range hottest (monotonic keys)',
        rulesOut: '',
      },
    ],
    phrases: [
      ['hot partition', 3],
      ['hot shard', 3],
      ['hot key', 3],
      ['hot spot', 3],
      ['hotspot', 3],
      ['uneven load', 3],
      ['load skew', 3],
      ['one shard overloaded', 3],
      ['hot node', 3],
      ['most of the traffic', 2],
      ['imbalanced', 2],
      ['unbalanced', 2],
      ['celebrity', 2],
    ],
    references: [`${TS}#hot-partitions`, 'references/replication-and-partitioning.md'],
  },
  {
    id: 'retry_storm',
    title: 'Retry storms and thundering herds',
    summary: 'Retries multiply the load on a struggling system and keep it from recovering.',
    causes: [
      {
        id: 'no_backoff',
        text: 'Retries without exponential backoff (or too many attempts) multiply the load by the number of attempts.',
        resolutions: [
          'Retry with exponential backoff (first 50 ms, x2, capped at 10 s) and at most a few attempts, only on retryable errors.',
          'Add a retry budget or circuit breaker so retries stay a small fraction of traffic.',
          'Retry at one layer only; attempts multiply across layers.',
        ],
      },
      {
        id: 'synchronized_retries',
        text: 'Clients retry in lockstep (no jitter) after a shared failure such as a leader change, hitting the new leader together.',
        resolutions: [
          'Add jitter (0.25 or more, or full jitter) to every backoff delay.',
          'Stagger reconnects after a failover.',
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.retries_per_second',
        confirms: 'retries a large fraction of (or more than) first attempts',
        rulesOut: 'retries a few percent of requests',
      },
      {
        input: 'cluster_config.retry_multiplier',
        confirms: 'multiplier 1 (no backoff), jitter 0, many attempts or layers',
        rulesOut: 'the seed policy: 50 ms, x2, 10 s cap, jitter 0.25',
      },
      { input: 'metrics.leader_elections_total', confirms: 'a leader change just before the surge', rulesOut: '' },
    ],
    phrases: [
      ['retry storm', 3],
      ['thundering herd', 3],
      ['stampede', 3],
      ['dogpile', 3],
      ['synchronized retries', 3],
      ['metastable', 3],
      ['cascading failure', 2],
      ['request amplification', 3],
      ['too many retries', 3],
      ['retries', 1],
      ['retry', 1],
    ],
    references: [`${TS}#retry-storms-and-thundering-herds`, 'references/operations.md#client-retries'],
  },
  {
    id: 'lost_writes_after_failover',
    title: 'Lost writes after failover',
    summary: 'Writes that were acknowledged are gone after a new leader or primary took over.',
    causes: [
      {
        id: 'async_replication',
        text: 'Asynchronous replication: the old primary acknowledged writes before any replica had them, and the promoted replica never saw them.',
        resolutions: [
          'Acknowledge only after a majority (or a synchronous replica) stores the write.',
          'Promote only the most up-to-date replica and fence the old primary before promotion.',
        ],
      },
      {
        id: 'unsafe_election',
        text: 'A node missing committed entries became leader (no up-to-date-log check, or an "unclean" election) and overwrote them.',
        resolutions: [
          'Keep the election restriction: vote only for candidates whose log is at least as up to date (Raft §5.4.1); disable unclean leader election.',
          "Treat it as a safety incident: recover the lost entries from the old leader's log.",
        ],
      },
      {
        id: 'write_quorum_below_majority',
        text: 'Writes are acknowledged by fewer than a majority, so a new leader elected by another majority can miss them.',
        resolutions: ['Use a write quorum of floor(n/2)+1.'],
      },
      {
        id: 'lww_overwrite',
        text: 'Last-writer-wins with skewed clocks: a write with an earlier timestamp from a fast clock silently replaces a later one.',
        resolutions: ['Use version vectors or CRDTs instead of LWW, or hybrid logical clocks.'],
      },
    ],
    signals: [
      {
        input: 'events',
        confirms: 'an index applied with one value before a leader change and another after it',
        rulesOut: 'every applied index keeps its value across leader changes',
      },
      {
        input: 'metrics.lost_writes_total',
        confirms: 'acknowledged writes missing',
        rulesOut: 'zero missing after a failover',
      },
      {
        input: 'cluster_config.replication_mode',
        confirms: 'async replication with a failover in the window',
        rulesOut: 'majority (quorum) or synchronous acknowledgement',
      },
      { input: 'answers.recent_failover', confirms: 'a failover happened', rulesOut: 'no failover' },
    ],
    phrases: [
      ['lost writes', 3],
      ['lost write', 3],
      ['data loss', 3],
      ['lost data', 3],
      ['missing writes', 3],
      ['writes disappeared', 3],
      ['acknowledged write missing', 3],
      ['acked writes', 2],
      ['writes are gone', 3],
      ['writes vanished', 3],
      ['after failover', 2],
      ['rolled back', 2],
      ['lost update', 3],
      ['truncated log', 2],
      ['failover', 1],
    ],
    references: [
      `${TS}#lost-writes-after-failover`,
      'references/consensus.md#raft-crash-faults',
      'references/replication-and-partitioning.md',
    ],
  },
  {
    id: 'quorum_loss',
    title: 'Quorum loss',
    summary: 'Fewer than a quorum of nodes can talk to each other, so no leader can be elected and writes stop.',
    causes: [
      {
        id: 'too_many_failures',
        text: 'More nodes are down than the cluster tolerates (more than floor((n-1)/2) for crash faults).',
        resolutions: [
          'Bring nodes back (or restore them from their disks) until a majority is up; do not wipe a node that holds committed data.',
          'As a last resort, force a new configuration from the most up-to-date survivor (accepting possible loss), following the documented recovery procedure.',
          'Size for the failures you expect: 2f+1 nodes for f failures, spread over failure domains.',
        ],
      },
      {
        id: 'partition_no_majority',
        text: 'A partition split the cluster so that no side holds a majority (an even split, or three or more pieces).',
        resolutions: [
          'Heal the partition; use an odd node count and at least three failure domains so one side keeps a majority.',
        ],
      },
      {
        id: 'placement',
        text: 'The placement puts a majority in one failure domain, so losing that domain loses the quorum.',
        resolutions: [
          "Spread nodes so no region holds a quorum's worth of them (5 over 3 regions as 2-2-1; validate_cluster computes it).",
        ],
      },
    ],
    signals: [
      {
        input: 'metrics.nodes_up',
        confirms: 'fewer nodes up than the quorum',
        rulesOut: 'a quorum of nodes up and reachable',
      },
      {
        input: 'events',
        confirms: 'a partition isolating enough nodes that neither side has a majority',
        rulesOut: 'partitions that always left a majority side',
      },
      {
        input: 'metrics.leader_elections_total',
        confirms: 'elections timing out with no success',
        rulesOut: 'successful elections',
      },
      {
        input: 'cluster_config.regions',
        confirms: 'a region whose loss leaves no quorum',
        rulesOut: 'survives any one region loss',
      },
    ],
    phrases: [
      ['quorum loss', 3],
      ['lost quorum', 3],
      ['no quorum', 3],
      ['quorum unreachable', 3],
      ['cannot reach quorum', 3],
      ['cant reach quorum', 3],
      ['unable to reach quorum', 3],
      ['no majority', 3],
      ['lost majority', 3],
      ['no leader', 3],
      ['leader not found', 3],
      ['cannot elect', 3],
      ['majority down', 3],
      ['cluster down', 2],
      ['writes rejected', 2],
      ['unavailable', 1],
      ['read only', 1],
    ],
    references: [`${TS}#quorum-loss`, 'references/quorums.md', 'references/operations.md#checklist'],
  },
];

/** The knowledge-base entry for an id. */
export function kbIssue(id: IssueId): KbIssue {
  const entry = KB.find((k) => k.id === id);
  assert(entry, `no KB entry for ${id}`);
  return entry;
}
