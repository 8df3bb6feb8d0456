/**
 * `npm run demo`: a real MCP client session against the built server (dist/index.cjs over stdio) that asks each
 * tool a realistic question and prints a short transcript a person can read.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DEMO_CASES } from './demo/cases.js';

const serverPath = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

function pick(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

/** A shown field on one readable line: long lists are cut (the full result is in structuredContent). */
function clip(json: string | undefined, width = 300): string {
  const text = json ?? 'undefined';
  return text.length > width ? `${text.slice(0, width - 3)}...` : text;
}

function wrap(text: string, width = 100, indent = '   '): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

const client = new Client({ name: 'distributed-systems-demo', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [serverPath], stderr: 'ignore' }));
const { tools } = await client.listTools();
console.log(
  `Connected to ${client.getServerVersion()?.name} ${client.getServerVersion()?.version}: ${tools.length} tools (${tools.map((t) => t.name).join(', ')})\n`,
);
for (const [i, demo] of DEMO_CASES.entries()) {
  console.log(`${i + 1}. Q: ${demo.question}`);
  console.log(`   -> ${demo.tool} ${JSON.stringify(demo.args)}`);
  const started = performance.now();
  const result = await client.callTool({ name: demo.tool, arguments: demo.args });
  const elapsedMs = performance.now() - started;
  if (result.isError) {
    console.log(`   ERROR: ${JSON.stringify(result.content)}\n`);
    continue;
  }
  const structured = result.structuredContent as Record<string, unknown>;
  console.log(wrap(String(structured['summary'])));
  for (const field of demo.show) console.log(`   ${field}: ${clip(JSON.stringify(pick(structured, field)))}`);
  console.log(`   (${elapsedMs.toFixed(1)} ms)\n`);
}
await client.close();
