import type { FaultSpec } from '../sim/faults.js';
import type { NodeId } from '../sim/protocol.js';
import type { ConsensusPlan } from './consensus.js';
import { ms, name, tookOver, type ScenarioRun } from './scenario-sim.js';

/** Non-leader nodes, highest numbers first (so a "minority of followers" never includes the leader). */
function followers(voters: number, leader: NodeId, k: number): NodeId[] {
  return Array.from({ length: voters }, (_, i) => voters - 1 - i)
    .filter((i) => i !== leader)
    .slice(0, k);
}

/** Cuts the group into pieces of quorum - 1 nodes: no piece can commit. */
function noQuorumCuts(voters: number, quorum: number, at: number, lasts: number): FaultSpec[] {
  const size = Math.max(1, quorum - 1);
  const cuts: FaultSpec[] = [];
  for (let start = 0; voters - start >= quorum; start += size) {
    const nodes = Array.from({ length: size }, (_, i) => start + i);
    cuts.push({ atMs: at, action: 'partition', nodes, durationMs: lasts });
  }
  return cuts;
}

const safety = (held: boolean): string =>
  held ? 'every safety property held on every event' : 'A SAFETY PROPERTY BROKE (see verification)';

/** The scripted scenarios every leader-based design (Raft, Multi-Paxos, PBFT) is put through. */
export function consensusScenarios(plan: ConsensusPlan): ScenarioRun[] {
  const g = plan.sim.group;
  const pbft = plan.sim.protocol === 'pbft';
  const leaderWord = pbft ? 'primary' : 'leader';
  const [min, max] = plan.timing.electionTimeoutMs;
  const timer = pbft
    ? `the view-change timeout (${min} ms, doubling per failed view)`
    : `the ${min}-${max} ms election timeout`;
  const runs: ScenarioRun[] = [
    {
      name: `${pbft ? 'Primary' : 'Leader'} crash`,
      faults: (_leader, at, lasts) => [{ atMs: at, action: 'crash_leader', nodes: [], durationMs: lasts }],
      describe: (m, c) => ({
        behavior:
          `The ${leaderWord} (${name(c.leader)}) crashed: ${tookOver(c.newLeader, m.failoverMs, c)}; ` +
          `writes could not commit for ${ms(m.unavailableMs)}, ${m.writesOk} committed in the ${c.forMs / 1000} s window and ` +
          `${m.writesFailed} ended failed or unknown (to be retried); ${safety(m.safetyHeld)}.`,
        recovery:
          `Automatic after ${timer}; clients retry with backoff under the same idempotency key; the old ` +
          `${leaderWord} restarts as a ${pbft ? 'backup, fetching what it missed' : 'follower and catches up its log'}.`,
      }),
    },
    {
      name: `Minority partition (${g.f} ${pbft ? 'backup' : 'follower'}${g.f === 1 ? '' : 's'} cut off)`,
      faults: (leader, at, lasts) => [
        { atMs: at, action: 'partition', nodes: followers(g.voters, leader, g.f), durationMs: lasts },
      ],
      describe: (m, c) => ({
        behavior:
          (c.newLeader === undefined || m.failoverMs === null
            ? `The majority side kept the ${leaderWord}`
            : `The ${leaderWord} changed to ${name(c.newLeader)} after ${ms(m.failoverMs)}`) +
          `: ${m.writesOk} writes committed during the cut, unavailable ${ms(m.unavailableMs)}; the cut-off node(s) ` +
          `fall behind and serve no up-to-date reads; ${safety(m.safetyHeld)}.`,
        recovery: 'None needed for writes; on healing the cut-off nodes catch up from the others.',
      }),
    },
  ];
  if (!pbft) runs.push(isolatedLeader(min));
  runs.push({
    name: 'Partition leaving no side with a quorum',
    faults: (_leader, at, lasts) => noQuorumCuts(g.voters, plan.sim.quorum, at, lasts),
    describe: (m, c) => ({
      behavior:
        `No side reaches ${plan.sim.quorum} nodes, so nothing commits: unavailable ${ms(m.unavailableMs)} (the ` +
        `${c.forMs / 1000} s cut and the election after it), ${m.writesOk} writes committed; ${safety(m.safetyHeld)} ` +
        '(consistency chosen over availability).',
      recovery:
        'Heal the network; the group resumes within one election. Clients exhaust retries if the cut outlasts ' +
        'their backoff (10 attempts, up to 10 s apart).',
    }),
  });
  return [...runs, ...regionLosses(plan), ...slowNodes(plan, leaderWord), ...(pbft ? byzantineScenarios(plan) : [])];
}

function isolatedLeader(minTimeoutMs: number): ScenarioRun {
  return {
    name: 'Leader isolated in a minority',
    faults: (_leader, at, lasts) => [{ atMs: at, action: 'isolate_leader', nodes: [], durationMs: lasts }],
    describe: (m, c) => ({
      behavior:
        `${name(c.leader)} was cut off: ${c.newLeader === undefined || m.failoverMs === null ? `on the majority side ${tookOver(undefined, null, c)}` : `the majority elected ${name(c.newLeader)} after ${ms(m.failoverMs)}`}; with ` +
        `CheckQuorum the old leader stepped down within ${minTimeoutMs} ms, so it stopped taking writes it could not ` +
        `commit; unavailable ${ms(m.unavailableMs)}; ${safety(m.safetyHeld)}.`,
      recovery:
        'On healing the old leader sees the higher term, becomes a follower and its uncommitted entries are replaced.',
    }),
  };
}

function regionLosses(plan: ConsensusPlan): ScenarioRun[] {
  const g = plan.sim.group;
  if (g.placement.length < 2) return [];
  const commit = plan.sim.quorum;
  const elect = plan.configuration.phase1Quorum ?? commit;
  return g.regionNames.slice(0, 5).map((region, r) => {
    const nodes = g.network.regionOf.flatMap((x, i) => (x === r ? [i] : []));
    const left = g.voters - nodes.length;
    return {
      name: `Loss of region ${region} (${nodes.length} node${nodes.length === 1 ? '' : 's'})`,
      faults: (_leader, at, lasts) => [{ atMs: at, action: 'crash', nodes, durationMs: lasts }],
      describe: (m, c) => {
        const hadLeader = nodes.includes(c.leader);
        const stopped = left < commit || (hadLeader && left < elect);
        const why =
          left < commit
            ? `only ${left} of ${g.voters} voters remain, below the commit quorum of ${commit}`
            : hadLeader && left < elect
              ? `the leader was there and the ${left} voters left cannot elect another (leader changes need ${elect})`
              : hadLeader
                ? `the leader was there: ${tookOver(c.newLeader, m.failoverMs, c)}`
                : `the leader was elsewhere and ${left} of ${g.voters} voters remain, a quorum`;
        return {
          behavior: `${why}; writes could not commit for ${ms(m.unavailableMs)} of the ${c.forMs / 1000} s outage; ${safety(m.safetyHeld)}.`,
          recovery: stopped
            ? 'Restore the region (the group resumes by itself); rebuilding the group from the survivors risks losing committed writes.'
            : 'Automatic; restore or replace the region to regain the lost tolerance.',
        };
      },
    };
  });
}

function slowNodes(plan: ConsensusPlan, leaderWord: string): ScenarioRun[] {
  const extra = Math.max(20, Math.round(5 * plan.timing.broadcastMs));
  const g = plan.sim.group;
  if (g.voters < 2) return [];
  const slow = (who: 'follower' | 'leader'): ScenarioRun => ({
    name: `Slow node (the ${who === 'leader' ? leaderWord : 'follower'}, +${extra} ms per message)`,
    faults: (leader, at, lasts) => [
      {
        atMs: at,
        action: 'slow_link',
        nodes: [who === 'leader' ? leader : (followers(g.voters, leader, 1)[0] ?? 0)],
        latencyMs: extra,
        durationMs: lasts,
      },
    ],
    describe: (m, c) => ({
      behavior:
        slowBehaviour(m.writeLatencyP50Ms, c.baselineP50Ms, c.forMs) +
        (who === 'leader'
          ? `; every commit passes through the ${leaderWord}, and ${m.failoverMs === null ? 'no election replaced it (it still answers in time)' : `a new ${leaderWord} took over after ${ms(m.failoverMs)}`}.`
          : m.writeLatencyP50Ms === null || c.baselineP50Ms === null
            ? '.'
            : '; the quorum is reached without the slow node, so commits barely notice.'),
      recovery:
        who === 'leader'
          ? `No automatic fix while it answers within the timeout: move leadership away (etcd move-leader) or replace the node.`
          : 'None needed; it catches up when the link recovers. Watch its replication lag.',
    }),
  });
  return [slow('follower'), slow('leader')];
}

/** The slowdown's effect on write latency, or why it could not be measured (no write completed in a window). */
function slowBehaviour(duringMs: number | null, baselineMs: number | null, forMs: number): string {
  if (duringMs !== null && baselineMs !== null)
    return `Write p50 went from ${ms(baselineMs)} to ${ms(duringMs)} during the slowdown`;
  const missing = [
    ...(baselineMs === null ? [`in the same ${forMs / 1000} s without the fault`] : []),
    ...(duringMs === null ? ['during the slowdown'] : []),
  ].join(' or ');
  return `Could not be measured: no write completed ${missing}, so there is no latency to compare`;
}

function byzantineScenarios(plan: ConsensusPlan): ScenarioRun[] {
  const g = plan.sim.group;
  const others = Array.from({ length: g.f }, (_, i) => g.voters - 1 - i);
  return [
    {
      name: 'Byzantine primary (silent)',
      faults: (_leader, at) => [{ atMs: at, action: 'byzantine_silent', nodes: [] }],
      describe: (m, c) => ({
        behavior:
          `${name(c.leader)} stopped sending anything: backups holding unexecuted requests timed out and ` +
          `${c.newLeader === undefined || m.failoverMs === null ? tookOver(undefined, null, c) : `${name(c.newLeader)} became primary after ${ms(m.failoverMs)}`}; ${safety(m.safetyHeld)}.`,
        recovery: 'Automatic view change; the silent replica stays excluded until repaired (it counts against f).',
      }),
    },
    {
      name: 'Byzantine primary (equivocating)',
      faults: (_leader, at) => [{ atMs: at, action: 'byzantine_equivocate', nodes: [] }],
      describe: (m) => ({
        behavior:
          `The primary sent different requests to different replicas for the same sequence numbers: no two honest ` +
          `replicas committed different requests (${safety(m.safetyHeld)}); ${m.writesOk} writes committed in the ` +
          'window; up to f honest replicas it kept in the dark fall behind and catch up through checkpoints.',
        recovery:
          'A view change replaces it once f + 1 replicas time out; replicas left behind catch up by state transfer. ' +
          'Replace the node: it counts against f while it misbehaves.',
      }),
    },
    {
      name: `f + 1 = ${g.f + 1} colluding byzantine replicas (beyond the design)`,
      faults: (leader, at) => [
        {
          atMs: at,
          action: 'byzantine_equivocate',
          nodes: [leader, ...others.filter((o) => o !== leader)].slice(0, g.f + 1),
        },
      ],
      describe: (m) => ({
        behavior: m.safetyHeld
          ? 'In this run the colluders did not manage to split the honest replicas, but nothing guarantees it.'
          : 'Honest replicas committed different requests at the same sequence number: with f + 1 liars, two ' +
            'quorums of 2f + 1 can overlap only in liars. This is why PBFT needs n >= 3f + 1 for f faults.',
        recovery: `None within the protocol: size the group for the faults you expect (${3 * (g.f + 1) + 1} replicas tolerate ${g.f + 1}).`,
      }),
    },
  ];
}
