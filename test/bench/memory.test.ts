import { describe, expect, it } from 'vitest';
import { memoryFigure, retainedBytes } from '../../bench/memory.js';

const MIB = 1 << 20;

describe('retainedBytes', () => {
  it('should count the typed arrays a built structure keeps alive, and not the garbage it made', async () => {
    // Large against the heap's own drift in a test worker (a few hundred KiB either way).
    const bytes = await retainedBytes(() => {
      void new Float64Array((16 * MIB) / 8); // scratch, dropped: a build's sort keys
      return { positions: new Uint32Array((8 * MIB) / 4), owners: new Uint16Array((8 * MIB) / 2) };
    }, 3);
    // One gc() and no turn of the event loop read 0, 16 or 32 MiB here, depending on when the sweeper ran.
    expect(bytes).toBeGreaterThan(15 * MIB);
    expect(bytes).toBeLessThan(17 * MIB);
  });
});

describe('memoryFigure', () => {
  it('should never print a figure below the typed arrays held, so never a negative one', () => {
    expect(memoryFigure(-1.92 * MIB, 0.13 * MIB)).toMatchObject({ bytes: 0.13 * MIB, counted: true });
    expect(memoryFigure(-1.92 * MIB, 0.13 * MIB).text).toBe(
      '0.13 MiB counted (heap delta -1.92 MiB, under its arrays)',
    );
    expect(memoryFigure(0.17 * MIB, 0.13 * MIB)).toEqual({
      bytes: 0.17 * MIB,
      counted: false,
      text: '0.17 MiB (arrays 0.13 MiB)',
    });
  });
});
