import type { Command } from '../../sim/command.js';
import { roundMicros } from '../../sim/retry.js';
import { collude, equivocate } from './byzantine.js';
import { fetchCommitted, fetchState, sendCheckpoint } from './checkpoint.js';
import type { PbftNode } from './node.js';
import { startViewChange } from './view-change.js';
import type { Slot } from './storage.js';
import { batchOf, bit, chainDigest, popcount, primaryOf, type Batch, type PbftMessage } from './types.js';

type Msg<T extends PbftMessage['type']> = Extract<PbftMessage, { type: T }>;

/** Stuck sequence numbers whose messages one retransmission tick sends again, oldest first. */
const MAX_RESENT_SLOTS = 8;

/** Sequence numbers a replica accepts: above the low watermark h (last stable checkpoint), at most h + L (§4.2). */
export function inWindow(n: PbftNode, seq: number): boolean {
  const s = n.storage;
  return seq > s.stableSeq && seq <= s.stableSeq + 2 * n.options.checkpointInterval;
}

/**
 * The primary assigns sequence numbers (§4.2) to batches of waiting requests (§5.1), keeping at most
 * `pipelineDepth` in progress and staying inside the watermarks; requests that arrive meanwhile batch up.
 */
export function flush(n: PbftNode, nowMs: number): void {
  const s = n.storage;
  const o = n.options;
  while (n.queue.length > 0 && n.isPrimary()) {
    if (s.nextSeq - 1 - s.lastExecuted >= o.pipelineDepth || !inWindow(n, s.nextSeq)) return;
    const commands: Command[] = [];
    while (commands.length < o.batchSize && n.queue.length > 0) {
      const c = n.queue.shift() as Command;
      if (!s.executedIds.has(c.id) && !n.orderedInView.has(c.id)) commands.push(c);
    }
    if (commands.length === 0) return;
    const seq = s.nextSeq++;
    const batch = batchOf(commands);
    if (n.behaviour === 'equivocate') {
      equivocate(n, seq, batch, nowMs);
      continue;
    }
    acceptPrePrepare(n, n.view, seq, batch, nowMs);
    n.broadcast((to) => ({ type: 'PrePrepare', from: n.id, to, view: n.view, seq, batch }));
  }
}

/** Logs a pre-prepare for `seq` in `view`; false when one with another digest is already there (§4.2). */
export function acceptPrePrepare(n: PbftNode, view: number, seq: number, batch: Batch, nowMs: number): boolean {
  const slot = n.storage.slot(seq);
  slot.enterView(view);
  if (slot.batch !== undefined && slot.view === view) return slot.batch.digest === batch.digest;
  slot.view = view;
  slot.batch = batch;
  slot.startedMs = nowMs;
  n.storage.dirty = true;
  for (const c of batch.commands) n.orderedInView.add(c.id);
  if (seq > n.maxSeqSeen) n.maxSeqSeen = seq;
  return true;
}

/** A backup accepts the primary's pre-prepare for the current view inside the watermarks, then prepares (§4.2). */
export function onPrePrepare(n: PbftNode, m: Msg<'PrePrepare'>, nowMs: number): void {
  const s = n.storage;
  if (m.view > s.view) noteLaterView(n, m.view, m.from, nowMs);
  if (m.view !== s.view || s.viewChanging || m.from !== primaryOf(m.view, n.nodes) || !inWindow(n, m.seq)) return;
  if (n.behaviour === 'equivocate') return collude(n, m);
  if (!acceptPrePrepare(n, m.view, m.seq, m.batch, nowMs)) return;
  for (const c of m.batch.commands) if (!s.executedIds.has(c.id)) n.pending.set(c.id, c);
  n.armViewTimer(nowMs);
  sendPrepare(n, m.seq, s.slot(m.seq));
  advance(n, m.seq, nowMs);
}

/**
 * f + 1 replicas working in a later view: at least one is honest, so that view was installed while this replica was
 * away (crashed, cut off). It asks for it with a view change, which the view's primary answers with its NEW-VIEW.
 */
function noteLaterView(n: PbftNode, view: number, from: number, nowMs: number): void {
  const senders = (n.laterViews.get(view) ?? 0) | bit(from);
  n.laterViews.set(view, senders);
  if (popcount(senders) < n.f + 1) return;
  n.laterViews.clear();
  startViewChange(n, view, nowMs);
}

export function sendPrepare(n: PbftNode, seq: number, slot: Slot): void {
  const batch = slot.batch;
  if (slot.sentPrepare || !batch || primaryOf(n.view, n.nodes) === n.id) return;
  slot.sentPrepare = true;
  slot.prepares.set(batch.digest, (slot.prepares.get(batch.digest) ?? 0) | bit(n.id));
  if (n.behaviour === 'equivocate') return; // a colluder sends its own tailored messages
  const digest = batch.digest;
  n.broadcast((to) => ({ type: 'Prepare', from: n.id, to, view: n.view, seq, digest }));
}

export function onPrepare(n: PbftNode, m: Msg<'Prepare'>, nowMs: number): void {
  if (!acceptsVote(n, m.view, m.seq, m.from, nowMs) || m.from === primaryOf(m.view, n.nodes)) return;
  const slot = n.storage.slot(m.seq);
  slot.enterView(m.view);
  slot.prepares.set(m.digest, (slot.prepares.get(m.digest) ?? 0) | bit(m.from));
  advance(n, m.seq, nowMs);
}

export function onCommit(n: PbftNode, m: Msg<'Commit'>, nowMs: number): void {
  if (!acceptsVote(n, m.view, m.seq, m.from, nowMs)) return;
  const slot = n.storage.slot(m.seq);
  slot.enterView(m.view);
  const senders = (slot.commits.get(m.digest) ?? 0) | bit(m.from);
  slot.commits.set(m.digest, senders);
  if (n.isPrimary()) n.effects.event({ type: 'log_replicated', term: n.view, follower: m.from, matchIndex: m.seq });
  advance(n, m.seq, nowMs);
  // Committed by 2f + 1 without this replica having the request (it missed the pre-prepare, or was told another).
  if (popcount(senders) === n.q && !slot.committed) fetchCommitted(n, m.seq, slot);
}

function acceptsVote(n: PbftNode, view: number, seq: number, from: number, nowMs: number): boolean {
  const s = n.storage;
  if (view > s.view) noteLaterView(n, view, from, nowMs);
  if (view !== s.view || s.viewChanging || !inWindow(n, seq)) return false;
  if (seq > n.maxSeqSeen) n.maxSeqSeen = seq;
  return true;
}

/**
 * prepared(m, v, n, i): the pre-prepare and 2f prepares from other backups that match it; committed-local: prepared
 * and 2f + 1 matching commits, possibly including its own (§4.2). Then execute in sequence order.
 */
export function advance(n: PbftNode, seq: number, nowMs: number): void {
  const slot = n.storage.slot(seq);
  const batch = slot.batch;
  if (!batch || slot.view !== n.view || slot.msgView !== n.view) return;
  const d = batch.digest;
  const primary = bit(primaryOf(n.view, n.nodes));
  if (!slot.prepared && popcount((slot.prepares.get(d) ?? 0) & ~primary) >= n.q - 1) {
    slot.prepared = true;
    slot.proof = { seq, view: n.view, batch };
    n.storage.dirty = true;
    n.observer.prepared(n.id, n.view, seq, d, !n.compromised);
    sendCommit(n, seq, slot);
  }
  const needed = n.options.__bugs?.commitAtTwoF ? n.q - 1 : n.q;
  if (slot.prepared && !slot.committed && popcount(slot.commits.get(d) ?? 0) >= needed) {
    slot.committed = true;
    n.observer.committed(n.id, n.view, seq, d, !n.compromised);
    executeReady(n, nowMs);
  }
}

function sendCommit(n: PbftNode, seq: number, slot: Slot): void {
  const digest = (slot.batch as Batch).digest;
  if (slot.sentCommit) return;
  slot.sentCommit = true;
  slot.commits.set(digest, (slot.commits.get(digest) ?? 0) | bit(n.id));
  if (n.behaviour === 'equivocate') return;
  n.broadcast((to) => ({ type: 'Commit', from: n.id, to, view: n.view, seq, digest }));
}

export function executeReady(n: PbftNode, nowMs: number): void {
  const s = n.storage;
  for (let slot = s.slots.get(s.lastExecuted + 1); slot?.committed; slot = s.slots.get(s.lastExecuted + 1)) {
    execute(n, s.lastExecuted + 1, slot.batch as Batch, nowMs);
  }
}

/**
 * Executes one sequence number's batch. A request already executed (ordered twice, e.g. again after a view change)
 * is skipped, as PBFT replicas drop requests older than the client's last reply (§4.1); every honest replica skips
 * the same ones, so their state machines stay identical.
 */
export function execute(n: PbftNode, seq: number, batch: Batch, nowMs: number): void {
  const s = n.storage;
  s.lastExecuted = seq;
  s.executedBatches[seq] = batch;
  s.stateDigests[seq] = chainDigest(s.stateDigests[seq - 1] as number, batch.digest);
  s.dirty = true;
  for (const c of batch.commands) {
    n.pending.delete(c.id);
    if (s.executedIds.has(c.id)) continue;
    s.executedIds.add(c.id);
    s.executedCommands.push(c);
    n.effects.committed(s.executedCommands.length, c);
  }
  n.effects.event({ type: 'commit_advanced', term: n.view, commitIndex: s.executedCommands.length });
  if (seq % n.options.checkpointInterval === 0) sendCheckpoint(n, seq);
  // Progress: the timer restarts for what still waits, at the base timeout again (§4.5.2).
  n.vcBackoff = 0;
  n.vcDeadlineMs = Infinity;
  n.armViewTimer(nowMs);
  flush(n, nowMs);
}

/**
 * Messages are sent again for sequence numbers stuck longer than a retransmission interval (PBFT assumes a channel
 * that eventually delivers), a lagging replica asks for state again, and a view change in progress is re-announced.
 */
export function retransmit(n: PbftNode, nowMs: number): void {
  const s = n.storage;
  const stale = roundMicros(nowMs - n.options.retransmitMs);
  let resent = 0;
  for (const [seq, slot] of s.slots) {
    if (seq <= s.lastExecuted || slot.msgView !== n.view) continue;
    if (!slot.committed) fetchCommitted(n, seq, slot);
    if (slot.view !== n.view || !slot.batch || slot.startedMs > stale) continue;
    if (++resent > MAX_RESENT_SLOTS) break;
    const { batch } = slot;
    const digest = batch.digest;
    if (n.isPrimary()) n.broadcast((to) => ({ type: 'PrePrepare', from: n.id, to, view: n.view, seq, batch }));
    if (slot.sentPrepare && n.behaviour !== 'equivocate') {
      n.broadcast((to) => ({ type: 'Prepare', from: n.id, to, view: n.view, seq, digest }));
    }
    if (slot.sentCommit && n.behaviour !== 'equivocate') {
      n.broadcast((to) => ({ type: 'Commit', from: n.id, to, view: n.view, seq, digest }));
    }
  }
  if (s.lastExecuted < s.stableSeq) fetchState(n);
  const cp = s.lastExecuted - (s.lastExecuted % n.options.checkpointInterval);
  if (cp > s.stableSeq) sendCheckpoint(n, cp);
  if (s.viewChanging) {
    const mine = s.viewChanges.get(s.view)?.get(n.id);
    if (mine) n.broadcast((to) => ({ ...mine, to }));
  }
  if (n.isPrimary()) flush(n, nowMs);
}

export const NULL_BATCH: Batch = batchOf([]);
