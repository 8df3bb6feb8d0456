import { roundMicros } from '../../sim/retry.js';
import { fetchState } from './checkpoint.js';
import type { PbftNode } from './node.js';
import { NULL_BATCH, acceptPrePrepare, advance, flush, sendPrepare } from './normal.js';
import { primaryOf, type Batch, type PbftMessage, type ViewChangeMessage } from './types.js';

type Msg<T extends PbftMessage['type']> = Extract<PbftMessage, { type: T }>;

/** What a new view starts from: the latest stable checkpoint in V and a pre-prepare for every later slot (§4.4). */
interface NewViewPlan {
  readonly minS: number;
  readonly minDigest: number;
  readonly prePrepares: readonly { readonly seq: number; readonly batch: Batch }[];
}

/**
 * The view-change timer fired: in view v the replica moves to v + 1; already waiting for v + 1 it moves to v + 2
 * with the timeout doubled, so that eventually correct replicas wait long enough to agree (§4.5.2).
 */
export function onViewTimeout(n: PbftNode, nowMs: number): void {
  startViewChange(n, n.view + 1, nowMs);
}

/** Stops accepting normal-case messages for the old view and multicasts VIEW-CHANGE with its proofs (§4.4). */
export function startViewChange(n: PbftNode, view: number, nowMs: number): void {
  const s = n.storage;
  const wasPrimary = n.isPrimary();
  const oldView = s.view;
  s.view = view;
  s.viewChanging = true;
  s.dirty = true;
  n.queue.length = 0;
  n.orderedInView.clear();
  if (wasPrimary) n.effects.event({ type: 'leader_lost', term: oldView, reason: 'view_change' });
  n.backOff();
  n.vcDeadlineMs = roundMicros(nowMs + n.timeoutMs());
  const prepared = [];
  // A colluding replica hides what it prepared, hoping the new view drops it.
  if (n.behaviour !== 'equivocate') {
    for (const [seq, slot] of s.slots) if (seq > s.stableSeq && slot.proof) prepared.push(slot.proof);
  }
  const vc: ViewChangeMessage = {
    type: 'ViewChange',
    from: n.id,
    to: n.id,
    view,
    stableSeq: s.stableSeq,
    stableDigest: s.stableDigest,
    prepared,
  };
  record(n, vc);
  n.effects.event({ type: 'election_started', term: view, preVote: false });
  n.broadcast((to) => ({ ...vc, to }));
  tryNewView(n, view, nowMs);
}

function record(n: PbftNode, vc: ViewChangeMessage): void {
  let byNode = n.storage.viewChanges.get(vc.view);
  if (!byNode) n.storage.viewChanges.set(vc.view, (byNode = new Map<number, ViewChangeMessage>()));
  byNode.set(vc.from, vc);
  n.storage.dirty = true;
}

export function onViewChange(n: PbftNode, m: ViewChangeMessage, nowMs: number): void {
  const s = n.storage;
  if (m.view < s.view || (m.view === s.view && !s.viewChanging)) {
    // A replica still asking for a view this primary already installed missed the NEW-VIEW: send it again.
    if (m.view === s.view && n.isPrimary() && n.storage.lastNewView?.view === m.view) {
      n.effects.send({ ...n.storage.lastNewView, to: m.from });
    }
    return;
  }
  record(n, m);
  joinIfOutvoted(n, nowMs);
  tryNewView(n, m.view, nowMs);
}

/** f + 1 replicas ask for views above ours: at least one is correct, so join the smallest of them (§4.5.2). */
function joinIfOutvoted(n: PbftNode, nowMs: number): void {
  const s = n.storage;
  const askers = new Map<number, number>(); // sender -> smallest view above ours it asked for
  for (const [view, byNode] of s.viewChanges) {
    if (view <= s.view) continue;
    for (const from of byNode.keys()) {
      if (from !== n.id) askers.set(from, Math.min(askers.get(from) ?? Infinity, view));
    }
  }
  if (askers.size < n.f + 1) return;
  startViewChange(n, Math.min(...askers.values()), nowMs);
}

/** The new primary, holding 2f + 1 view changes for its view, computes O and multicasts NEW-VIEW (§4.4). */
function tryNewView(n: PbftNode, view: number, nowMs: number): void {
  const s = n.storage;
  if (primaryOf(view, n.nodes) !== n.id || s.view !== view || !s.viewChanging) return;
  const byNode = s.viewChanges.get(view);
  if (!byNode || byNode.size < n.q) return;
  const viewChanges = [...byNode.values()].sort((a, b) => a.from - b.from);
  const plan = planNewView(
    viewChanges,
    n.options.__bugs?.newViewIgnoresPrepared === true,
    2 * n.options.checkpointInterval,
  );
  const nv: Msg<'NewView'> = {
    type: 'NewView',
    from: n.id,
    to: n.id,
    view,
    viewChanges,
    prePrepares: plan.prePrepares,
  };
  s.lastNewView = nv;
  n.broadcast((to) => ({ ...nv, to }));
  enterView(n, view, plan, viewChanges.length, nowMs);
}

/**
 * O from V (§4.4): min-s is the latest stable checkpoint in V, max-s the highest prepared sequence number; each
 * sequence number in between gets the request prepared in the highest view, or a null request.
 */
export function planNewView(
  viewChanges: readonly ViewChangeMessage[],
  ignorePrepared: boolean,
  window: number,
): NewViewPlan {
  let minS = 0;
  let minDigest = 0;
  for (const vc of viewChanges) {
    if (vc.stableSeq > minS) {
      minS = vc.stableSeq;
      minDigest = vc.stableDigest;
    }
  }
  const best = new Map<number, { view: number; batch: Batch }>();
  let maxS = minS;
  for (const vc of viewChanges) {
    for (const p of vc.prepared) {
      if (p.seq <= minS || p.seq > minS + window) continue;
      const prev = best.get(p.seq);
      if (!prev || p.view > prev.view) best.set(p.seq, p);
      if (p.seq > maxS) maxS = p.seq;
    }
  }
  const prePrepares = [];
  for (let seq = minS + 1; seq <= maxS; seq++) {
    prePrepares.push({ seq, batch: (ignorePrepared ? undefined : best.get(seq)?.batch) ?? NULL_BATCH });
  }
  return { minS, minDigest, prePrepares };
}

/** A backup checks NEW-VIEW by recomputing O from V, then installs the view (§4.4). */
export function onNewView(n: PbftNode, m: Msg<'NewView'>, nowMs: number): void {
  const s = n.storage;
  if (m.from !== primaryOf(m.view, n.nodes) || m.view < s.view || (m.view === s.view && !s.viewChanging)) return;
  const senders = new Set(m.viewChanges.map((vc) => vc.from));
  if (senders.size < n.q || senders.size !== m.viewChanges.length || m.viewChanges.some((vc) => vc.view !== m.view))
    return;
  // Every replica runs the same code: a planted bug in computing O is in the check too.
  const plan = planNewView(
    m.viewChanges,
    n.options.__bugs?.newViewIgnoresPrepared === true,
    2 * n.options.checkpointInterval,
  );
  const same =
    plan.prePrepares.length === m.prePrepares.length &&
    plan.prePrepares.every(
      (p, i) => p.seq === m.prePrepares[i]?.seq && p.batch.digest === m.prePrepares[i]?.batch.digest,
    );
  if (!same) return;
  enterView(n, m.view, plan, m.viewChanges.length, nowMs);
}

function enterView(n: PbftNode, view: number, plan: NewViewPlan, votes: number, nowMs: number): void {
  const s = n.storage;
  s.view = view;
  s.viewChanging = false;
  s.dirty = true;
  if (plan.minS > s.stableSeq) {
    s.stableSeq = plan.minS;
    s.stableDigest = plan.minDigest;
    s.collect(plan.minS);
  }
  for (const slot of s.slots.values()) slot.enterView(view);
  n.orderedInView.clear();
  let maxS = Math.max(plan.minS, s.lastExecuted);
  for (const { seq, batch } of plan.prePrepares) {
    acceptPrePrepare(n, view, seq, batch, nowMs);
    sendPrepare(n, seq, s.slot(seq));
    if (seq > maxS) maxS = seq;
  }
  s.nextSeq = maxS + 1;
  for (const v of [...s.viewChanges.keys()]) if (v <= view) s.viewChanges.delete(v);
  n.vcDeadlineMs = Infinity;
  if (n.isPrimary()) {
    n.effects.event({ type: 'leader_elected', term: view, votes });
    for (const c of n.pending.values()) if (!n.orderedInView.has(c.id)) n.queue.push(c);
  } else n.armViewTimer(nowMs);
  if (s.lastExecuted < s.stableSeq) fetchState(n);
  for (const { seq } of plan.prePrepares) advance(n, seq, nowMs);
  flush(n, nowMs);
}
