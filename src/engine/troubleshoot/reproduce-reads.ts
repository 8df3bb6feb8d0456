/**
 * The second family of reproductions: a leader cut off from the other nodes while clients can still reach it. A
 * new leader is elected on the majority side; the old one, without CheckQuorum, goes on believing it leads (Raft
 * thesis §6.2) and, if it answers reads from its own state, serves values the new leader has already overwritten.
 * The fix confirms leadership before every read: ReadIndex (Raft thesis §6.4), where the leader serves a read only
 * after a heartbeat round to a majority shows it still leads. For split-brain, CheckQuorum (the leader steps down
 * once it has not heard from a majority for an election timeout) is added, as the knowledge base ranks it.
 * Stale reads are counted by `countStaleReads`, which counts only reads no linearization could excuse.
 */
import type { ProtocolTuning } from '../protocols/index.js';
import type { FaultSpec } from '../sim/faults.js';
import type { ReadMode } from '../sim/workload.js';
import type { Facts } from './facts.js';
import { pattern, type Assumption } from './reproduce-inputs.js';
import type { Scenario } from './reproduce-plan.js';

const FIRST_CUT_MS = 3000;
/** Time between two cuts during which the cluster heals and clients find the new leader. */
const HEALED_MS = 6000;
const MIN_CUT_MS = 6000;

/** The read paths `cluster_config.read_from` names, as the simulator's read modes. */
const READ_MODES: Readonly<Record<string, ReadMode>> = {
  leader: 'read_index',
  followers: 'any_local',
  any_replica: 'any_local',
  leader_lease: 'leader_local',
};

export const READ_MODE_TEXT: Readonly<Record<ReadMode, string>> = {
  read_index: 'ReadIndex reads (the leader confirms it still leads before answering)',
  log: 'reads through the log',
  leader_local: 'reads answered from the local state of whichever node believes it leads',
  any_local: 'reads answered from the local state of the node the client reaches',
};

/** The read path of the cluster as configured, and what was assumed to get it. */
function readPath(f: Facts): { mode: ReadMode; assumption?: Assumption } {
  const given = f.config.read_from;
  const mode = given === undefined ? 'leader_local' : (READ_MODES[given] ?? 'read_index');
  if (given === undefined) {
    const value = `${READ_MODE_TEXT[mode]} (what the diagnosis suspects)`;
    return { mode, assumption: assumed('read path', value, 'default', 'cluster_config.read_from') };
  }
  if (given === 'leader_lease') {
    // The simulator has no clock-bounded lease: the nearest model is a leader that answers while it believes it leads.
    const value = `leader_lease modelled as ${READ_MODE_TEXT[mode]}, with no clock-bounded lease`;
    return { mode, assumption: assumed('read path', value, 'inferred', 'cluster_config.read_from') };
  }
  return { mode };
}

function assumed(figure: string, value: string, kind: Assumption['kind'], replaceWith: string): Assumption {
  return { figure, value, kind, decisive: true, replaceWith };
}

/** The cut-off leader scenario for stale reads from a deposed leader, or for split-brain under a partition. */
export function deposedLeaderScenario(
  f: Facts,
  t: ProtocolTuning,
  issue: 'stale_reads' | 'split_brain',
  durationMs: number,
): Scenario {
  const path = readPath(f);
  // Long enough for the majority to elect a new leader and take writes: three of the longest election timeouts.
  const cutMs = Math.max(MIN_CUT_MS, Math.ceil((3 * t.electionTimeoutMaxMs) / 1000) * 1000);
  const everyMs = cutMs + HEALED_MS;
  const count = Math.max(1, Math.floor((durationMs - FIRST_CUT_MS) / everyMs));
  const faults: FaultSpec[] = Array.from({ length: count }, (_, i) => ({
    atMs: FIRST_CUT_MS + i * everyMs,
    action: 'isolate_leader',
    nodes: [],
    durationMs: cutMs,
  }));
  const fixTuning = issue === 'split_brain' ? { ...t, checkQuorum: true } : t;
  const cut = `the leader is cut off from the other nodes for ${cutMs / 1000} s every ${everyMs / 1000} s while clients can still reach it`;
  return {
    scenario: 'deposed_leader_reads',
    description: `${cut}; ${READ_MODE_TEXT[path.mode]}`,
    derivedFrom: [
      'cluster_config.read_from',
      'cluster_config.check_quorum',
      'cluster_config.election_timeout_min_ms',
      'cluster_config.election_timeout_max_ms',
      'cluster_config.heartbeat_ms',
    ],
    assumed: [...(path.assumption ? [path.assumption] : []), pattern(cut)],
    faults,
    fixTuning,
    measure: 'stale_reads',
    reads: {
      suspected: path.mode,
      fix: 'read_index',
      fixLabel: `${READ_MODE_TEXT.read_index}${issue === 'split_brain' ? ', with CheckQuorum' : ''}`,
    },
  };
}
