import { describe, expect, it } from 'vitest';
import { troubleshoot } from '../../../src/engine/troubleshoot/diagnose.js';
import { planReproduction, type ReproductionPlan } from '../../../src/engine/troubleshoot/reproduce-plan.js';
import { countStaleReads } from '../../../src/engine/troubleshoot/stale-witness.js';
import type { HistoryOp } from '../../../src/engine/sim/history.js';
import type { LogRecord, TroubleshootInput } from '../../../src/engine/troubleshoot/types.js';
import { elected, reproduce, runPlan, ts } from './helpers.js';

/** A deposed leader still replicating after a newer term began, and reads seen returning old values. */
const DEPOSED: readonly LogRecord[] = [
  elected('node-1', 2, 0),
  { event: 'partition_detected', timestamp: ts(1000), context: { isolated_nodes: ['node-1'] } },
  elected('node-3', 3, 2000),
  { event: 'log_replicated', node_id: 'node-1', term: 2, timestamp: ts(3000) },
];
const STALE_FROM_DEPOSED: TroubleshootInput = {
  symptom: 'reads return old values after the network blip',
  cluster_config: {
    nodes: 5,
    read_from: 'any_replica',
    check_quorum: false,
    pre_vote: false,
    election_timeout_min_ms: 150,
    election_timeout_max_ms: 300,
    heartbeat_ms: 50,
  },
  events: DEPOSED,
  answers: { reads_return_old_values: true },
};

describe('reproduction of reads served by a cut-off leader (Raft thesis §6.4)', () => {
  it('should show stale reads with local reads and none with ReadIndex, on the configured settings', () => {
    const { plan, result } = reproduce(STALE_FROM_DEPOSED, 1);
    expect(plan).toMatchObject({ issue: 'stale_reads', cause: 'stale_leader_reads', scenario: 'deposed_leader_reads' });
    expect(plan.suspected.readMode).toBe('any_local');
    expect(plan.fix.readMode).toBe('read_index');
    expect(plan.fix.tuning).toEqual(plan.suspected.tuning);
    expect(plan.sources.assumed.filter((a) => a.decisive)).toEqual([]);
    expect(result.suspected.staleReads).toBeGreaterThan(0);
    expect(result.fix.staleReads).toBe(0);
    expect(result.verdict).toBe('reproduced_and_fixed');
    expect(result.suspected.invariantsHeld && result.fix.invariantsHeld).toBe(true);
  });

  it('should find stale reads on every seed tried, and never with ReadIndex', () => {
    for (const seed of [2, 3, 4]) {
      const { result } = reproduce(STALE_FROM_DEPOSED, seed);
      expect(result.suspected.staleReads, `seed ${seed}`).toBeGreaterThan(0);
      expect(result.fix.staleReads, `seed ${seed}`).toBe(0);
    }
  });

  it('should not reproduce when reads already go through ReadIndex (read_from: leader)', () => {
    const { plan, result } = reproduce(
      { ...STALE_FROM_DEPOSED, cluster_config: { ...STALE_FROM_DEPOSED.cluster_config, read_from: 'leader' } },
      1,
    );
    expect(plan.suspected.readMode).toBe('read_index');
    expect(result.suspected.staleReads).toBe(0);
    expect(result.verdict).toBe('not_reproduced');
  });

  it('should call it illustrative when the read path or CheckQuorum was assumed', () => {
    const { plan, result } = reproduce(
      { ...STALE_FROM_DEPOSED, cluster_config: { nodes: 5, read_from: 'leader_lease' } },
      1,
    );
    expect(plan.suspected.readMode).toBe('leader_local');
    expect(plan.sources.assumed.filter((a) => a.decisive).map((a) => [a.figure, a.kind])).toEqual([
      ['CheckQuorum', 'default'],
      ['read path', 'inferred'],
    ]);
    expect(result.verdict).toBe('illustrative');
    expect(result.outcome).toBe('reproduced_and_fixed');
  });

  it('should add CheckQuorum to the fix for split-brain under a partition', () => {
    const { plan, result } = reproduce(
      {
        symptom: 'split brain after a partition, the old leader kept serving',
        cluster_config: { ...STALE_FROM_DEPOSED.cluster_config, read_from: 'followers' },
        events: DEPOSED,
        answers: { fencing: false },
      },
      1,
    );
    expect(plan).toMatchObject({ issue: 'split_brain', cause: 'partition_without_fencing' });
    expect(plan.fix.tuning.checkQuorum).toBe(true);
    expect(plan.fix.readMode).toBe('read_index');
    expect(result.suspected.staleReads).toBeGreaterThan(0);
    expect(result.fix.staleReads).toBe(0);
  });

  it('should catch a fix that does not change the read path (planted: the fix reads locally too)', () => {
    const { plan } = reproduce(STALE_FROM_DEPOSED, 1);
    const planted: ReproductionPlan = { ...plan, fix: { ...plan.fix, readMode: plan.suspected.readMode } };
    const result = runPlan(planted);
    expect(result.measured.fix).toBeGreaterThan(0);
    expect(result.verdict).toBe('reproduced_not_fixed');
  });

  it('should leave stale reads from lagging followers to simulate_cluster, saying why', () => {
    const input: TroubleshootInput = {
      symptom: 'reads return old values',
      cluster_config: { read_from: 'followers' },
    };
    const report = troubleshoot(input);
    const outcome = planReproduction(input, report.facts, report.diagnoses, 1);
    expect(outcome.kind).toBe('not_applicable');
    expect(outcome.kind === 'not_applicable' && outcome.reason).toContain(
      'stale reads from lagging followers are shown by simulate_cluster with read_mode any_local',
    );
  });
});

describe('countStaleReads', () => {
  const op = (process: number, type: HistoryOp['type'], f: HistoryOp['f'], value: number | null, time: number) => ({
    process,
    type,
    f,
    key: 'k',
    value,
    time,
  });

  it('should count a read of a value overwritten before it began, and of the initial value after a write', () => {
    const history: HistoryOp[] = [
      op(0, 'invoke', 'put', 1, 0),
      op(0, 'ok', 'put', 1, 10),
      op(0, 'invoke', 'put', 2, 20),
      op(0, 'ok', 'put', 2, 30),
      op(1, 'invoke', 'get', null, 40),
      op(1, 'ok', 'get', 1, 45), // stale: put 2 completed before the read began
      op(1, 'invoke', 'get', null, 50),
      op(1, 'ok', 'get', null, 55), // stale: the initial value, after two acknowledged writes
      op(1, 'invoke', 'get', null, 60),
      op(1, 'ok', 'get', 2, 65),
    ];
    expect(countStaleReads(history)).toBe(2);
  });

  it('should not count a read racing the write that overwrote it, nor the value of an unacknowledged write', () => {
    const history: HistoryOp[] = [
      op(0, 'invoke', 'put', 1, 0),
      op(0, 'ok', 'put', 1, 10),
      op(0, 'invoke', 'put', 2, 20),
      op(1, 'invoke', 'get', null, 25), // invoked before put 2 completed: reading 1 is allowed
      op(0, 'ok', 'put', 2, 30),
      op(1, 'ok', 'get', 1, 35),
      op(2, 'invoke', 'put', 3, 40),
      op(2, 'info', 'put', 3, 1040),
      op(1, 'invoke', 'get', null, 1100),
      op(1, 'ok', 'get', 3, 1105), // put 3 may have applied: not a witness
    ];
    expect(countStaleReads(history)).toBe(0);
  });
});
