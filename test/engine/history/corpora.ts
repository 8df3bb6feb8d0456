/**
 * Readers for the shared corpora of real histories (`../shared/corpora` from the repository root; see its README).
 * Shared by the corpus tests and the benchmark.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEdnHistory, type HistoryModelName, type HistoryOp } from '../../../src/engine/index.js';

export const CORPORA = fileURLToPath(new URL('../../../../shared/corpora/', import.meta.url));

export interface CorpusCase {
  readonly name: string;
  readonly model: HistoryModelName;
  readonly initialValue: unknown;
  readonly expected: boolean;
  readonly history: HistoryOp[];
}

/**
 * Knossos' folders. The cas-register histories are read with a register that starts as nil (strict reads: a nil
 * read means the register is nil). The multi-register history starts with every register at 0, as Knossos' own test
 * (`(multi-register {:x 0 :y 0})`) does.
 */
export const KNOSSOS_FOLDERS = [
  { folder: 'cas-register/good', model: 'register', initialValue: null, expected: true },
  { folder: 'cas-register/bad', model: 'register', initialValue: null, expected: false },
  { folder: 'multi-register/good', model: 'multi_register', initialValue: 0, expected: true },
  { folder: 'mutex/bad', model: 'mutex', initialValue: null, expected: false },
] as const;

export function knossosCases(): CorpusCase[] {
  return KNOSSOS_FOLDERS.flatMap(({ folder, model, initialValue, expected }) =>
    readdirSync(`${CORPORA}knossos/${folder}`)
      .filter((f) => f.endsWith('.edn'))
      .sort()
      .map((file) => ({
        name: `knossos/${folder}/${file}`,
        model,
        initialValue,
        expected,
        history: parseEdnHistory(readFileSync(`${CORPORA}knossos/${folder}/${file}`, 'utf8')).ops,
      })),
  );
}

/** Porcupine's etcd logs with the verdicts of porcupine_test.go; etcd_095 is empty and untested there. */
export function etcdCases(): CorpusCase[] {
  const verdicts = readFileSync(`${CORPORA}porcupine/etcd_verdicts.txt`, 'utf8')
    .split('\n')
    .filter((line) => /^\d+ (true|false)$/.test(line));
  return verdicts.map((line) => {
    const [n, verdict] = line.split(' ');
    const name = `etcd_${(n ?? '').padStart(3, '0')}.log`;
    return {
      name: `porcupine/jepsen/${name}`,
      model: 'register',
      initialValue: null,
      expected: verdict === 'true',
      history: parseJepsenLog(readFileSync(`${CORPORA}porcupine/jepsen/${name}`, 'utf8')),
    };
  });
}

export function kvCases(): CorpusCase[] {
  return readFileSync(`${CORPORA}porcupine/kv_verdicts.tsv`, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const [name, verdict] = line.split('\t');
      const text = readFileSync(`${CORPORA}porcupine/kv/${name ?? ''}.txt`, 'utf8');
      return {
        name: `porcupine/kv/${name ?? ''}`,
        model: 'kv',
        initialValue: null,
        expected: verdict === 'true',
        history: parseEdnHistory(text).ops,
      };
    });
}

/**
 * Jepsen's log lines, `INFO  jepsen.util - PROCESS :TYPE :F VALUE` (tabs or spaces). A `:fail` cas or read is
 * dropped like any failed operation; `:info` lines leave the operation open to the end.
 */
export function parseJepsenLog(text: string): HistoryOp[] {
  const ops: HistoryOp[] = [];
  for (const line of text.split('\n')) {
    const m = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(\w+)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const [, process, type, f, raw] = m;
    ops.push({ process: Number(process), type: type as HistoryOp['type'], f: f ?? '', value: logValue(raw ?? '') });
  }
  return ops;
}

function logValue(raw: string): unknown {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (raw.startsWith('[')) return raw.slice(1, -1).trim().split(/\s+/).map(Number);
  return null;
}
