import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Bytes of an over-long line kept at each end, to find its request id (the SDK's clients put `id` last). */
const EDGE_BYTES = 512;

export interface LineTransportOptions {
  /**
   * Longest message accepted, in bytes. A longer line is skipped (never buffered whole) and, when its request id can
   * be read from either end, answered with an error; the stream then goes on with the next line.
   */
  readonly maxLineBytes: number;
}

/**
 * The MCP stdio transport: newline-delimited JSON-RPC over a pair of streams. It replaces the SDK's
 * StdioServerTransport, which buffers at most 10 MiB and then closes the connection (so one oversized call, such as
 * a 16 MiB EDN history, used to end the server), and which concatenates and rescans its whole buffer on every chunk
 * (quadratic in the size of a large message). Here chunks are kept in a list until their newline arrives, a line
 * over the limit is dropped as it streams past, and a line that is not JSON-RPC is reported through `onerror` while
 * the next line is served as usual.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private lineBytes = 0;
  /** While skipping an over-long line: its first and last bytes. */
  private oversize: { head: Buffer; tail: Buffer } | undefined;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly options: LineTransportOptions,
  ) {}

  start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.chunks = [];
    this.oversize = undefined;
    this.onclose?.();
    return Promise.resolve();
  }

  private readonly onInputError = (error: Error): void => this.onerror?.(error);

  private readonly onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const newline = data.indexOf(10, start);
      if (newline === -1) {
        this.append(data.subarray(start));
        return;
      }
      this.append(data.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
  };

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.oversize) {
      this.oversize.tail = Buffer.concat([this.oversize.tail, part]).subarray(-EDGE_BYTES);
      return;
    }
    this.chunks.push(part);
    if (this.lineBytes > this.options.maxLineBytes) {
      const kept = Buffer.concat(this.chunks);
      this.oversize = { head: kept.subarray(0, EDGE_BYTES), tail: Buffer.from(kept.subarray(-EDGE_BYTES)) };
      this.chunks = [];
    }
  }

  private endLine(): void {
    const bytes = this.lineBytes;
    const oversize = this.oversize;
    const chunks = this.chunks;
    this.chunks = [];
    this.lineBytes = 0;
    this.oversize = undefined;
    if (oversize) {
      this.refuseOversize(oversize, bytes);
      return;
    }
    const line = Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      this.onerror?.(new Error(`skipped a line that is not a JSON-RPC message (${describe(error)})`));
      return;
    }
    this.onmessage?.(message);
  }

  private refuseOversize(edges: { head: Buffer; tail: Buffer }, bytes: number): void {
    const limit = this.options.maxLineBytes;
    const what = `a message of ${bytes} bytes, over the limit of ${limit} bytes`;
    this.onerror?.(new Error(`skipped ${what}`));
    const id = requestId(edges.head.toString('utf8'), edges.tail.toString('utf8'));
    if (id === undefined) return;
    void this.send({
      jsonrpc: '2.0',
      id,
      error: {
        code: ErrorCode.InvalidRequest,
        message: `Request too large: ${what}. Send less data in one call (for check_history, a shorter window).`,
      },
    });
  }
}

/** The request id of a JSON-RPC request from the ends of its text: `{"jsonrpc":"2.0","id":7,...` or `...,"id":7}`. */
function requestId(head: string, tail: string): string | number | undefined {
  const idPattern = String.raw`"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){0,200}")`;
  const m = new RegExp(`${idPattern}\\s*}\\s*$`).exec(tail) ?? new RegExp(`^\\s*{[^{}[\\]]*?${idPattern}`).exec(head);
  const raw = m?.[1];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as string | number;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
