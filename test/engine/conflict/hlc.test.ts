import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareHlc, hlcReceive, hlcSend, resolveConflict, type Hlc } from '../../../src/engine/index.js';

const h = (wallTimeMs: number, logical: number): Hlc => ({ wallTimeMs, logical });

// Reference: Kulkarni, Demirbas, Madappa, Avva, Leone 2014, "Logical Physical Clocks", the HLC algorithm.
describe('hlcSend (HLC, send or local event)', () => {
  it('should jump to physical time and reset the counter when physical time is ahead', () => {
    expect(hlcSend(h(100, 4), 120)).toEqual(h(120, 0));
  });

  it('should keep l and count up when physical time has not passed l', () => {
    expect(hlcSend(h(100, 4), 100)).toEqual(h(100, 5));
    expect(hlcSend(h(100, 4), 90)).toEqual(h(100, 5));
  });
});

describe('hlcReceive (HLC, receive event of message m)', () => {
  it('should take max(c, c.m) + 1 when l, l.m and the result agree', () => {
    expect(hlcReceive(h(100, 2), h(100, 7), 50)).toEqual(h(100, 8));
  });

  it('should take c + 1 when the local l is the largest', () => {
    expect(hlcReceive(h(100, 2), h(90, 7), 50)).toEqual(h(100, 3));
  });

  it("should take c.m + 1 when the message's l is the largest", () => {
    expect(hlcReceive(h(90, 2), h(100, 7), 50)).toEqual(h(100, 8));
  });

  it('should reset the counter when physical time is ahead of both', () => {
    expect(hlcReceive(h(90, 2), h(100, 7), 130)).toEqual(h(130, 0));
  });
});

interface World {
  readonly offsets: readonly number[];
  readonly steps: readonly {
    readonly node: number;
    readonly advanceMs: number;
    readonly kind: 'local' | 'send' | 'receive';
    readonly to: number;
  }[];
}

const SKEW_MS = 20;
const worldArb: fc.Arbitrary<World> = fc.record({
  offsets: fc.array(fc.integer({ min: 0, max: SKEW_MS }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(
    fc.record({
      node: fc.integer({ min: 0, max: 2 }),
      advanceMs: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('local', 'send', 'receive'),
      to: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 60 },
  ),
});

/** Three nodes whose physical clocks run at true time plus a fixed offset within SKEW_MS. */
function simulate(
  world: World,
  check: (event: { node: number; hlc: Hlc; pt: number; prev: Hlc; sent?: Hlc }) => void,
): void {
  let now = 0;
  const clocks = world.offsets.map(() => h(0, 0));
  const inbox: Hlc[][] = world.offsets.map(() => []);
  for (const step of world.steps) {
    now += step.advanceMs;
    const pt = now + (world.offsets[step.node] ?? 0);
    const prev = clocks[step.node] ?? h(0, 0);
    if (step.kind === 'receive') {
      const message = inbox[step.node]?.shift();
      if (message === undefined) continue;
      clocks[step.node] = hlcReceive(prev, message, pt);
      check({ node: step.node, hlc: clocks[step.node] ?? prev, pt, prev, sent: message });
    } else {
      clocks[step.node] = hlcSend(prev, pt);
      if (step.kind === 'send') inbox[step.to]?.push(clocks[step.node] ?? prev);
      check({ node: step.node, hlc: clocks[step.node] ?? prev, pt, prev });
    }
  }
}

describe('HLC properties (Kulkarni et al. 2014)', () => {
  it('should always order a receive after its send and every event after the previous one on its node', () => {
    fc.assert(
      fc.property(worldArb, (world) =>
        simulate(world, (e) => {
          expect(compareHlc(e.prev, e.hlc)).toBeLessThan(0);
          if (e.sent) expect(compareHlc(e.sent, e.hlc)).toBeLessThan(0);
        }),
      ),
    );
  });

  it('should always keep l at or above physical time and within the clock skew of it', () => {
    fc.assert(
      fc.property(worldArb, (world) =>
        simulate(world, (e) => {
          expect(e.hlc.wallTimeMs).toBeGreaterThanOrEqual(e.pt);
          expect(e.hlc.wallTimeMs - e.pt).toBeLessThanOrEqual(SKEW_MS);
        }),
      ),
    );
  });
});

describe('resolveConflict with strategy hlc', () => {
  it('should keep the greatest HLC, using the logical counter when wall times are equal', () => {
    const result = resolveConflict({
      strategy: 'hlc',
      versions: [
        { value: 'first', node_id: 'a', hlc: { wall_time_ms: 1000, logical: 3 } },
        { value: 'second', node_id: 'b', hlc: { wall_time_ms: 1000, logical: 4 } },
      ],
    });
    expect(result.value).toBe('second');
    expect(result.lostUpdates.map((l) => l.reason)).toEqual(['older_hlc']);
    expect(result.mergedHlc).toEqual(h(1000, 4));
  });

  it('should report equal HLCs on different nodes as a tie that proves concurrency', () => {
    const result = resolveConflict({
      strategy: 'hlc',
      versions: [
        { value: 'x', node_id: 'a', hlc: { wall_time_ms: 1000, logical: 1 } },
        { value: 'y', node_id: 'b', hlc: { wall_time_ms: 1000, logical: 1 } },
      ],
      maxClockSkewMs: 5,
    });
    expect(result.value).toBe('y');
    expect(result.warnings.find((w) => w.code === 'tie')?.message).toContain('concurrent');
    expect(result.withinSkew).toEqual([{ index: 0, gapMs: 0 }]);
  });

  it('should name the field of a missing hlc', () => {
    expect(() => resolveConflict({ strategy: 'hlc', versions: [{ value: 1, timestamp: 3 }] })).toThrow(
      /versions\.0\.hlc: is missing/,
    );
  });
});
