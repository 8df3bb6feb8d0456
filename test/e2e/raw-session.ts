import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnServer } from './helpers.js';

/** A response or notification read from the server's stdout. */
export type Message = { jsonrpc: string; id?: number | string; method?: string; result?: unknown; error?: unknown };

/**
 * The built server on raw pipes: every byte of stdout is kept, so a test can check that each line is JSON-RPC, and
 * anything (garbage, half a line, an oversized message) can be written to stdin.
 */
export class RawSession {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  private nextId = 1;

  constructor(env: Record<string, string> = {}) {
    this.child = spawnServer(env);
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** Sends a request and returns its id. */
  request(method: string, params: unknown = {}): number {
    const id = this.nextId++;
    this.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return id;
  }

  async initialize(): Promise<void> {
    const id = this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    });
    await this.response(id);
    this.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  }

  /** Every complete stdout line, parsed (throws on a line that is not JSON). */
  messages(): Message[] {
    return this.stdout
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as Message);
  }

  async response(id: number | string, timeoutMs = 30_000): Promise<Message> {
    const started = Date.now();
    for (;;) {
      const found = this.messages().find((m) => m.id === id && m.method === undefined);
      if (found) return found;
      if (this.child.exitCode !== null)
        throw new Error(`server exited (${this.child.exitCode}) before answering ${id}`);
      if (Date.now() - started > timeoutMs) throw new Error(`no answer to ${id} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Closes stdin and resolves with the milliseconds until the process exited. */
  close(): Promise<number> {
    const closedAt = Date.now();
    const exited = new Promise<number>((resolve) => {
      if (this.child.exitCode !== null) resolve(0);
      else this.child.on('exit', () => resolve(Date.now() - closedAt));
    });
    this.child.stdin.end();
    return exited;
  }
}
