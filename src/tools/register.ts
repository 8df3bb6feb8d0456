import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  errorResult,
  runParsed,
  successResult,
  type CallOutcome,
  type ToolContext,
  type ToolDefinition,
} from './define-tool.js';
import { CALL_TIME_LIMIT_MS } from './long-work.js';

/** Receives the server's own events in the seed log schema; `src/log.ts` provides the real one. */
export interface EventSink {
  event(level: 'debug' | 'info' | 'warn' | 'error', event: string, context: Record<string, unknown>): void;
}

export const NO_EVENTS: EventSink = { event: () => undefined };

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The tool context of one MCP request: its cancellation, a deadline and progress notifications. */
export function contextFrom(extra: Extra): ToolContext {
  const token = extra._meta?.progressToken;
  return {
    signal: extra.signal,
    deadlineMs: performance.now() + CALL_TIME_LIMIT_MS,
    progress: async (done, total, message) => {
      if (token === undefined || extra.signal.aborted) return;
      await extra.sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress: done,
          ...(total !== undefined ? { total } : {}),
          ...(message !== undefined ? { message } : {}),
        },
      });
    },
  };
}

/** Registers one tool definition on an MCP server. The SDK has validated the arguments before the handler runs. */
export function registerTool(server: McpServer, def: ToolDefinition, events: EventSink): void {
  server.registerTool(
    def.name,
    {
      title: def.title,
      description: def.description,
      inputSchema: def.inputSchema,
      outputSchema: def.outputSchema,
      annotations: { title: def.title, ...def.annotations },
    },
    async (args: unknown, extra: Extra) => toolResult(def.name, await runParsed(def, args, contextFrom(extra)), events),
  );
}

/** One call's outcome as the MCP result, with the server's event for it. */
export function toolResult(name: string, outcome: CallOutcome, events: EventSink): CallToolResult {
  if (outcome.ok) {
    events.event('debug', 'tool_completed', { tool: name });
    return successResult(outcome.structured);
  }
  events.event(outcome.internal ? 'error' : 'debug', 'tool_failed', { tool: name, message: outcome.message });
  return errorResult(outcome.message);
}
