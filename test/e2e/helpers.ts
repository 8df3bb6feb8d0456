import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const SERVER_PATH = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run npm run build (npm test does)`);
}

/** A real MCP client session against the built server over stdio. */
export async function connectToBuiltServer(env: Record<string, string> = {}): Promise<{
  client: Client;
  transport: StdioClientTransport;
  stderr: string[];
}> {
  assertBuilt();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_PATH],
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'debug', ...env },
    stderr: 'pipe',
  });
  const stderr: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, stderr };
}

/** Spawns the built server with raw pipes, for tests of the byte stream itself. */
export function spawnServer(env: Record<string, string> = {}) {
  assertBuilt();
  return spawn(process.execPath, [SERVER_PATH], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
}
