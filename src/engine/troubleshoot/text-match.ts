/**
 * Matches an on-call engineer's free text against the knowledge base's phrases. Robust to the ways people write
 * under pressure: word forms ("re-electing", "re-elected"), joined or split compounds ("splitbrain", "dead lock"),
 * word order and filler ("the leader keeps on changing"), small typos ("spilt brain", "quorom") and negation
 * ("no split brain seen").
 */
import { KB } from './kb.js';
import type { IssueId } from './types.js';

export const MAX_SYMPTOM_CHARS = 2000;

/** A symptom must score at least this much for an issue to be considered on the text alone. */
export const TEXT_MATCH_THRESHOLD = 1.5;

export interface PhraseMatch {
  readonly issue: IssueId;
  readonly phrase: string;
  /** The words of the symptom that matched. */
  readonly matched: string;
  readonly weight: number;
  /** Token positions covered, so overlapping phrases ("leader keeps changing", "keeps changing") count once. */
  readonly from: number;
  readonly to: number;
}

export interface TextMatch {
  readonly issue: IssueId;
  /** Strongest phrase plus half of each further distinct phrase, capped at 3. */
  readonly score: number;
  readonly phrases: readonly PhraseMatch[];
}

const NEGATIONS = new Set([
  'no',
  'not',
  'never',
  'without',
  'nor',
  'isnt',
  'arent',
  'dont',
  'doesnt',
  'didnt',
  'wasnt',
]);
const STOPWORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'were',
  'be',
  'of',
  'to',
  'in',
  'on',
  'and',
  'it',
  'for',
  'at',
]);
/** Digits people type for the words phrases use ("2 masters" is "two masters"). */
const NUMBER_WORDS: Readonly<Record<string, string>> = { '2': 'two' };
/** Stems this short match exactly or with two neighbouring letters swapped, never with a letter changed. */
const SHORT_STEM = 5;
const MAX_GAP_TOKENS = 2;
const NEGATION_REACH = 3;

interface Token {
  readonly stem: string;
  readonly raw: string;
  /** Which clause (split at , . ; : ! ? and line breaks) the word is in: a negation reaches only its own clause. */
  readonly clause: number;
}

/** Lower-cases, splits on anything but letters and digits, drops apostrophes so "isn't" becomes "isnt". */
export function tokenize(text: string): Token[] {
  const clauses = text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[,.;:!?\n]+/);
  return clauses.flatMap((clause, i) =>
    clause
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0)
      .map((w) => NUMBER_WORDS[w] ?? w)
      .map((w) => ({ raw: w, stem: stem(w), clause: i })),
  );
}

/** A light suffix stripper: enough to make "leaders", "changing", "changed" and "changes" meet their stems. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  // "lagging" -> "lagg" -> "lag", "flapping" -> "flapp" -> "flap".
  if (w.length > 3 && w.at(-1) === w.at(-2) && !/[aeiouls]/.test(w.at(-1) ?? '')) w = w.slice(0, -1);
  return w;
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions); anything past `limit` is `limit + 1`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length] ?? limit + 1, limit + 1);
}

/**
 * Short stems (up to five letters) match exactly or with two neighbouring letters swapped ("spilt" for "split"): a
 * changed, added or dropped letter there usually makes another word ("clock" and "block", "lock" and "look").
 * Longer stems tolerate one edit, from twelve letters two.
 */
function tokensMatch(text: string, phrase: string): boolean {
  if (text === phrase) return true;
  const shorter = Math.min(text.length, phrase.length);
  if (shorter <= SHORT_STEM) return isAdjacentSwap(text, phrase);
  const limit = shorter >= 12 ? 2 : 1;
  return editDistance(text, phrase, limit) <= limit;
}

/** The same letters with exactly one pair of neighbours swapped. */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i >= 0 && i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Text units: every token, plus every pair of neighbours joined ("dead lock" -> "deadlock"), each remembering the
 * token positions it covers.
 */
interface Unit {
  readonly stem: string;
  readonly from: number;
  readonly to: number;
  /** Two words joined: matched only against single phrase words, never against a joined phrase. */
  readonly joined: boolean;
}

function textUnits(tokens: readonly Token[]): Unit[] {
  const units: Unit[] = tokens.map((t, i) => ({ stem: t.stem, from: i, to: i, joined: false }));
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (a && b) units.push({ stem: stem(a.raw + b.raw), from: i, to: i + 1, joined: true });
  }
  return units;
}

interface Variant {
  readonly stems: readonly string[];
  readonly joined: boolean;
}

/** The phrase as stems, and its fully joined form ("split brain" also as "splitbrain"). */
function phraseVariants(phrase: string): Variant[] {
  const toks = tokenize(phrase).filter((t) => !STOPWORDS.has(t.raw));
  const variants: Variant[] = [{ stems: toks.map((t) => t.stem), joined: false }];
  if (toks.length > 1) variants.push({ stems: [stem(toks.map((t) => t.raw).join(''))], joined: true });
  return variants;
}

/**
 * Finds the phrase's stems among the units, in any order, inside a window of the phrase's length plus a little
 * filler. Returns the token span it covered, or undefined.
 */
function findPhrase(allUnits: readonly Unit[], variant: Variant): { from: number; to: number } | undefined {
  const { stems } = variant;
  const units = variant.joined ? allUnits.filter((u) => !u.joined) : allUnits;
  const window = stems.length + MAX_GAP_TOKENS;
  for (const start of units) {
    if (!stems.some((s) => tokensMatch(start.stem, s))) continue;
    const used: Unit[] = [];
    for (const s of stems) {
      const hit = units.find(
        (u) =>
          u.from >= start.from &&
          u.to < start.from + window &&
          !used.some((x) => x.to >= u.from && u.to >= x.from) &&
          tokensMatch(u.stem, s),
      );
      if (!hit) break;
      used.push(hit);
    }
    if (used.length === stems.length) {
      return { from: Math.min(...used.map((u) => u.from)), to: Math.max(...used.map((u) => u.to)) };
    }
  }
  return undefined;
}

function negated(tokens: readonly Token[], from: number): boolean {
  const clause = tokens[from]?.clause;
  for (let i = Math.max(0, from - NEGATION_REACH); i < from; i++) {
    const t = tokens[i];
    if (t && t.clause === clause && NEGATIONS.has(t.raw)) return true;
  }
  return false;
}

/** Scores every issue against the symptom; issues with no phrase found are left out. Sorted by score. */
export function matchSymptom(symptom: string): TextMatch[] {
  const tokens = tokenize(symptom.slice(0, MAX_SYMPTOM_CHARS));
  const units = textUnits(tokens);
  const results: TextMatch[] = [];
  for (const issue of KB) {
    const phrases: PhraseMatch[] = [];
    for (const [phrase, weight] of issue.phrases) {
      for (const variant of phraseVariants(phrase)) {
        const span = findPhrase(units, variant);
        if (!span || negated(tokens, span.from)) continue;
        const matched = tokens
          .slice(span.from, span.to + 1)
          .map((t) => t.raw)
          .join(' ');
        phrases.push({ issue: issue.id, phrase, matched, weight, from: span.from, to: span.to });
        break;
      }
    }
    if (phrases.length > 0) results.push({ issue: issue.id, score: score(phrases), phrases });
  }
  return results.sort((a, b) => b.score - a.score);
}

/** The strongest phrase, plus half of each further phrase that covers words the counted ones did not. */
function score(phrases: readonly PhraseMatch[]): number {
  const sorted = [...phrases].sort((a, b) => b.weight - a.weight || a.from - b.from);
  const covered = new Set<number>();
  let total = 0;
  for (const p of sorted) {
    const positions = Array.from({ length: p.to - p.from + 1 }, (_, i) => p.from + i);
    if (positions.every((i) => covered.has(i))) continue;
    total += covered.size === 0 ? p.weight : p.weight / 2;
    for (const i of positions) covered.add(i);
  }
  return Math.min(3, total);
}
