import { describe, expect, it } from 'vitest';
import { SILENT_CONTEXT, callTool } from '../../src/tools/define-tool.js';
import { inputSchema, outputSchema, runTroubleshoot, troubleshootTool } from '../../src/tools/troubleshoot.js';
import { DEMO_CASES } from '../../scripts/demo/cases.js';
import { inputSchema as simulateInput, runSimulateCluster } from '../../src/tools/simulate-cluster.js';
import { largestInput } from '../engine/troubleshoot/helpers.js';

const run = (args: Record<string, unknown>) => runTroubleshoot(inputSchema.parse(args), SILENT_CONTEXT);

describe('runTroubleshoot', () => {
  it('should diagnose from the seed log example shape and satisfy the output schema', async () => {
    const result = await run({
      symptom: 'two leaders?!',
      events: [
        { level: 'INFO', event: 'leader_elected', context: { node_id: 'node-3', term: 42 } },
        { level: 'INFO', event: 'leader_elected', context: { node_id: 'node-5', term: 42 } },
        { level: 'WARN', event: 'partition_detected', context: { isolated_nodes: ['node-2', 'node-5'] } },
      ],
    });
    expect(outputSchema.safeParse(result).success).toBe(true);
    expect(result.diagnoses[0]).toMatchObject({ issue: 'split_brain', status: 'confirmed', safety_violation: true });
    expect(result.diagnoses[0]?.evidence.supporting[0]?.input).toBe('events[0], events[1]');
    expect(result.summary).toMatch(
      /^Confirmed: split-brain \(confirmed, confidence 1\), a safety violation, because term 42 has 2 leaders/,
    );
  });

  it('should return the checklist and questions for an unmatched symptom', async () => {
    const result = await run({ symptom: 'users are unhappy' });
    expect(result.matched).toBe(false);
    expect(result.diagnoses).toEqual([]);
    expect(result.checklist).toHaveLength(6);
    expect(result.questions.length).toBeGreaterThan(0);
    expect(result.summary).toContain('No known issue matches');
  });

  it('should recommend no fix when the evidence argues against every matched issue, naming that evidence', async () => {
    const calm = await run({
      symptom: 'the leader keeps changing',
      metrics: { leader_elections_total: { success: 0, timeout: 0, split_vote: 0 } },
    });
    expect(calm.diagnoses[0]).toMatchObject({ issue: 'leader_flapping', status: 'unlikely' });
    expect(calm.summary).toMatch(/^The evidence supports none of the matched issues, so no fix is recommended yet\./);
    expect(calm.summary).toContain(
      'leader flapping (unlikely, confidence 0.12) by metrics.leader_elections_total: no elections over 60 min (metrics.window_seconds): the leader is stable.',
    );
    expect(calm.summary).toContain('answer the');
    expect(calm.summary).not.toMatch(/Most likely|First fix|Increase election timeout/);
    const oneLeaderPerTerm = await run({
      symptom: 'two leaders',
      events: [1, 2, 3].map((term) => ({ event: 'leader_elected', node_id: term === 2 ? 'b' : 'a', term })),
    });
    expect(oneLeaderPerTerm.diagnoses[0]).toMatchObject({ issue: 'split_brain', status: 'unlikely' });
    expect(oneLeaderPerTerm.summary).toContain(
      'split-brain (unlikely, confidence 0.27) by events (leader_elected, log_replicated): each of the 3 terms in the events has exactly one leader',
    );
    expect(oneLeaderPerTerm.summary).not.toMatch(/Most likely|First fix|fencing/);
    expect(oneLeaderPerTerm.next_steps.every((s) => s.startsWith('Answer:'))).toBe(true);
  });

  it('should say when only the wording points at an issue and no evidence bears on it', async () => {
    const result = await run({ symptom: 'slow, timeouts' });
    expect(result.diagnoses[0]).toMatchObject({ issue: 'commit_latency_spikes', status: 'unlikely' });
    expect(result.summary).toContain(
      'Only the wording of the symptom points at commit latency spikes; no evidence bears on it.',
    );
    expect(result.summary).not.toMatch(/Most likely|First fix/);
  });

  it('should name timestamps it cannot read and still count elections by term', async () => {
    const events = Array.from({ length: 12 }, (_, i) => ({
      event: 'leader_elected',
      node_id: `node-${(i % 3) + 1}`,
      term: 10 + 3 * i,
      timestamp: i % 2 ? 'garbage0000' : `Nov 24 10:0${Math.floor(i / 2)}:01`,
    }));
    const result = await run({ events });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(
      /^12 of 12 events\[\]\.timestamp could not be read \(events\[0\]\.timestamp "Nov 24 10:00:01", events\[1\]\.timestamp "garbage0000", events\[2\]\.timestamp "Nov 24 10:01:01" and 9 more\) and were ignored/,
    );
    expect(result.summary).toContain('12 unreadable events[].timestamp were ignored for timing (see notes).');
    const flapping = result.diagnoses.find((d) => d.issue === 'leader_flapping');
    expect(flapping?.evidence.supporting[0]).toMatchObject({ input: 'events (term)' });
    expect(flapping?.evidence.supporting[0]?.observation).toContain(
      'terms run from 10 to 43 in the events: 33 elections started',
    );
    expect(flapping?.evidence.supporting[0]?.observation).toContain(
      '12 record(s) have timestamps that could not be read',
    );
  });

  it('should compute no election rate when some elections have unreadable times, and count them by term', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({
      event: 'leader_elected',
      node_id: `node-${(i % 2) + 1}`,
      term: 3 + i,
      timestamp: i < 2 ? `2025-01-10T12:0${i}:00Z` : 'garbage0000',
    }));
    const flapping = (await run({ symptom: 'leader flapping', events })).diagnoses[0];
    expect(flapping?.evidence.supporting.map((s) => s.input)).toEqual(['events (term)']);
    expect(flapping?.evidence.contradicting).toEqual([]);
  });

  it('should time records stamped in epoch milliseconds like ISO ones, and note none', async () => {
    const at = (s: number) => String(Date.UTC(2025, 0, 10, 12) + s * 1000);
    const events = Array.from({ length: 8 }, (_, i) => ({
      event: 'leader_elected',
      node_id: `node-${(i % 2) + 1}`,
      term: 3 + i,
      timestamp: at(i * 15),
    }));
    const result = await run({ events });
    expect(result.notes).toEqual([]);
    const flapping = result.diagnoses.find((d) => d.issue === 'leader_flapping');
    expect(flapping?.evidence.supporting[0]).toMatchObject({ input: 'events (leader_elected)' });
    expect(flapping?.evidence.supporting[0]?.observation).toContain('8 election(s) over 105 s');
  });

  it('should run the reproduction side by side and give the simulate_cluster arguments of each side', async () => {
    const demo = DEMO_CASES.find((c) => c.tool === 'troubleshoot');
    const result = await run({ ...demo?.args, reproduce: true, seed: 3 });
    expect(outputSchema.safeParse(result).success).toBe(true);
    const r = result.reproduction;
    expect(r?.status).toBe('ran');
    expect(r?.verdict).toBe('reproduced_and_fixed');
    expect(r?.with_fix?.elections_total).toBeLessThan(r?.as_configured?.elections_total ?? 0);
    expect(r?.simulate_cluster_args?.as_configured).toMatchObject({
      election_timeout_ms: [150, 300],
      seed: 3,
      pre_vote: false,
    });
    expect(r?.simulate_cluster_args?.with_fix).toMatchObject({ pre_vote: true, check_quorum: true });
    expect(result.summary).toContain('Simulation: Reproduced, and the fix removes it.');
  });

  it('should return simulate_cluster arguments that re-run exactly the runs reported', async () => {
    const demo = DEMO_CASES.find((c) => c.tool === 'troubleshoot');
    const r = (await run({ ...demo?.args, reproduce: true, seed: 5 })).reproduction;
    for (const [side, args] of Object.entries(r?.simulate_cluster_args ?? {})) {
      const sim = await runSimulateCluster(simulateInput.parse(args), SILENT_CONTEXT);
      const reported = side === 'as_configured' ? r?.as_configured : r?.with_fix;
      expect(sim.metrics.leader_elections_total, side).toEqual(reported?.elections);
      expect(sim.events_processed, side).toBe(reported?.events_processed);
    }
  });

  it('should say why nothing was simulated for an issue the simulator does not reproduce', async () => {
    const result = await run({ symptom: 'reads return old values', reproduce: true });
    expect(result.reproduction).toMatchObject({ status: 'not_applicable' });
    expect(result.reproduction?.note).toContain('stale reads');
    expect((await run({ symptom: 'leader flapping' })).reproduction).toBeUndefined();
  });

  it('should still diagnose when the simulator refuses the reported timers, naming the field (found by the fuzzer)', async () => {
    const result = await run({
      symptom: 'the leader keeps changing',
      cluster_config: { heartbeat_ms: 0 },
      reproduce: true,
    });
    expect(result.diagnoses.length).toBeGreaterThan(0);
    expect(result.reproduction).toMatchObject({ status: 'not_applicable' });
    expect(result.reproduction?.note).toContain('cluster_config.heartbeat_ms');
  });

  it('should keep the largest allowed input well under 25 000 tokens of output', async () => {
    const result = await run({ ...largestInput(), max_diagnoses: 12 });
    expect(outputSchema.safeParse(result).success).toBe(true);
    expect(JSON.stringify(result).length).toBeLessThan(60_000);
  });
});

describe('troubleshoot tool input', () => {
  it('should name the field for a region count that does not add up', async () => {
    const outcome = await callTool(
      troubleshootTool,
      { cluster_config: { nodes: 5, regions: [{ name: 'a', nodes: 4 }] } },
      SILENT_CONTEXT,
    );
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(
      /cluster_config\.regions: region node counts add up to 4 but nodes is 5/,
    );
  });

  it('should bound log record contexts, event counts and the symptom', async () => {
    const context = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ events: [{ event: 'leader_elected', context }] }, /at most 16 keys/],
      [{ events: Array.from({ length: 501 }, () => ({ event: 'leader_elected' })) }, /events/],
      [{ symptom: 'x'.repeat(2001) }, /symptom/],
      [{ events: [{ event: 'leader_changed' }] }, /event/],
      [{ metrics: { rtt_ms: -1 } }, /rtt_ms/],
      [{ issue: 'split-brain' }, /issue/],
      [{ symptom: 'x', sympton: 'y' }, /sympton.*accepted fields are symptom/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await callTool(troubleshootTool, args, SILENT_CONTEXT);
      expect(outcome.ok, JSON.stringify(args).slice(0, 80)).toBe(false);
      expect(!outcome.ok && outcome.message).toMatch(pattern);
    }
  });
});
