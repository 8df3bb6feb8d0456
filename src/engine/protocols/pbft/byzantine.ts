import type { NodeId } from '../../sim/protocol.js';
import type { PbftNode } from './node.js';
import { acceptPrePrepare } from './normal.js';
import { batchOf, primaryOf, type Batch, type PbftMessage } from './types.js';

/**
 * What colluding byzantine replicas share: which batch their primary told each replica for each (view, sequence
 * number). Real attackers coordinate out of band; the simulation hands them this table.
 */
export class Conspiracy {
  readonly members = new Set<NodeId>();
  readonly told = new Map<string, Map<NodeId, Batch>>();
}

const key = (view: number, seq: number): string => `${view}:${seq}`;

function honestOthers(n: PbftNode, except: NodeId): NodeId[] {
  const out: NodeId[] = [];
  for (let p = 0; p < n.nodes; p++) if (p !== n.id && p !== except && !n.conspiracy.members.has(p)) out.push(p);
  return out;
}

/**
 * An equivocating primary: one sequence number, two different batches (the real one, and the same requests in
 * another order or a null request), each half of the honest replicas told a different one, each backed by the
 * primary's own commit. With at most f such replicas the prepare quorum stops both from committing (§4.2); with
 * f + 1 colluders each half can be walked to commit its own batch.
 */
export function equivocate(n: PbftNode, seq: number, batch: Batch, nowMs: number): void {
  const alt = batch.commands.length >= 2 ? batchOf([...batch.commands].reverse()) : batchOf([]);
  const honest = honestOthers(n, n.id);
  const half = Math.ceil(honest.length / 2);
  const told = new Map<NodeId, Batch>();
  acceptPrePrepare(n, n.view, seq, batch, nowMs);
  for (let to = 0; to < n.nodes; to++) {
    if (to === n.id) continue;
    const index = honest.indexOf(to);
    const b = index >= half ? alt : batch;
    told.set(to, b);
    n.effects.send({ type: 'PrePrepare', from: n.id, to, view: n.view, seq, batch: b });
    if (index >= 0) n.effects.send({ type: 'Commit', from: n.id, to, view: n.view, seq, digest: b.digest });
  }
  n.conspiracy.told.set(key(n.view, seq), told);
}

/**
 * A colluding backup. Behind an equivocating primary it prepares and commits, to each honest replica, whatever that
 * replica was told. Behind an honest primary it helps one victim to commit and tells the others nothing, and it
 * hides its prepared requests in view changes (see view-change.ts): harmless while 2f + 1 commits are required,
 * fatal to a replica that commits on fewer.
 */
export function collude(n: PbftNode, m: Extract<PbftMessage, { type: 'PrePrepare' }>): void {
  const primary = primaryOf(m.view, n.nodes);
  const told = n.conspiracy.told.get(key(m.view, m.seq));
  const targets = told ? honestOthers(n, primary) : honestOthers(n, primary).slice(0, 1);
  for (const to of targets) {
    const digest = (told?.get(to) ?? m.batch).digest;
    n.effects.send({ type: 'Prepare', from: n.id, to, view: m.view, seq: m.seq, digest });
    n.effects.send({ type: 'Commit', from: n.id, to, view: m.view, seq: m.seq, digest });
  }
}
