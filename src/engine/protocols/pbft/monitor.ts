import { InvariantLog } from '../../sim/invariant-log.js';
import type { InvariantReport, MonitorContext, NodeId, ProtocolEvent, SafetyMonitor } from '../../sim/protocol.js';
import type { PbftMessage } from './types.js';

/** Told by replicas when they prepare and commit, with whether they are honest. */
export interface PbftObserver {
  prepared(node: NodeId, view: number, seq: number, digest: number, honest: boolean): void;
  committed(node: NodeId, view: number, seq: number, digest: number, honest: boolean): void;
}

type Name = 'prepared_agreement' | 'committed_agreement';

const RULES: Record<Name, string> = {
  prepared_agreement:
    "PBFT §4.2: if prepared(m, v, n, i) and prepared(m', v, n, j) at honest replicas, then D(m) = D(m')",
  committed_agreement:
    'PBFT §4.2 and §4.4: no two honest replicas commit different requests at the same sequence number, in any views',
};

/**
 * PBFT's safety, over honest replicas only (a byzantine replica may claim anything): within a view, honest
 * replicas prepare one digest per sequence number; across views, they commit one digest per sequence number.
 */
export class PbftMonitor implements SafetyMonitor<PbftMessage>, PbftObserver {
  private readonly preparedDigest = new Map<string, { digest: number; node: NodeId }>();
  private readonly committedDigest = new Map<number, { digest: number; node: NodeId; view: number }>();
  private readonly log: InvariantLog<Name>;

  constructor(context: MonitorContext) {
    this.log = new InvariantLog(RULES, () => context.nowMs());
  }

  prepared(node: NodeId, view: number, seq: number, digest: number, honest: boolean): void {
    if (!honest) return;
    const key = `${view}:${seq}`;
    const first = this.preparedDigest.get(key);
    if (!first) this.preparedDigest.set(key, { digest, node });
    else if (first.digest !== digest) {
      this.log.violate(
        'prepared_agreement',
        node,
        `node-${node + 1} prepared a different request than node-${first.node + 1} at sequence number ${seq} in view ${view}`,
      );
    }
  }

  committed(node: NodeId, view: number, seq: number, digest: number, honest: boolean): void {
    if (!honest) return;
    const first = this.committedDigest.get(seq);
    if (!first) this.committedDigest.set(seq, { digest, node, view });
    else if (first.digest !== digest) {
      this.log.violate(
        'committed_agreement',
        node,
        `node-${node + 1} committed a different request at sequence number ${seq} (view ${view}) than node-${first.node + 1} did (view ${first.view})`,
      );
    }
  }

  observe(_node: NodeId, _event: ProtocolEvent): void {
    // Checks run when replicas report prepares and commits.
  }

  crashed(_node: NodeId): void {
    // Prepares and commits are on stable storage: a restart changes nothing the checks rely on.
  }

  afterEvent(): void {
    // Checks run inside the event that triggers them.
  }

  report(): InvariantReport[] {
    return this.log.report();
  }
}
