/** Small helpers the models share for reading operation shapes. */
import { configError } from '../../errors.js';

/** A `[expected, new]` pair, as Jepsen writes a compare-and-set value. */
export function casPair(value: unknown, path: string): readonly [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw configError(path, `a cas value must be a pair [expected, new]; got ${preview(value)}`);
  }
  return [value[0], value[1]];
}

/** A short rendering of a value for error messages. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function unknownF(f: string, fs: readonly string[], model: string, path: string): Error {
  return configError(path, `unknown f "${f}" for the ${model} model; use one of ${fs.map((x) => `"${x}"`).join(', ')}`);
}

/** The value a completion carries, falling back to the invocation's (Jepsen often repeats it). */
export function written(input: unknown, output: unknown): unknown {
  return input ?? output ?? null;
}
