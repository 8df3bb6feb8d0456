import type { Issue } from '../../errors.js';
import type { ProtocolDefinition } from '../../sim/protocol.js';
import { validateLeaderTimers } from '../leader-timers.js';
import { RaftMonitor } from './monitor.js';
import { RaftNode } from './node.js';
import { RaftStorage } from './storage.js';
import { raftQuorum, type RaftMessage, type RaftOptions } from './types.js';

export function validateRaftOptions(o: RaftOptions): Issue[] {
  const issues = validateLeaderTimers(o);
  if (!(o.maxEntriesPerAppend >= 1)) issues.push({ path: 'max_entries_per_append', message: 'must be at least 1' });
  return issues;
}

/** Raft on the simulation kernel: storages report to the run's monitor, which checks Figure 3 as the run goes. */
export const raftProtocol: ProtocolDefinition<RaftMessage, RaftStorage, RaftOptions> = {
  name: 'raft',
  quorumSize: raftQuorum,
  validate: (options) => validateRaftOptions(options),
  instantiate(nodes, options, context) {
    const monitor = new RaftMonitor(nodes, context);
    return {
      monitor,
      createStorage(id) {
        const storage = new RaftStorage(id, monitor);
        monitor.storages[id] = storage;
        return storage;
      },
      wroteStorage(storage) {
        const dirty = storage.dirty;
        storage.dirty = false;
        return dirty;
      },
      createNode: (init) =>
        new RaftNode(init.id, init.nodes, init.storage, init.rng, init.effects, options, init.nowMs),
    };
  },
};
