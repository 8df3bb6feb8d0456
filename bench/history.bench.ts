/**
 * The history checker on real and generated histories: the whole Knossos corpus (total and worst case), Porcupine's
 * etcd and kv corpora, and generated 10-client kv histories of 10 000 operations, with the memory they take. No peer
 * runs here: Porcupine (Go) and Knossos (Clojure) are not installable in this environment, so there is no ratio.
 */
import { performance } from 'node:perf_hooks';
import { checkHistory, type HistoryCheckResult } from '../src/engine/index.js';
import { etcdCases, knossosCases, kvCases, type CorpusCase } from '../test/engine/history/corpora.js';
import { generateHistory, type GenOptions } from '../test/engine/history/generate.js';
import { fmt, median, type BenchRow } from './stats.js';

interface CorpusRun {
  readonly totalMs: number;
  readonly worstMs: number;
  readonly worst: string;
  readonly correct: number;
  readonly count: number;
  readonly memoBytesPeak: number;
}

function runCorpus(cases: readonly CorpusCase[]): CorpusRun {
  let totalMs = 0;
  let worstMs = 0;
  let worst = '';
  let correct = 0;
  let memoBytesPeak = 0;
  for (const c of cases) {
    const start = performance.now();
    const result = checkHistory(c.history, { model: c.model, initialValue: c.initialValue });
    const ms = performance.now() - start;
    totalMs += ms;
    if (ms > worstMs) [worstMs, worst] = [ms, c.name.split('/').pop() ?? c.name];
    if (result.valid === c.expected) correct++;
    memoBytesPeak = Math.max(memoBytesPeak, result.memoBytesPeak);
  }
  return { totalMs, worstMs, worst, correct, count: cases.length, memoBytesPeak };
}

/** Median of three runs by total time (the first run also warms the JIT). */
function medianRun(cases: readonly CorpusCase[]): CorpusRun {
  const runs = [runCorpus(cases), runCorpus(cases), runCorpus(cases)].sort((a, b) => a.totalMs - b.totalMs);
  return runs[1] ?? runCorpus(cases);
}

function corpusRows(label: string, cases: readonly CorpusCase[]): BenchRow[] {
  const run = medianRun(cases);
  return [
    {
      benchmark: `history: ${label} (${run.count} histories), total`,
      ours: `${fmt(run.totalMs, 0)} ms, ${run.correct}/${run.count} verdicts as expected`,
      goal: 'all verdicts as expected',
      met: run.correct === run.count,
    },
    {
      benchmark: `history: ${label}, worst case`,
      ours: `${fmt(run.worstMs, 1)} ms (${run.worst}), memo peak ${mib(run.memoBytesPeak)}`,
    },
  ];
}

function generatedRow(label: string, shape: GenOptions, seed: number): BenchRow {
  const { history } = generateHistory(seed, shape);
  const times: number[] = [];
  let result: HistoryCheckResult | undefined;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    result = checkHistory(history, { model: 'kv' });
    times.push(performance.now() - start);
  }
  const r = result;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  return {
    benchmark: `history: generated ${label}`,
    ours:
      `${fmt(median(times), 0)} ms median of 3, ${r?.verdict ?? '?'}, ${r?.operations ?? 0} ops in ` +
      `${r?.partitions.total ?? 0} part(s), ${r?.steps ?? 0} steps, memo peak ${mib(r?.memoBytesPeak ?? 0)}, ` +
      `process maxRSS so far ${mib(maxRss)}`,
    goal: "< 5000 ms (the tool's default time limit)",
    met: r?.verdict === 'linearizable' && median(times) < 5000,
  };
}

const mib = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${fmt(bytes / 1024, 0)} KiB` : `${fmt(bytes / 1024 / 1024, 1)} MiB`;

export function historyBenchmarks(): BenchRow[] {
  const rows = [
    ...corpusRows('Knossos corpus', knossosCases()),
    ...corpusRows('Porcupine etcd logs', etcdCases()),
    ...corpusRows('Porcupine kv', kvCases()),
  ];
  const clients = { processes: 10, ops: 10_000, infoRate: 0.01, failRate: 0.02, timed: true, spread: 3 } as const;
  rows.push(generatedRow('kv, 10 clients, 10 000 ops, 10 keys', { model: 'kv', keys: 10, ...clients }, 1));
  rows.push(generatedRow('kv, 10 clients, 10 000 ops, 1 key', { model: 'kv', keys: 1, ...clients }, 2));
  return rows;
}
