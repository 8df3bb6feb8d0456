/** Evidence for lost writes after a failover and for replicas that diverge. */
import { Evidence, W } from './evidence.js';
import { MAJORITY_PROTOCOLS, cite, type Facts } from './facts.js';
import { quorumCheck } from './rules-reads.js';
import type { Finding } from './types.js';

function failoverSeen(f: Facts): { yes: boolean; input: string } | undefined {
  if (f.answers.recent_failover !== undefined)
    return { yes: f.answers.recent_failover, input: 'answers.recent_failover' };
  if (f.elections) return { yes: f.elections.success > 0, input: 'metrics.leader_elections_total.success' };
  if (f.events && f.events.leaders.length > 0)
    return { yes: f.events.leaderChanges > 0, input: 'events (leader_elected)' };
  return undefined;
}

export function lostWriteFindings(f: Facts): Finding[] {
  const e = new Evidence('lost_writes_after_failover');
  for (const c of (f.events?.applyConflicts ?? []).filter((x) => x.leaderChangeBetween).slice(0, 3)) {
    const a = c.values[0];
    const b = c.values.find((v) => v.value !== a?.value);
    e.proves(
      cite(c.values.map((v) => v.index)),
      `index ${c.logIndex} was applied as ${a?.value} on ${a?.node}, then as ${b?.value} on ${b?.node} after a leader change: a committed entry was replaced (Leader Completeness, Raft §5.4).`,
      f.config.replication_mode === 'async' ? 'async_replication' : 'unsafe_election',
      true,
    );
  }
  const lost = f.metrics?.lost_writes_total;
  if (lost !== undefined && lost > 0)
    e.supports(W.strong, 'metrics.lost_writes_total', `${lost} acknowledged write(s) are missing.`);
  else if (lost !== undefined)
    e.contradicts(W.moderate, 'metrics.lost_writes_total', 'no acknowledged write is missing.');
  const missing = f.answers.acknowledged_writes_missing;
  if (missing === true)
    e.supports(2.5, 'answers.acknowledged_writes_missing', 'acknowledged writes were found missing.');
  if (missing === false) {
    e.contradicts(
      W.moderate,
      'answers.acknowledged_writes_missing',
      'acknowledged writes were checked and are all present.',
    );
  }
  const failover = failoverSeen(f);
  const mode = f.config.replication_mode;
  if (failover?.yes && (mode === 'async' || mode === 'semi_sync')) {
    e.supports(
      mode === 'async' ? 2.5 : W.weak,
      `cluster_config.replication_mode, ${failover.input}`,
      `${mode} replication with a failover: writes acknowledged by the old primary before a replica had them are gone.`,
      'async_replication',
    );
  } else if (mode === 'sync' || mode === 'quorum') {
    e.contradicts(
      1.5,
      'cluster_config.replication_mode',
      `${mode} replication acknowledges only writes that survive the loss of the primary.`,
    );
  }
  const ww = quorumCheck(f, 'write_quorum_overlap');
  if (ww && !ww.held) e.supports(W.moderate, 'cluster_config.write_quorum', ww.message, 'write_quorum_below_majority');
  const skew = f.metrics?.clock_skew_ms;
  if (f.config.conflict_resolution === 'lww' && skew !== undefined && skew >= 1) {
    e.supports(
      1.5,
      'cluster_config.conflict_resolution, metrics.clock_skew_ms',
      `last-writer-wins with ${skew} ms of clock skew: a write up to ${skew} ms later can lose to an earlier one.`,
      'lww_overwrite',
    );
  }
  if (failover && !failover.yes) e.contradicts(W.moderate, failover.input, 'no failover in the window.');
  return e.findings;
}

export function divergenceFindings(f: Facts): Finding[] {
  const e = new Evidence('data_divergence');
  const ev = f.events;
  for (const c of (ev?.applyConflicts ?? []).slice(0, 3)) {
    const values = [...new Set(c.values.map((v) => `${v.node}=${v.value}`))].join(', ');
    e.proves(
      cite(c.values.map((v) => v.index)),
      `index ${c.logIndex} was applied with different values (${values}): State Machine Safety (Raft §5.4.3) is broken.`,
      'safety_violation',
      true,
    );
  }
  const keys = f.metrics?.divergent_keys;
  if (keys !== undefined && keys > 0)
    e.supports(W.strong, 'metrics.divergent_keys', `${keys} key(s) differ between replicas.`, 'concurrent_writes');
  else if (keys !== undefined) e.contradicts(2.5, 'metrics.divergent_keys', 'no key differs between replicas.');
  if (ev && ev.conflictsResolved > 0) {
    e.supports(
      W.weak,
      'events (conflict_resolved)',
      `${ev.conflictsResolved} conflict(s) resolved (strategy ${ev.strategies.join(', ')}): concurrent writes do happen.`,
      'concurrent_writes',
    );
  }
  strategyEvidence(e, f);
  if (ev && (ev.duplicateLeaders.length > 0 || ev.staleLeaderWrites.length > 0)) {
    e.supports(
      1.5,
      'events (leader_elected, log_replicated)',
      'two nodes acted as leader: both may have accepted writes.',
      'safety_violation',
    );
  }
  const protocol = f.config.protocol;
  if (
    protocol &&
    MAJORITY_PROTOCOLS.has(protocol) &&
    ev &&
    ev.applyConflicts.length === 0 &&
    ev.duplicateLeaders.length === 0
  ) {
    e.contradicts(
      W.weak,
      'cluster_config.protocol, events',
      `${protocol} orders every write through one leader per term, and the events show no index applied twice differently.`,
    );
  }
  return e.findings;
}

function strategyEvidence(e: Evidence, f: Facts): void {
  const strategy = f.config.conflict_resolution;
  const multiWriter = f.config.protocol === 'leaderless' || f.config.protocol === undefined;
  if (strategy === 'none' && multiWriter) {
    e.supports(
      W.moderate,
      'cluster_config.conflict_resolution',
      'no conflict resolution while several replicas accept writes: concurrent writes stay divergent.',
      'concurrent_writes',
    );
  } else if (strategy === 'crdt' || strategy === 'vector_clocks' || strategy === 'single_writer') {
    e.contradicts(
      1.5,
      'cluster_config.conflict_resolution',
      `${strategy.replace('_', ' ')} reconciles or prevents concurrent writes.`,
    );
  }
  const ww = quorumCheck(f, 'write_quorum_overlap');
  if (ww && !ww.held) e.supports(W.moderate, 'cluster_config.write_quorum', ww.message, 'disjoint_write_quorums');
}
