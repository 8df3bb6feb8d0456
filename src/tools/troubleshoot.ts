import { z } from 'zod';
import {
  isReproducible,
  troubleshoot,
  type Diagnosis,
  type Finding,
  type TroubleshootReport,
} from '../engine/index.js';
import { PURE_TOOL, defineTool, type ToolContext } from './define-tool.js';
import { inputSchema, type TroubleshootToolInput } from './troubleshoot-input.js';
import { reproduce, reproductionSchema } from './troubleshoot-reproduction.js';

export { inputSchema };

const evidenceItem = z.object({
  input: z.string().describe('The input it came from, as you spelled it (metrics.x, events[3]).'),
  observation: z.string(),
  weight: z.number().describe('Log-odds contribution: + supports, - contradicts.'),
});

const diagnosis = z.object({
  issue: z.string(),
  title: z.string(),
  status: z.enum(['confirmed', 'likely', 'possible', 'unlikely', 'ruled_out']),
  confidence: z.number().describe('0..1, logistic of the summed log-odds in confidence_basis.'),
  confidence_basis: z.string(),
  safety_violation: z.boolean().describe('true when the logs show a broken safety property.'),
  cause: z.string(),
  cause_from_evidence: z.boolean().describe('false: no evidence singled out a cause; this is the most common one.'),
  resolution: z.string().describe('The fix to try first for this cause.'),
  resolutions: z.array(z.string()).describe('All fixes for the cause, ranked.'),
  evidence: z.object({ supporting: z.array(evidenceItem), contradicting: z.array(evidenceItem) }),
  missing_signals: z.array(z.object({ input: z.string(), confirms: z.string(), rules_out: z.string() })),
  references: z.array(z.string()).describe('Skill documents, relative to SKILL.md.'),
});

export const outputSchema = z.object({
  matched: z.boolean().describe('false when nothing pointed at a known issue: see questions.'),
  symptom_match: z.array(z.object({ issue: z.string(), score: z.number(), phrases: z.array(z.string()) })),
  diagnoses: z.array(diagnosis),
  diagnoses_omitted: z.int().describe('Issues considered but beyond max_diagnoses.'),
  checklist: z.array(
    z.object({
      item: z.string(),
      question: z.string(),
      status: z.enum(['pass', 'fail', 'unknown']),
      reason: z.string(),
      inputs: z.array(z.string()),
    }),
  ),
  questions: z.array(z.object({ question: z.string(), input: z.string(), distinguishes: z.array(z.string()) })),
  next_steps: z.array(z.string()),
  notes: z.array(z.string()).describe('What in the input was ignored or could not be read (timestamps), and why.'),
  reproduction: reproductionSchema.optional(),
  summary: z.string(),
});

type Output = z.input<typeof outputSchema>;

const evidence = (f: Finding) => ({ input: f.input, observation: f.observation, weight: f.weight });

function diagnosisOut(d: Diagnosis): z.input<typeof diagnosis> {
  return {
    issue: d.issue,
    title: d.title,
    status: d.status,
    confidence: d.confidence,
    confidence_basis: d.confidenceBasis,
    safety_violation: d.safetyViolation,
    cause: d.cause.text,
    cause_from_evidence: d.causeFromEvidence,
    resolution: d.resolutions[0] ?? '',
    resolutions: [...d.resolutions],
    evidence: { supporting: d.supporting.map(evidence), contradicting: d.contradicting.map(evidence) },
    missing_signals: d.missingSignals.map((s) => ({ input: s.input, confirms: s.confirms, rules_out: s.rulesOut })),
    references: [...d.references],
  };
}

export async function runTroubleshoot(input: TroubleshootToolInput, ctx: ToolContext): Promise<Output> {
  const report = troubleshoot(input, input.max_diagnoses);
  const reproduction = input.reproduce ? await reproduce(input, report, input.seed, ctx) : undefined;
  return {
    matched: report.matched,
    symptom_match: report.textMatches.map((t) => ({
      issue: t.issue,
      score: t.score,
      phrases: [...new Set(t.phrases.map((p) => p.matched))],
    })),
    diagnoses: report.diagnoses.map(diagnosisOut),
    diagnoses_omitted: report.omitted,
    checklist: report.checklist.map((c) => ({ ...c, inputs: [...c.inputs] })),
    questions: report.questions.map((q) => ({ ...q, distinguishes: [...q.distinguishes] })),
    next_steps: nextSteps(report, input.reproduce),
    notes: [...report.notes],
    ...(reproduction ? { reproduction } : {}),
    summary: summarize(report, reproduction?.status === 'ran' ? reproduction.note : undefined),
  };
}

/** The engine's next steps, plus the offer to simulate when the leading open diagnosis is one the simulator runs. */
function nextSteps(report: TroubleshootReport, reproduced: boolean): string[] {
  const steps = [...report.nextSteps];
  const open = report.diagnoses.find((d) => d.status !== 'ruled_out' && d.status !== 'unlikely');
  if (!reproduced && open && isReproducible(open)) {
    steps.push(
      'Call again with reproduce: true to simulate this configuration and the fix side by side on the same network.',
    );
  }
  return steps;
}

function summarize(report: TroubleshootReport, reproduced: string | undefined): string {
  const parts: string[] = [];
  const [top, ...rest] = report.diagnoses;
  if (!top) {
    parts.push(
      'No known issue matches the symptom and no evidence points at one: answer the questions below (or give metrics and log records) to narrow it down.',
    );
  } else if (top.status === 'unlikely' || top.status === 'ruled_out') {
    parts.push(noneSupported(report));
  } else {
    const lead = top.supporting[0];
    parts.push(
      `${top.status === 'confirmed' ? 'Confirmed' : 'Most likely'}: ${top.title.toLowerCase()} (${top.status}, confidence ${top.confidence})` +
        (top.safetyViolation ? ', a safety violation' : '') +
        (lead ? `, because ${lead.observation}` : '.') +
        ` Cause: ${top.cause.text} First fix: ${top.resolutions[0] ?? ''}`,
    );
    const others = rest
      .filter((d) => d.status !== 'ruled_out')
      .map((d) => `${d.title.toLowerCase()} (${d.status}, ${d.confidence})`);
    if (others.length > 0) parts.push(`Also: ${others.join(', ')}.`);
    const out = report.diagnoses
      .filter((d) => d.status === 'ruled_out')
      .map((d) => `${d.title.toLowerCase()} (${d.contradicting[0]?.observation ?? 'no support'})`);
    if (out.length > 0) parts.push(`Ruled out: ${out.join('; ')}`);
  }
  if (reproduced) parts.push(`Simulation: ${reproduced}`);
  const unreadable = report.facts.events?.unreadableTimestamps.length ?? 0;
  if (unreadable > 0) parts.push(`${unreadable} unreadable events[].timestamp were ignored for timing (see notes).`);
  const fails = report.checklist.filter((c) => c.status === 'fail').map((c) => c.item);
  const unknown = report.checklist.filter((c) => c.status === 'unknown').length;
  parts.push(
    `Checklist: ${6 - fails.length - unknown} pass, ${fails.length} fail${fails.length ? ` (${fails.join(', ')})` : ''}, ${unknown} unknown.`,
  );
  return parts.join(' ');
}

/**
 * When even the leading diagnosis is unlikely, recommending its fix would contradict the evidence: say that nothing
 * the symptom pointed at is supported, what argued against each (and which input said so), and what to answer next.
 */
function noneSupported(report: TroubleshootReport): string {
  const against = report.diagnoses.flatMap((d) => {
    const c = d.contradicting[0];
    const said = c?.observation.replace(/\.$/, '');
    return c ? [`${d.title.toLowerCase()} (${d.status}, confidence ${d.confidence}) by ${c.input}: ${said}`] : [];
  });
  const silent = report.diagnoses.filter((d) => d.contradicting.length === 0).map((d) => d.title.toLowerCase());
  const q = report.questions.length;
  return (
    'The evidence supports none of the matched issues, so no fix is recommended yet.' +
    (against.length > 0 ? ` It argues against ${against.join('; ')}.` : '') +
    (silent.length > 0
      ? ` Only the wording of the symptom points at ${silent.join(', ')}; no evidence bears on it.`
      : '') +
    ` Next: ${q > 0 ? `answer the ${q} question(s) below` : 'give metrics or log records from the incident'}, and settle the checklist items still unknown.`
  );
}

export const troubleshootTool = defineTool({
  name: 'troubleshoot',
  title: 'Diagnose a distributed-systems incident from its evidence',
  description:
    'Diagnose an incident (split-brain, leader flapping, stale reads, deadlock, divergence, latency spikes, growing ' +
    'lag, clock skew, hot partitions, retry storms, lost writes after failover, quorum loss) from a free-text ' +
    'symptom plus whatever evidence you have: cluster config, metrics with the seed names ' +
    '(leader_elections_total{result}, replication_lag_seconds{follower_id}, consensus_latency_seconds, ' +
    'partition_events_total{type}), log records in the seed schema, and checklist answers. Returns ranked diagnoses ' +
    'with the supporting and contradicting evidence and a computed confidence, the debug checklist (pass/fail/' +
    'unknown with reasons), questions that would narrow a vague symptom, and next steps. With reproduce: true, ' +
    'leader flapping (or stale reads from a deposed leader, or split-brain under a partition) is simulated on Raft ' +
    'as configured and with the fix, side by side; figures not given are assumed ' +
    'and listed, and a verdict resting on them is illustrative. Bounds: 2000-char ' +
    'symptom, 500 log records, 64 followers, 256 partitions.',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  limitHint: 'Leave out reproduce, or give a smaller cluster.',
  run: runTroubleshoot,
});
