/** Percentile of a sample (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** One line of the benchmark table. `peer` is the side-by-side comparison measured in the same run. */
export interface BenchRow {
  readonly benchmark: string;
  readonly ours: string;
  readonly peer?: string;
  readonly ratio?: string;
  readonly goal?: string;
  readonly met?: boolean;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'ours', 'peer (same run)', 'ratio', 'goal', 'met'];
  const cells = rows.map((r) => [
    r.benchmark,
    r.ours,
    r.peer ?? '',
    r.ratio ?? '',
    r.goal ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const line = (c: string[]): string => `| ${c.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...cells.map(line)].join('\n');
}

export const fmt = (value: number, digits = 2): string => value.toFixed(digits);
