/** Evidence for deadlock and for clock skew. */
import { Evidence, W } from './evidence.js';
import { round, type Facts } from './facts.js';
import type { Finding } from './types.js';

export function deadlockFindings(f: Facts): Finding[] {
  const e = new Evidence('deadlock');
  const count = f.metrics?.deadlocks_total;
  if (count !== undefined && count > 0)
    e.supports(4, 'metrics.deadlocks_total', `${count} deadlock(s) detected.`, 'lock_ordering');
  else if (count !== undefined) e.contradicts(1.5, 'metrics.deadlocks_total', 'no deadlock detected.');
  const wait = f.metrics?.lock_wait_p99_seconds;
  const cpu = f.metrics?.cpu_utilization;
  if (wait !== undefined && wait >= 1) {
    // Long waits on an idle machine are the signature of waiting on each other rather than on work.
    const idle = cpu !== undefined && cpu < 0.3;
    e.supports(
      idle ? W.strong : W.moderate,
      'metrics.lock_wait_p99_seconds' + (idle ? ', metrics.cpu_utilization' : ''),
      `lock waits reach ${round(wait)} s at p99` +
        (idle ? ` while CPU sits at ${round((cpu ?? 0) * 100)}%: requests wait rather than work.` : '.'),
    );
  } else if (wait !== undefined && wait < 0.05) {
    e.contradicts(
      W.moderate,
      'metrics.lock_wait_p99_seconds',
      `lock waits stay under ${round(wait * 1000)} ms at p99.`,
    );
  }
  const order = f.answers.consistent_lock_order;
  if (order === true) {
    e.contradicts(
      W.moderate,
      'answers.consistent_lock_order',
      'locks are taken in one global order, so no wait cycle can form.',
    );
  } else if (order === false) {
    e.supports(
      W.moderate,
      'answers.consistent_lock_order',
      'locks are taken in different orders: two transactions can wait on each other.',
      'lock_ordering',
    );
  }
  const timeout = f.config.lock_timeout_ms;
  if (timeout === 0)
    e.supports(W.weak, 'cluster_config.lock_timeout_ms', 'lock waits never time out.', 'no_lock_timeout');
  else if (timeout !== undefined) {
    e.contradicts(
      0.5,
      'cluster_config.lock_timeout_ms',
      `lock waits time out after ${timeout} ms, so a cycle breaks itself.`,
    );
  }
  return e.findings;
}

export function clockSkewFindings(f: Facts): Finding[] {
  const e = new Evidence('clock_skew');
  const skew = f.metrics?.clock_skew_ms;
  measuredSkewEvidence(e, skew, f.config.clock_skew_bound_ms);
  const sync = f.answers.clock_sync;
  if (sync === 'none') {
    e.supports(
      W.moderate,
      'answers.clock_sync',
      'clocks are not synchronised: skew is unbounded.',
      'unsynchronised_clocks',
    );
  } else if (sync !== undefined)
    e.contradicts(0.5, 'answers.clock_sync', `clocks are synchronised with ${sync.toUpperCase()}.`);
  const back = f.events?.clockBackwards ?? [];
  const first = back[0];
  if (first) {
    e.supports(
      2.5,
      `events[${first.index}]`,
      `${first.node}'s timestamps went back ${first.backMs} ms between consecutive records (${back.length} time(s)): its clock stepped.`,
      'clock_jumps',
    );
  }
  const causal = f.events?.causalSkew;
  if (causal) {
    e.supports(
      W.strong,
      `events[${causal.index}]`,
      `${causal.node} logged an append in term ${causal.term} ${causal.skewMs} ms before ${causal.leader} logged winning that term; it cannot have happened first, so the two clocks differ by at least ${causal.skewMs} ms (Raft §5.3).`,
      'unsynchronised_clocks',
    );
  }
  if (f.config.conflict_resolution === 'lww' && skew !== undefined && skew >= 1) {
    e.supports(
      W.weak,
      'cluster_config.conflict_resolution, metrics.clock_skew_ms',
      `last-writer-wins orders writes by clocks that disagree by ${skew} ms.`,
      'lww_with_skew',
    );
  }
  return e.findings;
}

function measuredSkewEvidence(e: Evidence, skew: number | undefined, bound: number | undefined): void {
  if (skew === undefined) return;
  const cause = 'unsynchronised_clocks';
  if (bound !== undefined) {
    const input = 'metrics.clock_skew_ms, cluster_config.clock_skew_bound_ms';
    if (skew > bound)
      e.supports(3.5, input, `clock skew ${skew} ms exceeds the ${bound} ms the system assumes.`, cause);
    else if (skew <= bound / 4)
      e.contradicts(W.strong, input, `clock skew ${skew} ms is under a quarter of the ${bound} ms bound.`);
    else if (skew <= bound / 2)
      e.contradicts(W.moderate, input, `clock skew ${skew} ms is within half the ${bound} ms bound.`);
    else e.supports(0.5, input, `clock skew ${skew} ms uses over half of the ${bound} ms bound.`, cause);
  } else if (skew >= 100) {
    e.supports(
      W.moderate,
      'metrics.clock_skew_ms',
      `clock skew ${skew} ms: NTP normally keeps nodes within a few ms.`,
      cause,
    );
  } else if (skew < 5) e.contradicts(1.5, 'metrics.clock_skew_ms', `clock skew ${skew} ms: clocks agree.`);
}
