import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Ajv } from 'ajv';
import { TOOLS } from '../../src/tools/index.js';
import { createServer } from '../../src/server.js';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { SERVER_PATH, connectToBuiltServer, spawnServer } from './helpers.js';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('built server over stdio', () => {
  it('should list tools, answer validate_cluster per its output schema, and reject bad input', async () => {
    const { client, stderr } = await connectToBuiltServer();
    try {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === 'validate_cluster');
      expect(tool).toBeDefined();
      const result = await client.callTool({
        name: 'validate_cluster',
        arguments: { nodes: 5, failure_tolerance: 2, regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      });
      const validate = new Ajv({ strict: false }).compile(tool?.outputSchema ?? {});
      expect(validate(result.structuredContent), JSON.stringify(validate.errors)).toBe(true);
      expect(result.structuredContent).toMatchObject({ valid: true, quorum_size: 3 });
      const bad = await client.callTool({ name: 'validate_cluster', arguments: { nodes: 1001 } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toMatch(/nodes/);
    } finally {
      await client.close();
    }
    // The server's own log is JSON lines on stderr in the seed log schema.
    const records = stderr
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(
        expect.arrayContaining(['level', 'timestamp', 'skill', 'node_id', 'term', 'event', 'context']),
      );
      expect(record['skill']).toBe('distributed-systems');
      expect(new Date(record['timestamp'] as string).toISOString()).toBe(record['timestamp']);
    }
  });

  it('should list exactly what the SDK computes from the zod schemas (the build precomputes the list)', async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createServer({ tools: TOOLS }).connect(serverSide);
    const local = new Client({ name: 'local', version: '1' });
    await local.connect(clientSide);
    const { client } = await connectToBuiltServer();
    try {
      expect((await client.listTools()).tools).toEqual((await local.listTools()).tools);
    } finally {
      await client.close();
      await local.close();
    }
  });

  it('should exit within 1 s when stdin closes, having written only JSON-RPC to stdout', async () => {
    const child = spawnServer();
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stdin.write(`${JSON.stringify(INIT)}\n`);
    while (!stdout.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const closedAt = Date.now();
    const exited = new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now() - closedAt)));
    child.stdin.end();
    const elapsedMs = await exited;
    expect(elapsedMs).toBeLessThan(1000);
    const lines = stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(1);
    for (const line of lines) expect((JSON.parse(line) as { jsonrpc: string }).jsonrpc).toBe('2.0');
  });

  it('should end the CLI quietly with status 0 when its reader closes the pipe early (| head)', async () => {
    const child = spawn(process.execPath, [SERVER_PATH, 'validate_cluster', '{"nodes": 5}'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before the result is written: the write gets EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });

  it('should exit on SIGTERM', async () => {
    const child = spawnServer();
    // Wait for the server to say it started (its signal handlers are in place by then): a fixed delay was flaky on
    // a loaded machine, where the SIGTERM could land before the handler and kill the process with no exit code.
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('server_started')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
