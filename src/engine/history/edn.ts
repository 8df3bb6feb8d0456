/**
 * Jepsen histories as EDN text (`history.edn`, Knossos' data files): a vector or list of operation maps, or one map
 * after another, with `;` comments. Values are read with the `edn-data` library (keywords become strings, vectors,
 * lists and sets become arrays, maps become objects). Lines whose `:process` is not a number (`:nemesis`) are
 * fault-injection events, not client operations: they are skipped and counted.
 */
import { parseEDNString } from 'edn-data';
import { configError, isEngineError, limitError } from '../errors.js';
import { operationForms } from './edn-scan.js';
import type { HistoryOp, HistoryOpType } from './types.js';

/** Bound on EDN text the engine reads (tools cap lower). */
export const MAX_EDN_CHARS = 64 * 1024 * 1024;

export interface ParsedEdnHistory {
  readonly ops: HistoryOp[];
  /** 1-based line of each operation in `ops`, for error messages. */
  readonly lines: number[];
  /** Lines skipped because their process is not a client (e.g. `:nemesis`). */
  readonly skipped: number;
}

const EDN_OPTIONS = {
  mapAs: 'object',
  setAs: 'array',
  listAs: 'array',
  keywordAs: 'string',
  symbolAs: 'string',
  charAs: 'string',
} as const;

const TYPES: ReadonlySet<string> = new Set(['invoke', 'ok', 'fail', 'info']);

export function parseEdnHistory(text: string): ParsedEdnHistory {
  if (text.length > MAX_EDN_CHARS) throw limitError('edn', `at most ${MAX_EDN_CHARS} characters`);
  const ops: HistoryOp[] = [];
  const lines: number[] = [];
  let skipped = 0;
  for (const form of operationForms(text)) {
    const where = `line ${form.line}`;
    if (form.opener !== '{') {
      throw configError('edn', `${where}: expected an operation map like {:process 0, :type :invoke, :f :read}`);
    }
    const map = readMap(text.slice(form.start, form.end), where);
    if (typeof map['process'] !== 'number') {
      skipped++;
      continue;
    }
    ops.push(toOp(map, where));
    lines.push(form.line);
  }
  return { ops, lines, skipped };
}

function readMap(slice: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseEDNString(slice, EDN_OPTIONS);
  } catch (error) {
    if (isEngineError(error)) throw error;
    throw configError('edn', `${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError('edn', `${where}: expected an operation map`);
  }
  return value as Record<string, unknown>;
}

function toOp(map: Record<string, unknown>, where: string): HistoryOp {
  const type = map['type'];
  const f = map['f'];
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw configError('edn', `${where}: :type must be :invoke, :ok, :fail or :info; got ${JSON.stringify(type)}`);
  }
  if (typeof f !== 'string' && typeof f !== 'number') {
    throw configError('edn', `${where}: every operation needs an :f (e.g. :read)`);
  }
  const key = map['key'];
  const time = map['time'];
  return {
    process: map['process'] as number,
    type: type as HistoryOpType,
    f: String(f),
    value: map['value'] ?? null,
    ...(key !== undefined && key !== null ? { key: typeof key === 'string' ? key : JSON.stringify(key) } : {}),
    ...(typeof time === 'number' ? { time } : {}),
  };
}
