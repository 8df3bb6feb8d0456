import type { Issue } from '../../errors.js';
import type { ProtocolDefinition } from '../../sim/protocol.js';
import { Conspiracy } from './byzantine.js';
import { PbftMonitor } from './monitor.js';
import { PbftNode } from './node.js';
import { PbftStorage } from './storage.js';
import { pbftQuorum, type PbftMessage, type PbftOptions } from './types.js';

export function validatePbftOptions(o: PbftOptions, nodes: number): Issue[] {
  const issues: Issue[] = [];
  if (nodes < 4) {
    issues.push({
      path: 'nodes',
      message: `PBFT needs n >= 3f + 1 replicas to tolerate f byzantine faults; with ${nodes} it tolerates none. Use 4 nodes for f = 1, 7 for f = 2.`,
    });
  }
  if (!(o.viewChangeTimeoutMs > 0)) {
    issues.push({ path: 'election_timeout_ms.0', message: 'the view-change timeout must be above 0 ms' });
  }
  if (!(o.retransmitMs > 0))
    issues.push({ path: 'heartbeat_ms', message: 'the retransmission interval must be above 0 ms' });
  if (!(o.batchSize >= 1)) issues.push({ path: 'batch_size', message: 'must be at least 1' });
  if (!(o.pipelineDepth >= 1)) issues.push({ path: 'pipeline_depth', message: 'must be at least 1' });
  if (!(o.checkpointInterval >= 1)) issues.push({ path: 'checkpoint_interval', message: 'must be at least 1' });
  return issues;
}

/** PBFT on the simulation kernel: every replica answers clients, which wait for f + 1 matching replies. */
export const pbftProtocol: ProtocolDefinition<PbftMessage, PbftStorage, PbftOptions> = {
  name: 'pbft',
  quorumSize: pbftQuorum,
  validate: validatePbftOptions,
  repliesFromEveryReplica: true,
  stateMachineSafetyRule:
    'PBFT (Castro & Liskov 1999) §4.2 and §4.5.1: non-faulty replicas agree on the sequence numbers of requests that ' +
    'commit locally, so no two honest replicas execute different requests at the same sequence number',
  byzantineBehaviours: ['silent', 'equivocate', 'wrong_replies'],
  instantiate(_nodes, options, context) {
    const monitor = new PbftMonitor(context);
    const conspiracy = new Conspiracy();
    return {
      monitor,
      createStorage: () => new PbftStorage(),
      wroteStorage(storage) {
        const dirty = storage.dirty;
        storage.dirty = false;
        return dirty;
      },
      createNode: (init) => new PbftNode(init, options, monitor, conspiracy),
    };
  },
};
