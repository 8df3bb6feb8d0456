/**
 * `npm run bench`: every benchmark in one table, each peer measured side by side in the same run.
 * Timing lives here, never in unit tests.
 */
import { cpus } from 'node:os';
import { crdtBenchmarks } from './crdt.bench.js';
import { designBenchmarks } from './design.bench.js';
import { historyBenchmarks } from './history.bench.js';
import { layoutBenchmarks } from './layouts.bench.js';
import { replicationBenchmarks } from './replication.bench.js';
import { ringBenchmarks } from './ring.bench.js';
import { serverBenchmarks } from './server.bench.js';
import { simBenchmarks } from './sim.bench.js';
import { formatTable, type BenchRow } from './stats.js';
import { troubleshootBenchmarks } from './troubleshoot.bench.js';

const GROUPS: readonly (readonly [string, () => BenchRow[] | Promise<BenchRow[]>])[] = [
  ['server', serverBenchmarks],
  ['ring', ringBenchmarks],
  ['layouts', layoutBenchmarks],
  ['crdt', crdtBenchmarks],
  ['troubleshoot', troubleshootBenchmarks],
  ['sim', simBenchmarks],
  ['history', historyBenchmarks],
  ['replication', replicationBenchmarks],
  ['design', designBenchmarks],
];

// `npm run bench -- crdt` runs one group; no argument runs them all.
const only = process.argv[2];
if (only !== undefined && !GROUPS.some(([name]) => name === only)) {
  console.error(`Unknown benchmark group "${only}"; groups: ${GROUPS.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
const rows: BenchRow[] = [];
for (const [name, run] of GROUPS) if (only === undefined || name === only) rows.push(...(await run()));

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpus().length} x ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(formatTable(rows));
