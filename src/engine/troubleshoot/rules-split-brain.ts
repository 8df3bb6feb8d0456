/** Evidence for split-brain (two nodes acting as leader) and quorum loss (no majority left). */
import { Evidence, W } from './evidence.js';
import { cite, type Facts } from './facts.js';
import type { Finding } from './types.js';

export function splitBrainFindings(f: Facts): Finding[] {
  const e = new Evidence('split_brain');
  const q = f.config.quorum_size;
  const belowMajority = q !== undefined && f.nodes !== undefined && 2 * q <= f.nodes;
  for (const d of f.events?.duplicateLeaders ?? []) {
    e.proves(
      cite(d.indexes),
      `term ${d.term} has ${d.nodes.length} leaders (${d.nodes.join(', ')}): Election Safety (Raft §5.2) allows at most one per term, so this is a safety violation.`,
      belowMajority ? 'quorum_below_majority' : 'election_safety_violation',
      true,
    );
  }
  staleLeaderEvidence(e, f);
  if (q !== undefined && f.nodes !== undefined && f.quorum !== undefined) {
    if (belowMajority) {
      e.supports(
        2.5,
        'cluster_config.quorum_size',
        `quorum_size ${q} of ${f.nodes} nodes is not a majority (that is ${f.quorum}): two disjoint groups of ${q} can both decide.`,
        'quorum_below_majority',
      );
    } else {
      e.contradicts(
        W.weak,
        'cluster_config.quorum_size',
        `quorum_size ${q} of ${f.nodes} is a majority: any two quorums share a node.`,
      );
    }
  }
  fencingEvidence(e, f);
  partitionEvidence(e, f);
  return e.findings;
}

function staleLeaderEvidence(e: Evidence, f: Facts): void {
  const ev = f.events;
  const stale = ev?.staleLeaderWrites ?? [];
  const first = stale[0];
  if (first) {
    e.supports(
      4,
      cite(stale.map((s) => s.index)),
      `${first.node}, leader of term ${first.term}, still wrote log_replicated after term ${first.newerTerm} had elected another leader (${stale.length} such record(s)): a deposed leader kept acting.`,
      'partition_without_fencing',
    );
  } else if (ev && ev.leaders.length >= 2 && ev.duplicateLeaders.length === 0) {
    const terms = new Set(ev.leaders.map((c) => c.term)).size;
    e.contradicts(
      W.moderate,
      'events (leader_elected, log_replicated)',
      `each of the ${terms} terms in the events has exactly one leader, and no deposed leader kept replicating.`,
    );
  }
}

function fencingEvidence(e: Evidence, f: Facts): void {
  const fencing = f.answers.fencing;
  const checkQuorum = f.config.check_quorum;
  if (fencing === false) {
    e.supports(
      1.5,
      'answers.fencing',
      'no fencing: nothing stops a deposed leader from writing.',
      'partition_without_fencing',
    );
  } else if (fencing === true && checkQuorum === true) {
    e.contradicts(
      W.moderate,
      'answers.fencing, cluster_config.check_quorum',
      'fencing is in place and CheckQuorum makes a cut-off leader step down.',
    );
  } else if (fencing === true) {
    e.contradicts(1.5, 'answers.fencing', "fencing is in place: a deposed leader's writes are rejected.");
  } else if (checkQuorum === false) {
    e.supports(
      0.5,
      'cluster_config.check_quorum',
      'CheckQuorum is off: a cut-off leader keeps its role until it hears a higher term.',
      'partition_without_fencing',
    );
  }
}

function partitionEvidence(e: Evidence, f: Facts): void {
  const detected = f.metrics?.partition_events_total?.detected;
  const input = 'metrics.partition_events_total.detected';
  if (detected !== undefined && detected > 0) {
    e.supports(
      W.weak,
      input,
      `${detected} partition(s) detected in the window: the precondition for split-brain.`,
      'partition_without_fencing',
    );
  } else if (detected !== undefined) {
    e.contradicts(W.weak, input, 'no partition detected in the window.');
  } else if (f.events && f.events.partitionsDetected > 0) {
    e.supports(
      W.weak,
      'events (partition_detected)',
      `${f.events.partitionsDetected} partition_detected record(s).`,
      'partition_without_fencing',
    );
  }
}

export function quorumLossFindings(f: Facts): Finding[] {
  const e = new Evidence('quorum_loss');
  const { nodes, quorum } = f;
  const up = f.metrics?.nodes_up;
  if (up !== undefined && nodes !== undefined && quorum !== undefined) {
    if (up < quorum) {
      e.proves(
        `metrics.nodes_up, ${f.nodesSource ?? 'nodes'}`,
        `${up} of ${nodes} nodes are up and a quorum needs ${quorum}: no leader can be elected and no write can commit.`,
        'too_many_failures',
        false,
      );
    } else
      e.contradicts(W.strong, 'metrics.nodes_up', `${up} of ${nodes} nodes are up, at least the quorum of ${quorum}.`);
  }
  for (const iso of nodes !== undefined && quorum !== undefined ? (f.events?.isolated ?? []) : []) {
    const rest = (nodes ?? 0) - iso.nodes.length;
    if (rest >= (quorum ?? 0) || iso.nodes.length >= (quorum ?? 0)) continue;
    e.supports(
      W.strong,
      `events[${iso.index}]`,
      `the partition isolates ${iso.nodes.length} node(s) (${iso.nodes.join(', ')}) from the other ${rest}: with a quorum of ${quorum}, neither side can elect a leader.`,
      'partition_no_majority',
    );
  }
  const during = f.events?.electedDuringPartition;
  if (during !== undefined) {
    e.contradicts(
      1.5,
      `events[${during}]`,
      'a leader was elected while the partition was open: a quorum (as configured) was reachable.',
    );
  }
  const el = f.elections;
  if (el && el.success === 0 && el.timeout + el.splitVote >= 3) {
    e.supports(
      W.moderate,
      'metrics.leader_elections_total',
      `${el.timeout + el.splitVote} elections failed and none succeeded: candidates cannot gather a majority of votes.`,
      'too_many_failures',
    );
  } else if (el && el.success > 0) {
    e.contradicts(
      W.weak,
      'metrics.leader_elections_total.success',
      `${el.success} election(s) succeeded: a majority could still vote.`,
    );
  }
  const fatal = f.cluster?.regions?.fatalRegions ?? [];
  if (fatal.length > 0) {
    e.supports(
      W.weak,
      'cluster_config.regions',
      `losing ${fatal.join(' or ')} leaves fewer than ${quorum ?? 'a quorum of'} nodes (validate_cluster's region analysis).`,
      'placement',
    );
  }
  return e.findings;
}
