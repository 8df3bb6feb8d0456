import type { Choice } from './choose.js';
import type { ConsensusPlan } from './consensus.js';
import type { GroupLayout } from './group.js';
import type { FailureScenario, Verification } from './types.js';

/** The derivation's predicted failover against the simulated p50: the rule is only useful if the two agree. */
export function failoverCheck(plan: ConsensusPlan, v: Verification): { line: string; warning?: string } | undefined {
  const t = plan.timing;
  // PBFT waits one view-change timeout (no randomized range); Raft and Paxos a randomized election timeout.
  const pbft = plan.sim.protocol === 'pbft';
  const predicted = pbft ? Math.round(t.electionTimeoutMs[0] + t.broadcastMs) : t.failoverMs;
  const how = pbft
    ? 'the view-change timeout plus the broadcast time'
    : 'a mean randomized timeout plus the broadcast time';
  const measured = v.failoverMs.p50;
  if (!v.simulated) return undefined;
  if (measured === null) {
    return {
      line: `Failover: predicted about ${predicted} ms (${how}); not measured, since no run produced a failover sample.`,
    };
  }
  const ratio = measured / predicted;
  const line = `Failover: predicted about ${predicted} ms (${how}); the simulation measured p50 ${Math.round(measured)} ms over ${v.failoverMs.samples} crash(es) (${ratio.toFixed(2)}x the prediction).`;
  if (ratio <= 2 && ratio >= 0.5) return { line };
  return {
    line,
    warning: `Simulated failover p50 ${Math.round(measured)} ms is ${ratio > 1 ? `${ratio.toFixed(1)}x above` : `${(1 / ratio).toFixed(1)}x below`} the ${predicted} ms the timing derivation predicts: ${ratio > 1 ? 'elections are failing (split votes, lost rounds): widen the timeout range or check the latency given' : 'the derivation is conservative for this group (timers fire near the low end of the range)'}.`,
  };
}

export function quorumRationale(choice: Choice, plan: ConsensusPlan, g: GroupLayout): string {
  const c = plan.configuration;
  if (choice.group === 'pbft')
    return `Quorum ${plan.sim.quorum} of ${g.voters}: any two quorums share at least f + 1 replicas, so at least one honest replica is in both (Castro & Liskov §4.1).`;
  if (c.phase1Quorum !== undefined && c.phase2Quorum !== undefined) {
    // Flexible Paxos (Howard et al. 2016): only phase-1 and phase-2 quorums must intersect, not any two quorums.
    return `Quorums ${c.phase2Quorum} (commit, phase 2) and ${c.phase1Quorum} (leader change, phase 1) of ${g.voters}: |Q1| + |Q2| = ${c.phase1Quorum + c.phase2Quorum} > ${g.voters}, so every leader-change quorum meets every commit quorum and a new leader learns every committed entry; two commit quorums need not overlap, since only one leader commits at a time.`;
  }
  return `Quorum ${plan.sim.quorum} of ${g.voters}: any two majorities share a node, so a new leader always holds every committed entry.`;
}

export function clockSkew(plan: ConsensusPlan): FailureScenario {
  const [min, max] = plan.timing.electionTimeoutMs;
  const pbft = plan.sim.protocol === 'pbft';
  // PBFT has one view-change timer, doubled per failed view (Castro & Liskov §4.5.2), not a randomized range.
  const timers = pbft
    ? `the ${min} ms view-change timeout (and its doublings: ${2 * min}, ${4 * min} ms...)`
    : `the ${min}-${max} ms election timeouts`;
  return {
    scenario: 'Clock skew between nodes',
    behavior: `Safety never depends on clocks: ${pbft ? 'views' : 'terms'} and quorums order everything. Each node times intervals on its own clock, so a clock drifting by 1% stretches ${timers} by 1%. Reads use ${pbft ? 'the ordered log' : 'ReadIndex'}, not leader leases, so no bound on skew is assumed.`,
    recovery:
      'None needed for correctness; keep NTP running so logs and metrics line up. Only lease-based reads would need a drift bound.',
    simulated: false,
  };
}
