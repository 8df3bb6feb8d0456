import { LineTransport } from './line-transport.js';
import { createLogger, eventSink } from './log.js';
import { createServer } from './server.js';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 500;

/**
 * Longest JSON-RPC message read from stdin: twice the largest valid argument (check_history's 16 Mi-character EDN),
 * room for JSON escapes. A longer message is skipped and answered with an error; the server keeps serving.
 */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

async function serve(): Promise<void> {
  const logger = createLogger();
  const events = eventSink(logger);
  const server = createServer({ events });
  const transport = new LineTransport(process.stdin, process.stdout, { maxLineBytes: MAX_MESSAGE_BYTES });
  // Garbage on stdin, half a JSON line, an oversized message: logged, and the next line is served as usual.
  server.server.onerror = (error) => events.event('warn', 'transport_error', { message: error.message });
  let closing = false;
  const shutdown = (reason: string): void => {
    if (closing) return;
    closing = true;
    events.event('info', 'server_stopping', { reason });
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    void server.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A broken stdout pipe means the client is gone.
  process.stdout.on('error', () => shutdown('stdout closed'));
  await server.connect(transport);
  events.event('info', 'server_started', { pid: process.pid, node: process.version });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0) return serve();
  // Imported here so that serving never builds the CLI's eager tool table.
  const { processIo, runCli } = await import('./cli.js');
  process.exitCode = await runCli(argv, processIo());
}

main().catch((error: unknown) => {
  process.stderr.write(`distributed-systems-mcp: fatal: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
