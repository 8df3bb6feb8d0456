import { describe, expect, it } from 'vitest';
import type { Command, ClientErrorCode } from '../../../src/engine/sim/command.js';
import { DEFAULT_CLIENTS } from '../../../src/engine/sim/defaults.js';
import { Rng } from '../../../src/engine/sim/rng.js';
import { ClientPool, type ClientConfig } from '../../../src/engine/sim/workload.js';

/** A client pool driven by hand: the test plays the cluster and the clock. */
function pool(config: Partial<ClientConfig> = {}) {
  const sent: { node: number; opId: number; attempt: number; command: Command }[] = [];
  const sends: { atMs: number; opId: number }[] = [];
  const clients = new ClientPool({ ...DEFAULT_CLIENTS, writesPerSecond: 1, ...config }, 3, Rng.fromSeed(1), {
    scheduleArrival: () => undefined,
    scheduleSend: (atMs, opId) => sends.push({ atMs, opId }),
    scheduleTimeout: () => undefined,
    sendRequest: (node, opId, attempt, command) => sent.push({ node, opId, attempt, command }),
  });
  clients.onArrival(0);
  const last = () => sent[sent.length - 1] as (typeof sent)[number];
  const reply = (error: ClientErrorCode | undefined, now: number, leaderHint?: number) => {
    const s = last();
    clients.onReply({ opId: s.opId, attempt: s.attempt, node: s.node, error, leaderHint }, now);
  };
  const resend = () => {
    const s = sends.shift();
    if (s) clients.onSend(s.opId, s.atMs);
    return s;
  };
  return { clients, sent, sends, last, reply, resend };
}

describe('ClientPool (the seed retry policy)', () => {
  it('should give up after 10 attempts, backing off 50 ms doubling with 0.25 jitter, and record fail', () => {
    const p = pool();
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      p.reply('LEADER_NOT_FOUND', i * 100_000);
      const s = p.resend();
      if (s) delays.push(s.atMs - i * 100_000);
    }
    expect(p.sent).toHaveLength(10);
    expect(delays).toHaveLength(9);
    delays.forEach((d, i) => {
      const base = Math.min(10_000, 50 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base * 1.25);
    });
    expect(p.clients.history.at(-1)).toMatchObject({ type: 'fail', f: 'put' });
    expect(p.clients.stats.failed).toBe(1);
  });

  it('should keep one idempotency key across retries of a request', () => {
    const p = pool();
    p.reply('LEADER_NOT_FOUND', 10);
    p.resend();
    const [a, b] = p.sent;
    expect(a?.command.idempotencyKey).toBe('req-1:put');
    expect(b?.command.idempotencyKey).toBe(a?.command.idempotencyKey);
    expect(b?.command.id).not.toBe(a?.command.id);
  });

  it('should follow a leader hint at once, without backoff', () => {
    const p = pool();
    p.reply('LEADER_NOT_FOUND', 10, 2);
    expect(p.sends[0]?.atMs).toBe(10);
    p.resend();
    expect(p.last().node).toBe(2);
  });

  it('should record a write that timed out and then exhausted its attempts as info (it may have applied)', () => {
    const p = pool({ retry: { ...DEFAULT_CLIENTS.retry, maxAttempts: 2 } });
    p.clients.onTimeout(p.last().opId, 1, 500);
    p.resend();
    p.reply('LEADER_NOT_FOUND', 700);
    expect(p.clients.history.at(-1)).toMatchObject({ type: 'info' });
  });

  it('should abort on INVALID_TERM and PERMANENT_FAILURE, and take DUPLICATE_REQUEST as done', () => {
    for (const [code, type] of [
      ['INVALID_TERM', 'fail'],
      ['PERMANENT_FAILURE', 'fail'],
      ['DUPLICATE_REQUEST', 'ok'],
    ] as const) {
      const p = pool();
      p.reply(code, 5);
      expect(p.sends, code).toHaveLength(0);
      expect(p.clients.history.at(-1)?.type, code).toBe(type);
    }
  });

  it('should ignore a late error from an attempt that already ended', () => {
    const p = pool();
    const first = p.last();
    p.clients.onTimeout(first.opId, 1, 500);
    p.clients.onReply({ opId: first.opId, attempt: 1, node: first.node, error: 'QUORUM_UNREACHABLE' }, 510);
    expect(p.sends).toHaveLength(1); // one retry scheduled, not two
  });
});
