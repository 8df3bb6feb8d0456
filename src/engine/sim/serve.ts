/**
 * The server around each protocol node: answering client attempts, applying committed commands to the state
 * machine, serving reads, and acting on what the node put in its outbox after each call.
 */
import type { ClientErrorCode, Command } from './command.js';
import type { Message, NodeId, ProtocolEvent } from './protocol.js';
import type { PendingRequest, Replica } from './replica.js';
import { EV, SimEvent, type Simulation } from './simulation.js';

const nodeName = (id: NodeId): string => `node-${id + 1}`;

export function serveRequest<M extends Message, S>(
  sim: Simulation<M, S>,
  id: NodeId,
  req: { opId: number; attempt: number; command: Command },
): void {
  const r = sim.replicas[id] as Replica<M, S>;
  const node = r.node;
  if (!node) {
    sim.stats.requestsToCrashed++; // lost: the client's timeout will notice
    return;
  }
  const { command } = req;
  const now = sim.nowMs;
  const pending: PendingRequest = { opId: req.opId, attempt: req.attempt, key: command.key, arrivedAtMs: now };
  const reject = (error: ClientErrorCode, leaderHint?: NodeId): void =>
    sim.sendReply({ opId: req.opId, attempt: req.attempt, node: id, error, leaderHint });
  const mode = sim.config.clients.readMode;
  if (command.op === 'put' || mode === 'log') {
    if (command.op === 'put' && r.sm.isDuplicate(command)) return reject('DUPLICATE_REQUEST');
    const rejection = node.propose(command, now);
    if (rejection) reject(rejection.error, rejection.leaderHint);
    else r.pendingWrites.set(command.id, pending);
  } else if (mode === 'read_index') {
    const rejection = node.read(command.id, now);
    if (rejection) reject(rejection.error, rejection.leaderHint);
    else r.pendingReads.set(command.id, pending);
  } else if (mode === 'leader_local' && !node.status().leader) {
    reject('LEADER_NOT_FOUND', node.status().leaderHint);
  } else {
    // leader_local on the leader, or any_local: answered from this replica's state machine as it stands.
    sim.sendReply({ opId: req.opId, attempt: req.attempt, node: id, value: r.sm.get(command.key) });
  }
  settleAfterCall(sim, id);
}

/** Acts on a node's outbox after a call, then asks when it next needs a tick. */
export function settleAfterCall<M extends Message, S>(sim: Simulation<M, S>, id: NodeId): void {
  const r = sim.replicas[id] as Replica<M, S>;
  const out = r.outbox;
  let departMs = sim.nowMs;
  if (sim.run.wroteStorage(r.storage) && sim.config.diskLatencyMs > 0) {
    // The messages wait for the write to be durable; writes of one node queue behind each other.
    departMs = Math.max(departMs, r.diskFreeAtMs) + sim.config.diskLatencyMs;
    r.diskFreeAtMs = departMs;
  }
  // A silent byzantine replica computes as usual but nothing it says leaves.
  if (r.byzantine !== 'silent') for (const m of out.messages) sim.sendMessage(m, departMs);
  if (out.commitIndexes.length > 0) applyCommitted(sim, r, id);
  for (const [readId, index] of out.readsReady) r.waitingReads.push({ readId, index });
  for (const [readId, error] of out.readsFailed) {
    const p = r.pendingReads.get(readId);
    r.pendingReads.delete(readId);
    if (p) sim.sendReply({ opId: p.opId, attempt: p.attempt, node: id, error });
  }
  for (const ev of out.events) onEvent(sim, r, id, ev);
  out.clear();
  if (r.waitingReads.length > 0) serveWaitingReads(sim, r, id);
  const node = r.node;
  if (node) {
    const wake = node.wakeAtMs();
    if (wake < r.tickAtMs) {
      const ev = new SimEvent(Math.max(wake, sim.nowMs), EV.tick, id, r.incarnation, undefined);
      r.tickAtMs = ev.atMs;
      sim.push(ev);
    }
  }
}

function applyCommitted<M extends Message, S>(sim: Simulation<M, S>, r: Replica<M, S>, id: NodeId): void {
  const out = r.outbox;
  const now = sim.nowMs;
  for (let i = 0; i < out.commitIndexes.length; i++) {
    const index = out.commitIndexes[i] as number;
    const command = out.commitCommands[i] as Command;
    const applied = r.sm.apply(index, command);
    if (!r.compromised) sim.applyMonitor.applied(id, index, command, applied.mutated, now);
    const p = r.pendingWrites.size > 0 ? r.pendingWrites.get(command.id) : undefined;
    if (!p) continue;
    r.pendingWrites.delete(command.id);
    sim.stats.observeLatency(command.op === 'put' ? 'write' : 'read', now - p.arrivedAtMs);
    sim.sendReply({
      opId: p.opId,
      attempt: p.attempt,
      node: id,
      value: applied.value,
      error: applied.duplicate ? 'DUPLICATE_REQUEST' : undefined,
    });
  }
  if (sim.trace.wants('commit_applied')) {
    sim.trace.push({
      level: 'INFO',
      node_id: nodeName(id),
      term: r.term,
      event: 'commit_applied',
      context: { from_index: out.commitIndexes[0], to_index: r.sm.appliedIndex, entries: out.commitIndexes.length },
      at_ms: now,
    });
  }
}

function serveWaitingReads<M extends Message, S>(sim: Simulation<M, S>, r: Replica<M, S>, id: NodeId): void {
  const applied = r.sm.appliedIndex;
  let kept = 0;
  for (const w of r.waitingReads) {
    if (w.index > applied) {
      r.waitingReads[kept++] = w;
      continue;
    }
    const p = r.pendingReads.get(w.readId);
    r.pendingReads.delete(w.readId);
    if (!p) continue;
    sim.stats.observeLatency('read', sim.nowMs - p.arrivedAtMs);
    sim.sendReply({ opId: p.opId, attempt: p.attempt, node: id, value: r.sm.get(p.key) });
  }
  r.waitingReads.length = kept;
}

function onEvent<M extends Message, S>(sim: Simulation<M, S>, r: Replica<M, S>, id: NodeId, ev: ProtocolEvent): void {
  r.term = Math.max(r.term, ev.term);
  sim.monitor.observe(id, ev);
  const at_ms = sim.nowMs;
  const node_id = nodeName(id);
  switch (ev.type) {
    case 'election_started':
      sim.stats.electionStarted(ev.term, id, ev.preVote);
      sim.trace.record({
        level: 'INFO',
        node_id,
        term: ev.term,
        event: 'election_started',
        context: { pre_vote: ev.preVote },
        at_ms,
      });
      return;
    case 'leader_elected':
      r.leader = true;
      sim.stats.leaderElected(ev.term, id, at_ms);
      sim.trace.record({
        level: 'INFO',
        node_id,
        term: ev.term,
        event: 'leader_elected',
        context: { node_id, term: ev.term, votes: ev.votes },
        at_ms,
      });
      sim.stats.updateAvailability(sim);
      return;
    case 'leader_lost':
      r.leader = false;
      if (!sim.config.protocol.repliesFromEveryReplica) failPending(sim, r, id);
      sim.stats.updateAvailability(sim);
      return;
    case 'log_replicated':
      if (sim.trace.wants('log_replicated')) {
        const context = { follower_id: nodeName(ev.follower), match_index: ev.matchIndex };
        sim.trace.push({ level: 'INFO', node_id, term: ev.term, event: 'log_replicated', context, at_ms });
      }
      return;
    case 'commit_advanced':
      return;
  }
}

/**
 * A leader that steps down cannot say whether its pending writes will commit (a later leader may commit them), so
 * they end as QUORUM_UNREACHABLE, which the client treats as indeterminate and retries under the same idempotency key.
 */
function failPending<M extends Message, S>(sim: Simulation<M, S>, r: Replica<M, S>, id: NodeId): void {
  for (const p of [...r.pendingWrites.values(), ...r.pendingReads.values()]) {
    sim.sendReply({ opId: p.opId, attempt: p.attempt, node: id, error: 'QUORUM_UNREACHABLE' });
  }
  r.pendingWrites.clear();
  r.pendingReads.clear();
  r.waitingReads.length = 0;
}
