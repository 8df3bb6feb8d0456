import type { Issue } from '../../errors.js';
import type { ProtocolDefinition } from '../../sim/protocol.js';
import { validateLeaderTimers } from '../leader-timers.js';
import { PaxosMonitor } from './monitor.js';
import { PaxosNode } from './node.js';
import { PaxosStorage } from './storage.js';
import { BALLOT_SPACE, paxosQuorums, type PaxosMessage, type PaxosOptions } from './types.js';

/**
 * Cross-field rules. Flexible Paxos (Howard, Malkhi & Spiegelman 2016) only needs every phase-1 quorum to meet
 * every phase-2 quorum: |Q1| + |Q2| > N. Quorums that cannot meet are refused unless the caller asks to run them
 * anyway (`allowUnsafeQuorums`), in which case the monitor shows what breaks.
 */
export function validatePaxosOptions(o: PaxosOptions, nodes: number): Issue[] {
  const issues = validateLeaderTimers(o);
  if (nodes > BALLOT_SPACE) issues.push({ path: 'nodes', message: `Multi-Paxos runs at most ${BALLOT_SPACE} nodes` });
  const { q1, q2 } = paxosQuorums(nodes, o);
  for (const [path, q] of [
    ['phase1_quorum', q1],
    ['phase2_quorum', q2],
  ] as const) {
    if (!Number.isInteger(q) || q < 1 || q > nodes) issues.push({ path, message: `must be 1..${nodes} (the nodes)` });
  }
  if (q1 + q2 <= nodes && !o.allowUnsafeQuorums) {
    issues.push({
      path: 'phase1_quorum',
      message:
        `|Q1| + |Q2| = ${q1} + ${q2} = ${q1 + q2} must exceed the ${nodes} nodes, or a new leader's phase 1 can miss a ` +
        `chosen value (Flexible Paxos). Use phase1_quorum >= ${nodes - q2 + 1}, or set allow_unsafe_quorums to watch it fail.`,
    });
  }
  return issues;
}

/** Multi-Paxos on the simulation kernel: storages and nodes report to the run's monitor, which checks every event. */
export const multiPaxosProtocol: ProtocolDefinition<PaxosMessage, PaxosStorage, PaxosOptions> = {
  name: 'multi_paxos',
  stateMachineSafetyRule:
    'Paxos Made Simple §2.1 and §3: one value is chosen per instance (slot) and servers execute chosen commands in ' +
    'slot order, so no two servers apply different commands at the same slot',
  quorumSize: (nodes) => Math.floor(nodes / 2) + 1,
  validate: validatePaxosOptions,
  instantiate(nodes, options, context) {
    const { q2 } = paxosQuorums(nodes, options);
    const monitor = new PaxosMonitor(nodes, q2, context);
    return {
      monitor,
      quorumSize: q2,
      createStorage: (id) => new PaxosStorage(id, monitor),
      wroteStorage(storage) {
        const dirty = storage.dirty;
        storage.dirty = false;
        return dirty;
      },
      createNode: (init) => new PaxosNode(init, options, monitor),
    };
  },
};
