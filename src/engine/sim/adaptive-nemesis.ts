import type { FaultSpec } from './faults.js';
import type { NodeId, NodeStatus } from './protocol.js';

/** What an adaptive nemesis may look at: each node's liveness and, when it is up, its status. */
export interface NemesisView {
  readonly nowMs: number;
  readonly nodes: readonly { readonly up: boolean; readonly status: NodeStatus | undefined }[];
}

/**
 * A nemesis that watches the cluster and strikes at protocol moments (Jepsen's nemeses are processes that react to
 * the system too): polled every `everyMs` of virtual time, it returns the faults to apply at once. It sees only
 * what the view shows and must be deterministic (any randomness from its own seeded stream), so a run stays a
 * function of its seed.
 */
export interface AdaptiveNemesis {
  readonly everyMs: number;
  next(view: NemesisView): readonly FaultSpec[];
}

/** The live leader with the highest term in a view, if any. */
export function viewLeader(view: NemesisView): { id: NodeId; status: NodeStatus } | undefined {
  let best: { id: NodeId; status: NodeStatus } | undefined;
  view.nodes.forEach((n, id) => {
    const s = n.status;
    if (n.up && s?.leader && (best === undefined || s.term > best.status.term)) best = { id, status: s };
  });
  return best;
}
