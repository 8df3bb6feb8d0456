/**
 * Turns the symptom, the named issue and the evidence into ranked diagnoses. Each issue's confidence is a
 * logistic of summed log-odds: a prior, the caller's suspicion (the symptom text's match or the issue they named,
 * whichever is stronger), and every finding (positive supports, negative contradicts). A decisive finding (a safety violation in the logs, fewer nodes up
 * than a quorum) settles the status whatever the sum. The arithmetic is returned with each diagnosis.
 */
import { assert } from '../errors.js';
import { computeChecklist, type ChecklistItem } from './checklist.js';
import { deriveFacts, round, type Facts } from './facts.js';
import { KB, kbIssue, type KbCause, type KbSignal } from './kb.js';
import { hasInput, narrowingQuestions, type NarrowingQuestion } from './questions.js';
import { leaderFlappingFindings } from './rules-flapping.js';
import { hotPartitionFindings, latencyFindings, retryStormFindings } from './rules-load.js';
import { clockSkewFindings, deadlockFindings } from './rules-locks-clocks.js';
import { lagGrowthFindings, staleReadFindings } from './rules-reads.js';
import { quorumLossFindings, splitBrainFindings } from './rules-split-brain.js';
import { divergenceFindings, lostWriteFindings } from './rules-writes.js';
import { TEXT_MATCH_THRESHOLD, matchSymptom, type TextMatch } from './text-match.js';
import type { Finding, IssueId, TroubleshootInput } from './types.js';

/** log-odds of an issue before any input: about 12%, one of a dozen plausible issues. */
export const PRIOR_LOG_ODDS = -2;
/** Naming the issue is strong but not conclusive: the evidence can still overturn it. */
export const NAMED_LOG_ODDS = 2.5;
/** Supporting evidence needed for an issue nobody mentioned to be listed. */
const UNPROMPTED_SUPPORT = 2;

export type DiagnosisStatus = 'confirmed' | 'likely' | 'possible' | 'unlikely' | 'ruled_out';

export interface Diagnosis {
  readonly issue: IssueId;
  readonly title: string;
  readonly status: DiagnosisStatus;
  readonly confidence: number;
  /** The log-odds sum behind the confidence, written out. */
  readonly confidenceBasis: string;
  readonly safetyViolation: boolean;
  readonly cause: KbCause;
  /** true when evidence pointed at this cause; false when it is the knowledge base's default. */
  readonly causeFromEvidence: boolean;
  readonly resolutions: readonly string[];
  readonly supporting: readonly Finding[];
  readonly contradicting: readonly Finding[];
  /** Signals not given that would confirm or rule this issue out. */
  readonly missingSignals: readonly KbSignal[];
  readonly references: readonly string[];
}

export interface TroubleshootReport {
  /** false when neither the text, the named issue nor the evidence pointed at any known issue. */
  readonly matched: boolean;
  readonly textMatches: readonly TextMatch[];
  readonly diagnoses: readonly Diagnosis[];
  /** Issues considered but left off the list by `maxDiagnoses`. */
  readonly omitted: number;
  readonly checklist: readonly ChecklistItem[];
  readonly questions: readonly NarrowingQuestion[];
  readonly nextSteps: readonly string[];
  /** What in the input was ignored or could not be read, and what that costs. */
  readonly notes: readonly string[];
  readonly facts: Facts;
}

const RULES: Record<IssueId, (f: Facts) => Finding[]> = {
  split_brain: splitBrainFindings,
  leader_flapping: leaderFlappingFindings,
  stale_reads: staleReadFindings,
  deadlock: deadlockFindings,
  data_divergence: divergenceFindings,
  commit_latency_spikes: latencyFindings,
  replication_lag_growth: lagGrowthFindings,
  clock_skew: clockSkewFindings,
  hot_partition: hotPartitionFindings,
  retry_storm: retryStormFindings,
  lost_writes_after_failover: lostWriteFindings,
  quorum_loss: quorumLossFindings,
};

export const MAX_DIAGNOSES = 12;

/** Diagnoses an incident. Pure: the same input gives the same report. */
export function troubleshoot(input: TroubleshootInput, maxDiagnoses = 5): TroubleshootReport {
  assert(maxDiagnoses >= 1 && maxDiagnoses <= MAX_DIAGNOSES, `maxDiagnoses must be 1..${MAX_DIAGNOSES}`);
  const facts = deriveFacts(input);
  const textMatches = matchSymptom(input.symptom);
  const considered: Diagnosis[] = [];
  for (const entry of KB) {
    const findings = RULES[entry.id](facts);
    for (const finding of findings)
      assert(finding.issue === entry.id, `rule for ${entry.id} produced ${finding.issue}`);
    const text = textMatches.find((t) => t.issue === entry.id)?.score ?? 0;
    const named = input.issue === entry.id;
    const support = findings.filter((x) => x.weight > 0).reduce((s, x) => s + x.weight, 0);
    if (text < TEXT_MATCH_THRESHOLD && !named && support < UNPROMPTED_SUPPORT) continue;
    considered.push(diagnose(input, entry.id, findings, text, named));
  }
  considered.sort(
    (a, b) => rank(b) - rank(a) || KB.findIndex((k) => k.id === a.issue) - KB.findIndex((k) => k.id === b.issue),
  );
  const diagnoses = considered.slice(0, maxDiagnoses);
  const checklist = computeChecklist(facts);
  const uncertain = !diagnoses.some((d) => d.status === 'confirmed' || d.status === 'likely');
  const candidates = diagnoses
    .filter((d) => d.status !== 'ruled_out')
    .slice(0, 3)
    .map((d) => d.issue);
  const questions = uncertain ? narrowingQuestions(input, candidates, 5) : [];
  return {
    matched: diagnoses.length > 0,
    textMatches,
    diagnoses,
    omitted: considered.length - diagnoses.length,
    checklist,
    questions,
    nextSteps: nextSteps(diagnoses, checklist, questions),
    notes: inputNotes(facts),
    facts,
  };
}

/** Confirmed first, then by confidence; a ruled-out issue always sorts below an open one. */
function rank(d: Diagnosis): number {
  const bonus = d.status === 'confirmed' ? 2 : d.status === 'ruled_out' ? -2 : 0;
  return bonus + d.confidence;
}

function diagnose(
  input: TroubleshootInput,
  id: IssueId,
  findings: readonly Finding[],
  text: number,
  named: boolean,
): Diagnosis {
  const entry = kbIssue(id);
  const supporting = [...findings.filter((x) => x.weight > 0)].sort((a, b) => b.weight - a.weight);
  const contradicting = [...findings.filter((x) => x.weight < 0)].sort((a, b) => a.weight - b.weight);
  const plus = supporting.reduce((s, x) => s + x.weight, 0);
  const minus = contradicting.reduce((s, x) => s + x.weight, 0);
  // The text and the named issue are the same person's suspicion, not independent evidence: count the stronger.
  const claim = Math.max(text, named ? NAMED_LOG_ODDS : 0);
  const logOdds = PRIOR_LOG_ODDS + claim + plus + minus;
  const decisiveFor = supporting.some((x) => x.decisive);
  const decisiveAgainst = contradicting.some((x) => x.decisive);
  // Short of a decisive finding, evidence about symptoms never makes an issue certain either way.
  const confidence =
    decisiveFor || decisiveAgainst
      ? round2(logistic(logOdds))
      : Math.min(0.99, Math.max(0.01, round2(logistic(logOdds))));
  const { cause, fromEvidence } = chooseCause(entry.causes, supporting);
  const basis =
    `logistic(${PRIOR_LOG_ODDS} prior` +
    (claim > 0 ? ` + ${round(claim)} ${named && claim === NAMED_LOG_ODDS ? 'named issue' : 'symptom text'}` : '') +
    (plus > 0 ? ` + ${round(plus)} supporting` : '') +
    (minus < 0 ? ` - ${round(-minus)} contradicting` : '') +
    ` = ${round(logOdds)}) = ${confidence}` +
    (decisiveFor ? '; a decisive finding confirms it' : decisiveAgainst ? '; a decisive finding rules it out' : '');
  return {
    issue: id,
    title: entry.title,
    status: decisiveFor ? 'confirmed' : decisiveAgainst ? 'ruled_out' : statusFor(confidence),
    confidence,
    confidenceBasis: basis,
    safetyViolation: supporting.some((x) => x.safetyViolation),
    cause,
    causeFromEvidence: fromEvidence,
    resolutions: cause.resolutions,
    supporting,
    contradicting,
    missingSignals: entry.signals.filter((s) => !hasInput(input, s.input)),
    references: entry.references,
  };
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function statusFor(confidence: number): DiagnosisStatus {
  if (confidence >= 0.75) return 'likely';
  if (confidence >= 0.4) return 'possible';
  if (confidence >= 0.12) return 'unlikely';
  return 'ruled_out';
}

/** The cause with the most supporting weight; the knowledge base's first (most common) cause when none has any. */
function chooseCause(
  causes: readonly KbCause[],
  supporting: readonly Finding[],
): { cause: KbCause; fromEvidence: boolean } {
  let best: { cause: KbCause; weight: number } | undefined;
  for (const cause of causes) {
    const weight = supporting.filter((x) => x.cause === cause.id).reduce((s, x) => s + x.weight, 0);
    if (weight > 0 && (!best || weight > best.weight)) best = { cause, weight };
  }
  const first = causes[0];
  assert(first, 'every KB issue has a cause');
  return best ? { cause: best.cause, fromEvidence: true } : { cause: first, fromEvidence: false };
}

const MAX_NEXT_STEPS = 8;

function nextSteps(
  diagnoses: readonly Diagnosis[],
  checklist: readonly ChecklistItem[],
  questions: readonly NarrowingQuestion[],
): string[] {
  const steps: string[] = [];
  const open = diagnoses.filter((d) => d.status !== 'ruled_out' && d.status !== 'unlikely');
  const violation = diagnoses.find((d) => d.safetyViolation);
  if (violation) {
    steps.push(
      `Safety violation (${violation.title}): stop writes, keep every node's log and data directory, and find the first divergent entry before restarting anything.`,
    );
  }
  for (const d of open.slice(0, 2)) {
    const [first, second] = d.resolutions;
    if (first) steps.push(`${d.title}: ${first}`);
    if (second && d === open[0]) steps.push(`${d.title}: ${second}`);
  }
  for (const c of checklist.filter((x) => x.status === 'fail')) steps.push(`Checklist, ${c.question} ${c.reason}`);
  const top = open[0];
  for (const s of top?.missingSignals.slice(0, 2) ?? []) {
    steps.push(`To confirm or rule out ${top?.title.toLowerCase()}, give ${s.input}: ${s.confirms} would confirm it.`);
  }
  if (open.length === 0) for (const q of questions.slice(0, 3)) steps.push(`Answer: ${q.question} (fills ${q.input})`);
  return steps.slice(0, MAX_NEXT_STEPS);
}

/** Timestamps nobody could read must not vanish silently: name them, and say what they no longer take part in. */
function inputNotes(f: Facts): string[] {
  const ev = f.events;
  const bad = ev?.unreadableTimestamps ?? [];
  if (!ev || bad.length === 0) return [];
  const shown = bad
    .slice(0, 3)
    .map((b) => `events[${b.index}].timestamp ${JSON.stringify(b.text)}`)
    .join(', ');
  const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
  const order = bad.length < ev.count ? '; the records are taken in the order given' : '';
  return [
    `${bad.length} of ${ev.count} events[].timestamp could not be read (${shown}${more}) and were ignored: those records take no part in election rates, time spans or clock checks${order}. Their terms, leaders and values still count. Timestamps are read as ISO 8601 or as epoch seconds, milliseconds, microseconds or nanoseconds.`,
  ];
}
