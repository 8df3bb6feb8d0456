/**
 * `npm run bench`: every benchmark in one table, each peer measured side by side in the same run.
 * Timing lives here, never in unit tests.
 */
import { cpus } from 'node:os';
import { crdtBenchmarks } from './crdt.bench.js';
import { ringBenchmarks } from './ring.bench.js';
import { serverBenchmarks } from './server.bench.js';
import { simBenchmarks } from './sim.bench.js';
import { formatTable, type BenchRow } from './stats.js';
import { troubleshootBenchmarks } from './troubleshoot.bench.js';

const rows: BenchRow[] = [];
rows.push(...(await serverBenchmarks()));
rows.push(...ringBenchmarks());
rows.push(...crdtBenchmarks());
rows.push(...troubleshootBenchmarks());
rows.push(...simBenchmarks());

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpus().length} x ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(formatTable(rows));
