import type { NodeId } from '../../sim/protocol.js';
import type { PbftNode } from './node.js';
import { execute, executeReady, flush } from './normal.js';
import type { Slot } from './storage.js';
import { batchOf, bit, chainDigest, popcount, type Batch, type PbftMessage } from './types.js';

type Msg<T extends PbftMessage['type']> = Extract<PbftMessage, { type: T }>;

/** After executing a multiple of K, a replica announces the digest of its state (§4.3). */
export function sendCheckpoint(n: PbftNode, seq: number): void {
  const digest = n.storage.stateDigests[seq];
  if (digest === undefined) return;
  vote(n, seq, digest, n.id);
  n.broadcast((to) => ({ type: 'Checkpoint', from: n.id, to, seq, digest }));
}

export function onCheckpoint(n: PbftNode, m: Msg<'Checkpoint'>, nowMs: number): void {
  if (m.seq <= n.storage.stableSeq) return;
  if (vote(n, m.seq, m.digest, m.from)) becomeStable(n, m.seq, m.digest, nowMs);
}

/** Records a checkpoint vote; true once 2f + 1 replicas vouch for the same state at `seq` (a stable checkpoint). */
function vote(n: PbftNode, seq: number, digest: number, from: NodeId): boolean {
  const s = n.storage;
  let byDigest = s.checkpointVotes.get(seq);
  if (!byDigest) s.checkpointVotes.set(seq, (byDigest = new Map<number, number>()));
  const senders = (byDigest.get(digest) ?? 0) | bit(from);
  byDigest.set(digest, senders);
  return popcount(senders) >= n.q && seq > s.stableSeq;
}

/**
 * A stable checkpoint is the new low watermark: the log below it is discarded (§4.3). A replica that has not
 * executed that far fetches the state it missed.
 */
export function becomeStable(n: PbftNode, seq: number, digest: number, nowMs: number): void {
  const s = n.storage;
  s.stableSeq = seq;
  s.stableDigest = digest;
  s.dirty = true;
  s.collect(seq);
  if (s.lastExecuted < seq) fetchState(n);
  else flush(n, nowMs);
}

/** Asks one of the replicas that vouched for the stable checkpoint (a different one on each retry). */
export function fetchState(n: PbftNode): void {
  const s = n.storage;
  const senders = s.checkpointVotes.get(s.stableSeq)?.get(s.stableDigest) ?? 0;
  const others: NodeId[] = [];
  for (let p = 0; p < n.nodes; p++) if (p !== n.id && (senders & bit(p)) !== 0) others.push(p);
  if (others.length === 0) for (let p = 0; p < n.nodes; p++) if (p !== n.id) others.push(p);
  const to = others[n.fetchAttempt++ % others.length] as NodeId;
  n.effects.send({ type: 'Fetch', from: n.id, to, fromSeq: s.lastExecuted + 1, toSeq: s.stableSeq });
}

export function onFetch(n: PbftNode, m: Msg<'Fetch'>): void {
  const s = n.storage;
  if (m.fromSeq < 1 || m.toSeq > s.lastExecuted || m.fromSeq > m.toSeq) return;
  const batches = s.executedBatches.slice(m.fromSeq, m.toSeq + 1);
  n.effects.send({ type: 'Transfer', from: n.id, to: m.from, fromSeq: m.fromSeq, batches });
}

/**
 * Batches sent in answer to a fetch. A range ending at the stable checkpoint is checked against its digest (state
 * transfer, §4.3); a single sequence number is taken when 2f + 1 replicas committed that digest (then f + 1 honest
 * ones did, so it is the committed request, §4.2) and this replica lacks the request or holds another one.
 */
export function onTransfer(n: PbftNode, m: Msg<'Transfer'>, nowMs: number): void {
  const s = n.storage;
  const end = m.fromSeq + m.batches.length - 1;
  if (s.lastExecuted < s.stableSeq && m.fromSeq === s.lastExecuted + 1 && end === s.stableSeq) {
    return transferToCheckpoint(n, m, nowMs);
  }
  m.batches.forEach((b, i) => adoptCommitted(n, m.fromSeq + i, b));
  executeReady(n, nowMs);
}

function transferToCheckpoint(n: PbftNode, m: Msg<'Transfer'>, nowMs: number): void {
  const s = n.storage;
  let digest = s.stateDigests[s.lastExecuted] as number;
  for (const b of m.batches) {
    if (batchOf(b.commands).digest !== b.digest) return;
    digest = chainDigest(digest, b.digest);
  }
  if (digest !== s.stableDigest) return;
  m.batches.forEach((b, i) => execute(n, m.fromSeq + i, b, nowMs));
  executeReady(n, nowMs);
}

function adoptCommitted(n: PbftNode, seq: number, batch: Batch): void {
  const slot = n.storage.slots.get(seq);
  if (!slot || seq <= n.storage.lastExecuted || slot.committed || slot.msgView !== n.view) return;
  if (committedDigest(n, slot) !== batch.digest || batchOf(batch.commands).digest !== batch.digest) return;
  slot.view = n.view;
  slot.batch = batch;
  slot.committed = true;
  n.storage.dirty = true;
  n.observer.committed(n.id, n.view, seq, batch.digest, !n.compromised);
}

/** A digest 2f + 1 replicas committed at this slot in the current view, if there is one. */
export function committedDigest(n: PbftNode, slot: Slot): number | undefined {
  for (const [digest, senders] of slot.commits) if (popcount(senders) >= n.q) return digest;
  return undefined;
}

/** Asks a replica that committed `seq` for the request this replica lacks (one committer per try). */
export function fetchCommitted(n: PbftNode, seq: number, slot: Slot): void {
  const digest = committedDigest(n, slot);
  if (digest === undefined || slot.committed || slot.batch?.digest === digest) return;
  const senders = slot.commits.get(digest) ?? 0;
  const committers: NodeId[] = [];
  for (let p = 0; p < n.nodes; p++) if (p !== n.id && (senders & bit(p)) !== 0) committers.push(p);
  const to = committers[n.fetchAttempt++ % committers.length] as NodeId;
  n.effects.send({ type: 'Fetch', from: n.id, to, fromSeq: seq, toSeq: seq });
}
