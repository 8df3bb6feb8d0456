import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { TOOL_CATALOG } from './catalog.js';
import { callTool, errorResult } from './define-tool.js';
import { contextFrom, toolResult, type EventSink } from './register.js';

/** Counts array elements and object keys, stopping once past `limit` (the SDK's maxToolInputElements check). */
export function exceedsElements(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
    count += children.length;
    if (count > limit) return true;
    for (const child of children) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

/**
 * Serves tools/list from the list computed at build time and tools/call by loading the tool on first use, then
 * validating and running it exactly as `callTool` does for the CLI. Replaces the SDK's own tool handlers, which
 * need every zod schema built at registration.
 */
export function registerLazyTools(
  server: McpServer,
  list: readonly Tool[],
  events: EventSink,
  maxInputElements: number,
): void {
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...list] }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    const entry = TOOL_CATALOG.find((tool) => tool.name === name);
    if (!entry) return errorResult(`Tool ${name} not found. Tools: ${TOOL_CATALOG.map((t) => t.name).join(', ')}`);
    if (exceedsElements(args, maxInputElements)) {
      return errorResult(`Invalid arguments for tool ${name}: more than ${maxInputElements} elements in all`);
    }
    return toolResult(name, await callTool(await entry.load(), args, contextFrom(extra)), events);
  });
}
