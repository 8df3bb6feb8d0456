/**
 * The seed's debug checklist, computed from what the input says: each item passes, fails or stays unknown, with
 * the reason and the inputs that decided it. The quorum item is judged by the cluster engine (`validateCluster`,
 * `quorumSize`), not re-derived here.
 */
import { maxByzantineFailures, maxCrashFailures } from '../cluster/quorum.js';
import { MAJORITY_PROTOCOLS, type Facts } from './facts.js';
import type { ChecklistStatus } from './types.js';

export type ChecklistItemId =
  'quorum_size' | 'clock_skew' | 'partition_tested' | 'fencing' | 'idempotency' | 'recovery_documented';

export interface ChecklistItem {
  readonly item: ChecklistItemId;
  /** The seed's question. */
  readonly question: string;
  readonly status: ChecklistStatus;
  readonly reason: string;
  readonly inputs: readonly string[];
}

const QUESTIONS: Record<ChecklistItemId, string> = {
  quorum_size: 'Quorum size correct (n/2 + 1)?',
  clock_skew: 'Clock skew within bounds?',
  partition_tested: 'Network partition tested?',
  fencing: 'Fencing mechanism in place?',
  idempotency: 'Idempotency guaranteed?',
  recovery_documented: 'Recovery procedure documented?',
};

const item = (
  id: ChecklistItemId,
  status: ChecklistStatus,
  reason: string,
  inputs: readonly string[],
): ChecklistItem => ({
  item: id,
  question: QUESTIONS[id],
  status,
  reason,
  inputs,
});

export function computeChecklist(f: Facts): ChecklistItem[] {
  return [quorumItem(f), clockItem(f), partitionItem(f), fencingItem(f), idempotencyItem(f), recoveryItem(f)];
}

function quorumItem(f: Facts): ChecklistItem {
  const cluster = f.cluster;
  const n = f.config.nodes;
  if (!cluster || n === undefined || f.quorum === undefined) {
    return item(
      'quorum_size',
      'unknown',
      'give cluster_config.nodes (and the configured quorum_size) to check the quorum.',
      [],
    );
  }
  const byz = f.config.byzantine ?? false;
  const tolerance = byz ? maxByzantineFailures(n) : maxCrashFailures(n);
  const evenNote = cluster.warnings.find((w) => w.code === 'even_node_count' || w.code === 'wasted_nodes');
  const note = evenNote ? ` Note: ${evenNote.message}` : '';
  const kind = byz ? 'byzantine quorum' : 'majority, floor(n/2)+1,';
  const q = f.config.quorum_size;
  const broken = cluster.quorumChecks.filter((c) => !c.held && c.severity === 'error');
  const inputs = ['cluster_config.nodes', ...(q !== undefined ? ['cluster_config.quorum_size'] : [])];
  if (broken.length > 0) {
    return item('quorum_size', 'fail', broken.map((c) => c.message).join(' ') + note, [
      ...inputs,
      'cluster_config.read_quorum',
      'cluster_config.write_quorum',
    ]);
  }
  if (q !== undefined) {
    if (q < f.quorum) {
      return item(
        'quorum_size',
        'fail',
        `quorum_size ${q} is below the ${kind} of ${n} nodes, which is ${f.quorum}: two disjoint groups of ${q} can both decide (split-brain).${note}`,
        inputs,
      );
    }
    if (q > f.quorum) {
      return item(
        'quorum_size',
        'fail',
        `quorum_size ${q} is above the ${kind} of ${n} nodes, which is ${f.quorum}: safe, but the cluster stops after ${n - q} failure(s) instead of ${tolerance}.${note}`,
        inputs,
      );
    }
    return item(
      'quorum_size',
      'pass',
      `quorum_size ${q} is the ${kind} of ${n} nodes; it tolerates ${tolerance} failure(s).${note}`,
      inputs,
    );
  }
  const protocol = f.config.protocol;
  if (protocol !== undefined && (MAJORITY_PROTOCOLS.has(protocol) || protocol === 'pbft')) {
    return item(
      'quorum_size',
      'pass',
      `${protocol} derives its quorum itself: ${f.quorum} of ${n} nodes, tolerating ${tolerance} failure(s).${note}`,
      ['cluster_config.nodes', 'cluster_config.protocol'],
    );
  }
  return item(
    'quorum_size',
    'unknown',
    `the ${kind} of ${n} nodes is ${f.quorum}; give cluster_config.quorum_size (or read/write quorums) to check the configured one.${note}`,
    ['cluster_config.nodes'],
  );
}

function clockItem(f: Facts): ChecklistItem {
  const skew = f.metrics?.clock_skew_ms;
  const bound = f.config.clock_skew_bound_ms;
  const ev = f.events;
  const back = ev?.clockBackwards[0];
  if (f.answers.clock_sync === 'none') {
    return item('clock_skew', 'fail', 'clocks are not synchronised, so skew has no bound at all.', [
      'answers.clock_sync',
    ]);
  }
  if (back) {
    return item(
      'clock_skew',
      'fail',
      `${back.node}'s clock went back ${back.backMs} ms between two of its records (events[${back.index}]): it steps rather than slews.`,
      [`events[${back.index}]`],
    );
  }
  const observed = Math.max(skew ?? 0, ev?.causalSkew?.skewMs ?? 0);
  const source =
    skew !== undefined && skew >= (ev?.causalSkew?.skewMs ?? 0)
      ? 'metrics.clock_skew_ms'
      : `events[${ev?.causalSkew?.index ?? 0}]`;
  const known = skew !== undefined || ev?.causalSkew !== undefined;
  if (known && bound !== undefined) {
    return observed > bound
      ? item('clock_skew', 'fail', `skew of ${observed} ms exceeds the ${bound} ms bound.`, [
          source,
          'cluster_config.clock_skew_bound_ms',
        ])
      : item('clock_skew', 'pass', `skew of ${observed} ms is within the ${bound} ms bound.`, [
          source,
          'cluster_config.clock_skew_bound_ms',
        ]);
  }
  if (known) {
    return item(
      'clock_skew',
      'unknown',
      `skew of at least ${observed} ms observed; give cluster_config.clock_skew_bound_ms (the offset leases or LWW assume) to judge it.`,
      [source],
    );
  }
  return item(
    'clock_skew',
    'unknown',
    'give metrics.clock_skew_ms and cluster_config.clock_skew_bound_ms (or answers.clock_sync).',
    [],
  );
}

function partitionItem(f: Facts): ChecklistItem {
  const tested = f.answers.partition_tested;
  if (tested === true)
    return item('partition_tested', 'pass', 'partitions (including one-way ones) have been tested.', [
      'answers.partition_tested',
    ]);
  if (tested === false) {
    return item(
      'partition_tested',
      'fail',
      'partitions have not been tested: cut the leader off on a staging cluster, or on the simulator (simulate_cluster with an isolate_leader fault), before trusting failover.',
      ['answers.partition_tested'],
    );
  }
  return item(
    'partition_tested',
    'unknown',
    'no answer (answers.partition_tested); a partition seen in production is not a test of the recovery.',
    [],
  );
}

/**
 * Fencing (a term or token checked by whoever accepts the write) stops a deposed leader: the evidence that it failed
 * is a stale-term write accepted. Two leaders of the same term carry the same token, so no term-based fencing can
 * tell them apart: that is an election fault (votes granted twice, or a quorum below a majority, Raft §5.2), and the
 * item says so rather than failing fencing for it.
 */
function fencingItem(f: Facts): ChecklistItem {
  const ev = f.events;
  const stale = ev?.staleLeaderWrites[0];
  if (stale) {
    const claimed =
      f.answers.fencing === true ? ' (answers.fencing says it is in place; the events say it did not work)' : '';
    return item(
      'fencing',
      'fail',
      `${stale.node} kept replicating for term ${stale.term} after term ${stale.newerTerm} began, and the writes of the stale term were accepted: nothing fenced the deposed leader${claimed}.`,
      [`events[${stale.index}]`],
    );
  }
  const dup = ev?.duplicateLeaders[0];
  const dupNote = dup
    ? ` Two leaders in term ${dup.term} (${dup.nodes.join(', ')}, events[${dup.indexes[0] ?? 0}]) do not show a fencing failure: fencing by term cannot tell apart leaders of the same term. It is an election fault (votes granted twice, or a quorum below a majority): see the quorum_size item and the split-brain diagnosis.`
    : '';
  const dupInputs = dup ? [`events[${dup.indexes[0] ?? 0}]`] : [];
  const cq =
    f.config.check_quorum === true
      ? ' CheckQuorum shortens how long a cut-off leader serves but does not replace fencing.'
      : '';
  if (f.answers.fencing === true)
    return item(
      'fencing',
      'pass',
      'a fencing mechanism (tokens or terms checked by the storage) is in place.' + cq + dupNote,
      ['answers.fencing', ...dupInputs],
    );
  if (f.answers.fencing === false)
    return item('fencing', 'fail', 'no fencing: a deposed leader can still write to shared resources.' + cq + dupNote, [
      'answers.fencing',
      ...dupInputs,
    ]);
  return item('fencing', 'unknown', 'no answer (answers.fencing).' + cq + dupNote, dupInputs);
}

function idempotencyItem(f: Facts): ChecklistItem {
  const keys = f.answers.idempotency_keys;
  const attempts = f.config.retry_max_attempts;
  const retries = attempts !== undefined && attempts > 1 ? ` Clients retry up to ${attempts} times.` : '';
  if (keys === true)
    return item(
      'idempotency',
      'pass',
      'writes carry idempotency keys ({request_id}:{operation_type}) and repeats are dropped.',
      ['answers.idempotency_keys'],
    );
  if (keys === false) {
    return item(
      'idempotency',
      'fail',
      'writes carry no idempotency key: a retried write that already applied applies twice.' + retries,
      ['answers.idempotency_keys', ...(retries ? ['cluster_config.retry_max_attempts'] : [])],
    );
  }
  return item(
    'idempotency',
    'unknown',
    'no answer (answers.idempotency_keys).' + (retries ? `${retries} Without keys each retry risks a duplicate.` : ''),
    retries ? ['cluster_config.retry_max_attempts'] : [],
  );
}

function recoveryItem(f: Facts): ChecklistItem {
  const doc = f.answers.recovery_documented;
  if (doc === true)
    return item('recovery_documented', 'pass', 'the recovery procedure is written down.', [
      'answers.recovery_documented',
    ]);
  if (doc === false) {
    return item(
      'recovery_documented',
      'fail',
      'no written recovery procedure: write down how to restore a quorum, replace a disk and restore from backup, and rehearse it.',
      ['answers.recovery_documented'],
    );
  }
  return item('recovery_documented', 'unknown', 'no answer (answers.recovery_documented).', []);
}
