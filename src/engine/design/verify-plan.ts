import { SIM_LIMITS } from '../sim/config.js';
import { DEFAULT_CLIENTS } from '../sim/defaults.js';
import type { ConsensusSim } from './consensus.js';
import type { TimingDerivation, VerifyOptions, VerifyRequest } from './types.js';

export const DEFAULT_RUNS = 20;
export const DEFAULT_DURATION_MS = 10_000;
export const DEFAULT_WRITES_PER_SECOND = 100;
/** Fewest default runs: PBFT rotates three byzantine behaviours over the runs, so each is tried at least once. */
const MIN_DEFAULT_RUNS = 3;
/** Lowest default client load a large PBFT group is scaled down to (it still batches and times its views). */
const MIN_DEFAULT_WRITES_PER_SECOND = 10;
/** The leader is restarted this long after its crash, or after two election timeouts if those are longer. */
const LEADER_DOWN_MS = 2000;

/**
 * Messages one client request costs: Raft and Paxos send an append (or accept) to every other voter and get an answer
 * from each; PBFT's prepare and commit phases are all-to-all, so it grows as n^2 (Castro & Liskov §4.2), plus the
 * pre-prepare and a reply from every replica.
 */
export function messagesPerRequest(protocol: ConsensusSim['protocol'], voters: number): number {
  return protocol === 'pbft' ? 2 * voters * voters + 2 * voters : 2 * (voters - 1) + 2;
}

/** The scripted failure scenarios (about nine runs of 7 s, the probe included) cost about six 10 s runs. */
const SCENARIOS_IN_RUNS = 6;
/**
 * Budget of a default design in cost units (simulated seconds x requests per second x messages per request, plus a
 * twentieth for heartbeat, checkpoint and view-change traffic): what the default of a 7-replica PBFT group costs, 20
 * runs of 10 s and its scenarios at 100 writes/s plus a quarter as many reads, about a second and a half on an idle
 * core. Every Raft or Multi-Paxos group and PBFT up to 7 replicas fits it with 20 runs; larger groups get fewer.
 */
const DEFAULT_BUDGET = Math.round((DEFAULT_RUNS + SCENARIOS_IN_RUNS) * 10 * 125 * messagesPerRequest('pbft', 7) * 1.05);
/**
 * Above this many messages per request (a 10-replica PBFT group) the default client load is scaled down in proportion:
 * the failure scenarios run at that load whatever the number of runs, so fewer runs alone cannot keep the call short.
 */
const LOAD_REFERENCE_MESSAGES = messagesPerRequest('pbft', 10);

/** When the faults of a run strike and how long it must last for a failover to be seen (from the derived timing). */
export interface RunTiming {
  /** A first leader is in place by then, a split vote included. */
  readonly settledMs: number;
  /** The leader crash strikes at a seeded moment in [crashFromMs, crashFromMs + crashSpanMs]. */
  readonly crashFromMs: number;
  readonly crashSpanMs: number;
  /** Time after the crash that several maximum election (or doubling view-change) timeouts need. */
  readonly failoverWindowMs: number;
  readonly leaderDownMs: number;
}

const ceilTo = (v: number, step: number): number => Math.ceil(v / step) * step;

/**
 * Run timing scaled to the derived timeouts. Raft and Paxos elect a first leader after one randomized timeout (a
 * second one after a split vote) plus the PreVote and vote round trips; PBFT starts in view 0 with its primary. A
 * failover needs a timeout to expire and a round or two of votes, or up to three doublings of PBFT's view-change
 * timer (150 + 300 + 600 < 8 x 150), so the run goes on four maximum timeouts after the crash.
 */
export function runTiming(sim: ConsensusSim, timing: TimingDerivation, baseDurationMs: number): RunTiming {
  const [min, max] = timing.electionTimeoutMs;
  const rounds = 4 * timing.broadcastMs;
  const firstLeader = sim.protocol === 'pbft' ? rounds : max + min + rounds;
  const settledMs = ceilTo(firstLeader + Math.max(3 * timing.heartbeatMs, 500), 100);
  return {
    settledMs,
    crashFromMs: Math.max(settledMs, Math.round(0.3 * baseDurationMs)),
    crashSpanMs: Math.max(Math.round(0.2 * baseDurationMs), max),
    failoverWindowMs: ceilTo(4 * max + rounds, 100),
    leaderDownMs: Math.max(LEADER_DOWN_MS, 2 * max),
  };
}

/** Simulated time a run needs: the latest crash plus the failover window, and at least what was asked. */
export function neededDurationMs(t: RunTiming, baseDurationMs: number): number {
  return Math.max(baseDurationMs, ceilTo(t.crashFromMs + t.crashSpanMs + t.failoverWindowMs, 1000));
}

export interface ResolvedVerify {
  readonly options: VerifyOptions;
  readonly timing: RunTiming;
  /** Why the runs, duration or load differ from what was asked or from the plain defaults. */
  readonly notes: readonly string[];
  /** Set when the derived timing cannot fit in the simulator's longest run: nothing is simulated, and why. */
  readonly tooSlow?: string | undefined;
}

/**
 * The verification actually run: duration stretched to the derived timing; the default load and number of runs scaled
 * down by the estimated cost (messages per request x requests offered x simulated time), so that a default answers in
 * seconds for every group size the simulator takes. What the caller set explicitly is kept.
 */
export function resolveVerify(req: VerifyRequest, sim: ConsensusSim, timing: TimingDerivation): ResolvedVerify {
  const notes: string[] = [];
  const voters = sim.group.voters;
  const messages = messagesPerRequest(sim.protocol, voters);
  const wps =
    req.writesPerSecond ??
    Math.max(
      MIN_DEFAULT_WRITES_PER_SECOND,
      Math.min(DEFAULT_WRITES_PER_SECOND, Math.round((DEFAULT_WRITES_PER_SECOND * LOAD_REFERENCE_MESSAGES) / messages)),
    );
  if (wps < DEFAULT_WRITES_PER_SECOND && req.writesPerSecond === undefined) {
    notes.push(
      `default client load lowered to ${wps} writes/s: each request costs about ${messages} messages in a ${voters}-replica ${sim.protocol} group (2n^2 + 2n), so the default stays within seconds; set verify.writes_per_second to load it harder`,
    );
  }
  const base = req.durationMs ?? DEFAULT_DURATION_MS;
  const t = runTiming(sim, timing, base);
  const durationMs = neededDurationMs(t, base);
  const [, max] = timing.electionTimeoutMs;
  if (durationMs > SIM_LIMITS.durationMs) {
    const why = `the derived timeouts (up to ${max} ms) need ${Math.round(durationMs / 1000)} s of simulated time per run to elect a first leader, crash it and see a failover, beyond the simulator's ${SIM_LIMITS.durationMs / 1000} s per run`;
    return {
      options: {
        runs: 0,
        seed: req.seed,
        violationsListed: req.violationsListed,
        durationMs: base,
        writesPerSecond: wps,
      },
      timing: t,
      notes,
      tooSlow: why,
    };
  }
  if (durationMs > base) {
    notes.push(
      `runs last ${durationMs / 1000} s instead of ${base / 1000} s: the leader is crashed only after a first leader has settled (by ${t.settledMs / 1000} s with ${timing.electionTimeoutMs[0]}-${max} ms timeouts) and each run goes on ${t.failoverWindowMs / 1000} s after the crash so a failover can finish`,
    );
  }
  const perRun = runCost(sim, timing, durationMs, wps);
  // The runs share the budget with the scenarios, which cost what they cost at this load.
  const scenarios = SCENARIOS_IN_RUNS * runCost(sim, timing, DEFAULT_DURATION_MS, wps);
  let runs = req.runs ?? DEFAULT_RUNS;
  if (req.runs === undefined && perRun * DEFAULT_RUNS + scenarios > DEFAULT_BUDGET) {
    runs = Math.max(MIN_DEFAULT_RUNS, Math.floor((DEFAULT_BUDGET - scenarios) / perRun));
    notes.push(
      `${runs} run(s) by default instead of ${DEFAULT_RUNS}: estimated cost ${Math.round(perRun / 1000)}k message deliveries per run (${messages} messages per request${sim.protocol === 'pbft' ? ', growing as n^2,' : ''} over ${durationMs / 1000} s) and ${Math.round(scenarios / 1000)}k for the failure scenarios, against a budget of ${Math.round(DEFAULT_BUDGET / 1000)}k that keeps the call within seconds; ask for more with verify.runs`,
    );
  }
  return {
    options: { runs, seed: req.seed, violationsListed: req.violationsListed, durationMs, writesPerSecond: wps },
    timing: t,
    notes,
  };
}

/**
 * Estimated message deliveries of one run: requests offered (writes plus a quarter as many reads), but no more than
 * the clients can have in flight over a commit's round trips, times messages per request, plus heartbeats.
 */
export function runCost(sim: ConsensusSim, timing: TimingDerivation, durationMs: number, wps: number): number {
  const voters = sim.group.voters;
  const opSeconds = Math.max(0.001, (timing.broadcastMs + 2 * sim.group.network.intraRegionMs) / 1000);
  const opsPerSecond = Math.min(1.25 * wps, DEFAULT_CLIENTS.concurrency / opSeconds);
  const heartbeats = ((voters - 1) * 2 * 1000) / Math.max(1, timing.heartbeatMs);
  return (durationMs / 1000) * (opsPerSecond * messagesPerRequest(sim.protocol, voters) + heartbeats);
}
