/**
 * Memory a built structure keeps alive, measured robustly enough to print: a single heap delta once printed
 * "maglev -1.92 MiB". Used by the ring benchmark; tested in test/bench/memory.test.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { median } from './stats.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap plus ArrayBuffer backing stores (where typed arrays live), bytes. */
const usedBytes = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Full collections with a turn of the event loop between them: V8 frees ArrayBuffer backing stores from a background
 * sweeper, so `arrayBuffers` read right after one gc() can still count a previous build's buffers.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Median over `rounds` builds of the heap + ArrayBuffer bytes that what `make` returns keeps alive. The result is
 * held in an array until it is measured (a local read only after the `await` was collected first: deltas of 0).
 */
export async function retainedBytes(make: () => unknown, rounds = 5): Promise<number> {
  const deltas: number[] = [];
  const held: unknown[] = [];
  for (let r = 0; r < rounds; r++) {
    await settle();
    const before = usedBytes();
    held.push(make());
    await settle();
    deltas.push(usedBytes() - before);
    held.length = 0;
  }
  return median(deltas);
}

export interface MemoryFigure {
  readonly bytes: number;
  /** True when the measurement fell below the typed arrays the structure provably holds, so they stand in for it. */
  readonly counted: boolean;
  readonly text: string;
}

const mib = (b: number): string => `${(b / 1048576).toFixed(2)} MiB`;

/**
 * A structure's memory: the measured median, never below the typed-array bytes it holds (a measurement under that is
 * noise, and the count is reported instead, marked "counted"), so never negative.
 */
export function memoryFigure(measuredBytes: number, arrayBytes: number): MemoryFigure {
  if (measuredBytes >= arrayBytes) {
    return { bytes: measuredBytes, counted: false, text: `${mib(measuredBytes)} (arrays ${mib(arrayBytes)})` };
  }
  return {
    bytes: arrayBytes,
    counted: true,
    text: `${mib(arrayBytes)} counted (heap delta ${mib(measuredBytes)}, under its arrays)`,
  };
}
