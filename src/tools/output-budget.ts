import { z } from 'zod';

/**
 * Most characters of structured JSON in one result. The MCP result carries the JSON twice (structuredContent, and
 * the same JSON as text for older clients), so this is about 15 000 tokens at 4 characters a token: well under the
 * 25 000 tokens a client accepts from one tool call. Each tool caps its own lists first; this is the net under
 * inputs at their bounds (256 keys of 512 characters with 32 replicas each, 100 versions with 256-node clocks).
 */
export const OUTPUT_CHARS_MAX = 30_000;

/** Strings longer than this are the last thing cut, after every list is down to one item. */
const LONG_STRING_CHARS = 2_000;
/** A summary is one paragraph: past this, an over-budget result's summary is cut too. */
const SUMMARY_CHARS_MAX = 4_000;

export const outputTrimmedSchema = z
  .array(
    z.object({
      path: z.string().describe('What was cut, as a path into this result (`assignments`, `range.moves`).'),
      listed: z.int().describe('Items kept (the first ones), or characters for a text.'),
      total: z.int().describe('Items (or characters) the full result had.'),
    }),
  )
  .optional()
  .describe(
    'Present only when the full result was over the output budget (about 15 000 tokens): the lists cut to their ' +
      'first items and the texts shortened. Ask for less in one call (fewer keys, a smaller trace) to see the rest.',
  );

export type OutputTrim = { path: string; listed: number; total: number };

interface ArraySite {
  readonly path: string;
  readonly array: unknown[];
  readonly chars: number;
}

function arrays(value: unknown, path: string, out: ArraySite[]): void {
  if (Array.isArray(value)) {
    if (value.length > 1) out.push({ path, array: value, chars: JSON.stringify(value).length });
    value.forEach((v, i) => arrays(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) arrays(v, path === '' ? k : `${path}.${k}`, out);
  }
}

/**
 * Fits a structured result into `budgetChars` of JSON: cuts the largest list (keeping its first items) until the
 * result fits, then shortens strings over 2000 characters. Returns the result unchanged when it already fits; the
 * summary says what was cut. `validate` rejects a cut that would break the tool's output schema.
 */
export function fitOutput(
  structured: Record<string, unknown>,
  budgetChars: number,
  validate: (candidate: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  if (JSON.stringify(structured).length <= budgetChars) return structured;
  const out = structuredClone(structured);
  const trims = new Map<string, OutputTrim>();
  // Texts first: one runaway message should not cost every list its items.
  shortenStrings(out, '', trims);
  // The size that counts is the result as sent: with output_trimmed and the note in the summary.
  let size = JSON.stringify(noted(out, trims)).length;
  for (let round = 0; round < 200 && size > budgetChars; round++) {
    const sites: ArraySite[] = [];
    arrays(out, '', sites);
    const largest = sites.sort((a, b) => b.chars - a.chars)[0];
    if (!largest) break;
    // This list's share of the cut: all of the excess when it can absorb it, else its share of the budget.
    const targetChars = Math.max(largest.chars - (size - budgetChars), (budgetChars * largest.chars) / size);
    const fitting = Math.floor((largest.array.length * targetChars) / largest.chars);
    const keep = Math.max(1, Math.min(largest.array.length - 1, fitting));
    const total = trims.get(largest.path)?.total ?? largest.array.length;
    largest.array.length = keep;
    trims.set(largest.path, { path: largest.path, listed: keep, total });
    size = JSON.stringify(noted(out, trims)).length;
  }
  const result = noted(out, trims);
  return validate(result) ? result : structured;
}

/** The cut result as sent: `output_trimmed` listing every cut, and the summary saying what was cut. */
function noted(out: Record<string, unknown>, trims: ReadonlyMap<string, OutputTrim>): Record<string, unknown> {
  const trimmed = [...trims.values()];
  const note = trimmed.map((t) => `${t.path} keeps ${t.listed} of ${t.total}`).join('; ');
  const summary =
    typeof out['summary'] === 'string'
      ? `${out['summary']} (Output cut to stay under about 15 000 tokens: ${note}; ask for less in one call to see the rest.)`
      : out['summary'];
  return { ...out, output_trimmed: trimmed, ...(summary === undefined ? {} : { summary }) };
}

/** Cuts the summary to 4000 characters and any other string to 2000, recording each cut (in characters). */
function shortenStrings(value: unknown, path: string, trims: Map<string, OutputTrim>): void {
  if (value === null || typeof value !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    const at = typeof k === 'number' ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
    const max = at === 'summary' ? SUMMARY_CHARS_MAX : LONG_STRING_CHARS;
    if (typeof v === 'string' && v.length > max) {
      (value as Record<string | number, unknown>)[k] = `${v.slice(0, max)}...`;
      trims.set(at, { path: at, listed: max, total: v.length });
    } else shortenStrings(v, at, trims);
  }
}
