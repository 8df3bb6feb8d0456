/**
 * Evidence for leader flapping. Timing rules: Raft §5.6 asks for broadcastTime << electionTimeout, and etcd's
 * tuning guide makes that concrete as an election timeout of at least 10x the round trip and a heartbeat near one
 * round trip; Raft §9.3 (Figure 16) shows split votes when the randomised timeouts are too close together.
 */
import { Evidence, W } from './evidence.js';
import type { EventFacts } from './event-facts.js';
import { electionRate, formatDuration, round, type Facts } from './facts.js';
import type { Finding } from './types.js';

export function leaderFlappingFindings(f: Facts): Finding[] {
  const e = new Evidence('leader_flapping');
  const rate = electionRate(f);
  rateEvidence(e, f, rate);
  const el = f.elections;
  if (el && el.splitVote >= 3 && el.splitVote / el.total >= 0.3) {
    e.supports(
      W.moderate,
      'metrics.leader_elections_total.split_vote',
      `${el.splitVote} of ${el.total} elections were split votes: candidates time out together (Raft §9.3).`,
      'timeouts_too_close',
    );
  }
  timeoutEvidence(e, f);
  spreadEvidence(e, f);
  // As for the rate itself, one or two elections extrapolated over a short window are not "elections keep happening".
  networkEvidence(e, f, rate && rate.count >= 3 ? rate.perMinute : undefined);
  eventEvidence(e, f);
  return e.findings;
}

/** Rates need a few elections behind them: one or two in a short window is a start-up or a single failure. */
function rateEvidence(e: Evidence, f: Facts, rate: ReturnType<typeof electionRate>): void {
  if (!rate) return;
  const perHour = rate.perMinute * 60;
  const text = `${rate.count} election(s) over ${rate.over} = ${round(perHour)} per hour`;
  if (rate.count >= 3 && rate.perMinute >= 1) e.supports(W.strong, rate.input, `${text}: leadership is not stable.`);
  else if (rate.count >= 3 && perHour >= 3)
    e.supports(W.moderate, rate.input, `${text}: more than a healthy cluster needs.`);
  else if (rate.count === 0 && f.elections && f.elections.windowSeconds >= 300) {
    e.contradicts(W.strong, rate.input, `no elections over ${rate.over}: the leader is stable.`);
  } else if (rate.count <= 2) {
    e.contradicts(
      1.5,
      rate.input,
      `only ${rate.count} election(s) over ${rate.over}: a start-up or a single failure explains that.`,
    );
  } else if (perHour < 1) e.contradicts(1.5, rate.input, `${text}: about what failures and restarts explain.`);
}

function timeoutEvidence(e: Evidence, f: Facts): void {
  const { election_timeout_min_ms: min, heartbeat_ms: hb } = f.config;
  const rtt = f.rtt;
  if (min !== undefined && rtt) {
    const input = `cluster_config.election_timeout_min_ms, ${rtt.input}`;
    if (min < 10 * rtt.ms) {
      e.supports(
        2.5,
        input,
        `election timeout ${min} ms is under 10x the ${rtt.ms} ms round trip (${10 * rtt.ms} ms): ordinary delay looks like a dead leader (Raft §5.6).`,
        'timeouts_too_short',
      );
    } else e.contradicts(W.weak, input, `election timeout ${min} ms is at least 10x the ${rtt.ms} ms round trip.`);
  }
  if (hb !== undefined && min !== undefined && 5 * hb > min) {
    e.supports(
      1.5,
      'cluster_config.heartbeat_ms, cluster_config.election_timeout_min_ms',
      `heartbeat ${hb} ms against an election timeout of ${min} ms: fewer than 5 heartbeats fit in the timeout, so one or two lost heartbeats start an election.`,
      'timeouts_too_short',
    );
  }
  if (f.config.pre_vote === true && f.config.check_quorum === true && min !== undefined && rtt && min >= 10 * rtt.ms) {
    e.contradicts(
      W.weak,
      'cluster_config.pre_vote, cluster_config.check_quorum',
      'PreVote and CheckQuorum are on with a timeout well above the round trip: spurious elections are unlikely.',
    );
  }
  const pause = f.metrics?.gc_pause_max_ms;
  if (pause !== undefined && min !== undefined && pause >= 0.5 * min) {
    e.supports(
      W.moderate,
      'metrics.gc_pause_max_ms',
      `pauses up to ${pause} ms against an election timeout of ${min} ms: a paused leader misses heartbeats.`,
      'leader_pauses',
    );
  }
}

/** Raft §9.3, Figure 16: 150-150 ms timeouts split the vote again and again; 150-300 ms rarely does. */
function spreadEvidence(e: Evidence, f: Facts): void {
  const { election_timeout_min_ms: min, election_timeout_max_ms: max } = f.config;
  if (min === undefined || max === undefined || max < min) return;
  const spread = max - min;
  const rtt = f.rtt;
  if (rtt ? spread >= 2 * rtt.ms : spread >= 0.2 * min) return;
  const against = rtt
    ? `under two ${rtt.ms} ms round trips`
    : 'under 20% of the minimum (the Raft paper uses 150-300 ms)';
  e.supports(
    1.5,
    'cluster_config.election_timeout_min_ms, cluster_config.election_timeout_max_ms',
    `election timeouts ${min}-${max} ms spread only ${spread} ms, ${against}: candidates start together and split the vote (Raft §9.3, Figure 16).`,
    'timeouts_too_close',
  );
}

/**
 * The rule: a high election rate while partition_events_total stays flat and latency is high means the
 * timeouts are too short for the network, not that the network is partitioning.
 */
function networkEvidence(e: Evidence, f: Facts, perMinute: number | undefined): void {
  const detected = f.metrics?.partition_events_total?.detected;
  const latencyHigh = isLatencyHigh(f);
  if (perMinute !== undefined && perMinute * 60 >= 3 && detected === 0 && latencyHigh) {
    e.supports(
      2.5,
      `metrics.leader_elections_total, metrics.partition_events_total, ${latencyHigh.input}`,
      `elections keep happening while no partition was detected and ${latencyHigh.text}: the timeouts are too short for this network's delays.`,
      'timeouts_too_short',
    );
  }
  if (detected !== undefined && detected >= 2) {
    e.supports(
      1.5,
      'metrics.partition_events_total.detected',
      `${detected} partitions detected in the window: the network itself is unstable.`,
      'unstable_network',
    );
  }
  const loss = f.metrics?.packet_loss_ratio;
  if (loss !== undefined && loss >= 0.01) {
    e.supports(
      1.5,
      'metrics.packet_loss_ratio',
      `${round(loss * 100)}% packet loss drops heartbeats.`,
      'unstable_network',
    );
  }
  if (f.config.pre_vote === false && detected !== undefined && detected > 0) {
    e.supports(
      W.weak,
      'cluster_config.pre_vote',
      'PreVote is off: a node returning from a partition bumps the term and deposes the leader.',
      'disruptive_node',
    );
  }
}

/** Latency counts as high at a p99 of 100 ms (the seed's 0.1 s bucket) or a quarter of the election timeout. */
export function isLatencyHigh(f: Facts): { input: string; text: string } | undefined {
  const min = f.config.election_timeout_min_ms;
  const p99 = f.latency?.p99;
  if (p99 !== undefined && (p99 >= 0.1 || (min !== undefined && p99 * 1000 >= 0.25 * min))) {
    return {
      input: f.latency?.source ?? 'metrics.consensus_latency_seconds',
      text: `consensus p99 is ${round(p99 * 1000)} ms`,
    };
  }
  const rtt = f.rtt;
  if (rtt && min !== undefined && rtt.ms >= 0.1 * min) {
    return { input: rtt.input, text: `the round trip is ${rtt.ms} ms, a tenth or more of the ${min} ms timeout` };
  }
  return undefined;
}

function eventEvidence(e: Evidence, f: Facts): void {
  const ev = f.events;
  if (!ev) return;
  if (!electionRate(f)) termEvidence(e, ev);
  if (ev.termsSkipped >= 2) {
    e.supports(
      W.weak,
      'events (leader_elected terms)',
      `${ev.termsSkipped} term(s) passed without a leader between the elections logged: failed or split elections.`,
      'timeouts_too_close',
    );
  }
  const starts = [...ev.startsByNode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = starts[0];
  if (top && top[1] >= 3 && top[1] / ev.electionStarts >= 0.6 && starts.length > 1) {
    e.supports(
      1.5,
      'events (election_started)',
      `${top[0]} started ${top[1]} of ${ev.electionStarts} elections: one node keeps losing contact and disrupting the rest.`,
      'disruptive_node',
    );
  }
  if (ev.spanMs !== undefined && ev.leaders.length >= 2 && ev.leaderChanges === 0) {
    e.contradicts(
      W.weak,
      'events (leader_elected)',
      `the same node led throughout ${formatDuration(ev.spanMs)} of events.`,
    );
  }
}

/**
 * Without a rate (no metrics, and no timestamps to place the records in time) the terms still count elections: each
 * term begins with one (Raft §5.2), so terms running from 5 to 40 mean 35 elections started within the records.
 */
function termEvidence(e: Evidence, ev: EventFacts): void {
  const span = ev.termSpan;
  const started = span ? span.to - span.from : 0;
  if (!span || started < 3) return;
  const unreadable = ev.unreadableTimestamps.length;
  const why =
    unreadable > 0
      ? `${unreadable} record(s) have timestamps that could not be read`
      : ev.spanMs === undefined
        ? 'the records carry no timestamps'
        : `the records span only ${formatDuration(ev.spanMs)}`;
  e.supports(
    started >= 10 ? W.moderate : W.weak,
    'events (term)',
    `terms run from ${span.from} to ${span.to} in the events: ${started} elections started (each term begins with one, Raft §5.2) and ${ev.leaders.length} leader(s) were elected; no rate, because ${why}.`,
  );
}
