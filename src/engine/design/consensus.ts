import { analyzeRegions } from '../cluster/regions.js';
import { byzantineQuorumSize, crashQuorumSize } from '../cluster/quorum.js';
import type { ProtocolTuning, SimProtocolName } from '../protocols/index.js';
import { DEFAULT_PBFT_OPTIONS } from '../protocols/pbft/types.js';
import type { ReadMode } from '../sim/workload.js';
import type { GroupLayout } from './group.js';
import { deriveTiming } from './timing.js';
import type { Configuration, DesignSpec, ProtocolDescription, TimingDerivation } from './types.js';

/** What the simulator needs to run a consensus group of this design. */
export interface ConsensusSim {
  readonly protocol: SimProtocolName;
  readonly tuning: ProtocolTuning;
  readonly group: GroupLayout;
  readonly readMode: ReadMode;
  readonly clientTimeoutMs: number;
  readonly quorum: number;
}

export interface ConsensusPlan {
  readonly protocol: ProtocolDescription;
  readonly configuration: Configuration;
  readonly timing: TimingDerivation;
  readonly sim: ConsensusSim;
  readonly rationale: string[];
}

const placementText = (g: GroupLayout): string =>
  g.placement.length > 1 ? ` spread ${g.placement.map((p) => p.nodes).join('-')} over ${g.regionNames.join(', ')}` : '';

/** Reads by consistency: a leader-confirmed read for linearizable and sequential, any replica for weaker needs. */
function readPathOf(spec: DesignSpec): { mode: ReadMode; text: string } {
  // Transactions read under their locks at the leader, whatever consistency the rest of the system settles for.
  if (spec.consistency === 'linearizable' || spec.consistency === 'sequential' || spec.problemType === 'transaction') {
    return {
      mode: 'read_index',
      text: 'ReadIndex at the leader (a heartbeat round confirms leadership, then the read waits for the commit index)',
    };
  }
  return {
    mode: 'any_local',
    text: 'any replica serves reads from its applied state (stale by up to the replication lag)',
  };
}

/**
 * Flexible-Paxos quorums worth using: |Q2| inside the largest region, |Q1| = N - |Q2| + 1. Leader changes then
 * survive only |Q2| - 1 failures, so the requested tolerance (1 when none was asked for) must still hold.
 */
export function flexibleQuorums(g: GroupLayout, fNeeded: number): { q1: number; q2: number } | undefined {
  if (g.placement.length < 2) return undefined;
  const q2 = Math.max(...g.placement.map((p) => p.nodes));
  const q1 = g.voters - q2 + 1;
  if (q2 >= crashQuorumSize(g.voters) || q2 - 1 < fNeeded) return undefined;
  return { q1, q2 };
}

/** Raft or Multi-Paxos for crash faults. */
export function planLeaderConsensus(spec: DesignSpec, g: GroupLayout, paxos: boolean): ConsensusPlan {
  const flex =
    paxos && spec.optimizeFor === 'commit_latency' ? flexibleQuorums(g, spec.failureTolerance ?? 1) : undefined;
  const q = flex?.q2 ?? crashQuorumSize(g.voters);
  const timing = deriveTiming({
    network: g.network,
    commitQuorum: Math.max(q, flex?.q1 ?? 0),
    phases: 2,
    partitionProbability: spec.partitionProbability ?? 0,
  });
  const [min, max] = timing.electionTimeoutMs;
  const read = readPathOf(spec);
  const name = paxos ? (flex ? 'Multi-Paxos (Flexible Paxos quorums)' : 'Multi-Paxos') : 'Raft';
  const learners =
    g.others > 0 ? `, plus ${g.others} non-voting learner(s) that replicate the log and serve reads` : '';
  const quorumText = flex
    ? `phase 2 on ${flex.q2} and leader changes on ${flex.q1} of ${g.voters}`
    : `${q} of ${g.voters}`;
  const description =
    `${name} with ${g.voters} voters${placementText(g)}${learners}. A leader is elected with randomized ${min}-${max} ms ` +
    `timeouts${paxos ? ' (phase 1 once for all later slots)' : ', PreVote and CheckQuorum'}; each write commits on ` +
    `${quorumText} acknowledgements; reads: ${read.text}.`;
  const configuration: Configuration = {
    quorumSize: q,
    timeoutMs: min,
    heartbeatMs: timing.heartbeatMs,
    electionTimeoutMs: [min, max],
    preVote: !paxos,
    checkQuorum: true,
    ...(flex ? { phase1Quorum: flex.q1, phase2Quorum: flex.q2 } : {}),
    voters: g.voters,
    learners: g.others,
    readPath: read.mode,
    clientTimeoutMs: timing.clientTimeoutMs,
    placement: g.placement.length > 0 ? g.placement : undefined,
  };
  const tuning: ProtocolTuning = {
    electionTimeoutMinMs: min,
    electionTimeoutMaxMs: max,
    heartbeatMs: timing.heartbeatMs,
    preVote: !paxos,
    checkQuorum: true,
    phase1Quorum: flex?.q1,
    phase2Quorum: flex?.q2,
  };
  return {
    protocol: { name, description, correctnessGuarantee: guarantee(spec, g, paxos) },
    configuration,
    timing,
    sim: {
      protocol: paxos ? 'multi_paxos' : 'raft',
      tuning,
      group: g,
      readMode: read.mode,
      clientTimeoutMs: timing.clientTimeoutMs,
      quorum: q,
    },
    rationale: [...regionRationale(g, q), ...(flex ? [flexRationale(g, flex)] : [])],
  };
}

function guarantee(spec: DesignSpec, g: GroupLayout, paxos: boolean): string {
  const core = paxos
    ? 'at most one value is chosen per log slot and every replica applies the same prefix'
    : "Raft's Election Safety, Leader Append-Only, Log Matching, Leader Completeness and State Machine Safety";
  const reads =
    spec.consistency === 'linearizable' || spec.consistency === 'sequential'
      ? 'reads and writes are linearizable'
      : 'writes are linearizable; reads from followers may be stale but never show an uncommitted value';
  return `Safe under any crash failures and network partitions (${core}); ${reads}; available while ${g.voters - g.f} of ${g.voters} voters can reach each other (tolerates f = ${g.f}).`;
}

function regionRationale(g: GroupLayout, quorum: number): string[] {
  if (g.placement.length < 2) {
    return ['All voters share one region: a region outage stops the group. Spread them over 3 regions to survive one.'];
  }
  const a = analyzeRegions(
    g.placement.map((p) => ({ name: p.region, nodes: p.nodes })),
    quorum,
  );
  return [
    a.survivesAnyRegionLoss
      ? `Placement ${g.placement.map((p) => p.nodes).join('-')}: losing any one region leaves a quorum of ${quorum}.`
      : `Placement ${g.placement.map((p) => p.nodes).join('-')}: losing ${a.fatalRegions.join(' or ')} loses the quorum of ${quorum}.`,
  ];
}

function flexRationale(g: GroupLayout, flex: { q1: number; q2: number }): string {
  return (
    `Flexible Paxos (Howard et al. 2016): |Q1| + |Q2| = ${flex.q1} + ${flex.q2} > ${g.voters}, so commits need only the ` +
    `${flex.q2} voters of the leader's region (no cross-region round trip), while a leader change needs ${flex.q1}: ` +
    `losing the leader's whole region leaves too few to elect a new leader until it returns.`
  );
}

/** PBFT for byzantine faults: 3f + 1 replicas, 2f + 1 quorums, f + 1 matching replies. */
export function planPbft(spec: DesignSpec, g: GroupLayout): ConsensusPlan {
  const q = byzantineQuorumSize(g.voters, g.f);
  const timing = deriveTiming({
    network: g.network,
    commitQuorum: q,
    phases: 3,
    partitionProbability: spec.partitionProbability ?? 0,
  });
  const [min] = timing.electionTimeoutMs;
  const o = DEFAULT_PBFT_OPTIONS;
  const description =
    `PBFT (Castro & Liskov 1999) on ${g.voters} = 3f + 1 replicas${placementText(g)} for f = ${g.f}. The primary batches ` +
    `up to ${o.batchSize} requests per pre-prepare; replicas prepare on 2f matching prepares, commit on ${q} matching ` +
    `commits and execute in order; clients wait for ${g.f + 1} matching replies. Checkpoints every ` +
    `${o.checkpointInterval} sequence numbers bound the log; a backup whose request does not execute within ${min} ms ` +
    `asks for a view change, and the timeout doubles per failed view.`;
  return {
    protocol: {
      name: 'PBFT',
      description,
      correctnessGuarantee:
        `Safe (honest replicas never commit different requests at one sequence number) with up to ${g.f} byzantine ` +
        `replicas and any network behaviour; linearizable for clients that accept ${g.f + 1} matching replies; live ` +
        `once messages arrive within the view-change timeout (it doubles until they do).`,
    },
    configuration: {
      quorumSize: q,
      timeoutMs: min,
      heartbeatMs: timing.heartbeatMs,
      batchSize: o.batchSize,
      checkpointInterval: o.checkpointInterval,
      watermarkWindow: 2 * o.checkpointInterval,
      replyQuorum: g.f + 1,
      voters: g.voters,
      learners: g.others,
      readPath: 'ordered through the protocol like writes (f + 1 matching replies)',
      clientTimeoutMs: timing.clientTimeoutMs,
      placement: g.placement.length > 0 ? g.placement : undefined,
    },
    timing,
    sim: {
      protocol: 'pbft',
      tuning: {
        electionTimeoutMinMs: min,
        electionTimeoutMaxMs: timing.electionTimeoutMs[1],
        heartbeatMs: timing.heartbeatMs,
        preVote: false,
        checkQuorum: false,
      },
      group: g,
      readMode: 'log',
      clientTimeoutMs: timing.clientTimeoutMs,
      quorum: q,
    },
    rationale: regionRationale(g, q),
  };
}
