import pino, { type Logger } from 'pino';
import type { EventSink } from './tools/register.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * A pino logger writing to stderr (fd 2: stdout is the JSON-RPC wire) in the seed log schema:
 * `level`, `timestamp` (ISO 8601), `skill`, `node_id`, `term`, `event`, `context`.
 */
export function createLogger(level: string | undefined = process.env['LOG_LEVEL']): Logger {
  const wanted = (level ?? 'info').toLowerCase();
  const known = (LEVELS as readonly string[]).includes(wanted);
  const logger = pino(
    {
      level: known ? wanted : 'info',
      base: { skill: 'distributed-systems' },
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  if (!known) logger.warn({ node_id: 'server', term: 0, event: 'config_invalid', context: { LOG_LEVEL: level } });
  return logger;
}

/** Server events carry `node_id: "server"` and `term: 0`: they belong to no protocol node or term. */
export function eventSink(logger: Logger): EventSink {
  return {
    event: (level, event, context) => logger[level]({ node_id: 'server', term: 0, event, context }),
  };
}
