/**
 * Raft §9.3, Figure 16: time to elect a new leader after the leader crashes, on five servers with a broadcast time
 * of about 15 ms (one-way delay 7.5 ms), the crash spread over one heartbeat interval (half the minimum timeout).
 */
import { describe, expect, it } from 'vitest';
import { raftProtocol } from '../../../../src/engine/protocols/raft/index.js';
import { DEFAULT_RAFT_OPTIONS } from '../../../../src/engine/protocols/raft/types.js';
import { simulationConfig } from '../../../../src/engine/sim/defaults.js';
import { measureFailover, type FailoverMeasurement } from '../../../../src/engine/sim/failover.js';

function failover(minMs: number, maxMs: number, trials: number): FailoverMeasurement {
  const base = simulationConfig(
    raftProtocol,
    { ...DEFAULT_RAFT_OPTIONS, electionTimeoutMinMs: minMs, electionTimeoutMaxMs: maxMs, heartbeatMs: minMs / 2 },
    { seed: 1, nodes: 5, network: { latency: { distribution: 'normal', meanMs: 7.5, jitterMs: 1.5 } } },
  );
  return measureFailover(base, { trials, crashAfterMs: 2000, crashJitterMs: minMs / 2, giveUpAfterMs: 10_000 });
}

describe('Raft §9.3 (Figure 16) election after a leader crash', () => {
  it('should elect within a few hundred ms with 150-300 ms timeouts', () => {
    const m = failover(150, 300, 100);
    expect(m.censored).toBe(0);
    expect(m.percentilesMs.p50).toBeGreaterThan(75); // at least the earliest timeout minus one heartbeat
    expect(m.percentilesMs.p50).toBeLessThan(300);
    expect(m.percentilesMs.p99).toBeLessThan(1000);
  });

  it('should stall on split votes without randomness (150-150 ms), beyond 10 s in most trials', () => {
    const m = failover(150, 150, 20);
    expect(m.censored).toBeGreaterThanOrEqual(18);
  });

  it('should improve with just 5 ms of randomness, and more with more (150-155 vs 150-300)', () => {
    const narrow = failover(150, 155, 50);
    const wide = failover(150, 300, 50);
    expect(narrow.censored).toBe(0);
    expect(narrow.percentilesMs.p50).toBeGreaterThan(wide.percentilesMs.p50 ?? Infinity);
    expect(narrow.percentilesMs.max).toBeGreaterThan(wide.percentilesMs.max ?? Infinity);
  });
});
