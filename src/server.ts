import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import pkg from '../package.json' with { type: 'json' };
import { SKILL_DOCS, skillDocUri } from './skill-docs.js';
import type { ToolDefinition } from './tools/define-tool.js';
import { registerLazyTools } from './tools/register-lazy.js';
import { NO_EVENTS, registerTool, type EventSink } from './tools/register.js';

export const SERVER_NAME = 'distributed-systems';
export const SERVER_VERSION: string = pkg.version;

/**
 * Upper bound on array elements and object keys in one call's arguments, checked before schema validation. The
 * largest valid input is check_history's 100 000 history lines of up to about ten elements each (keys, cas pairs).
 */
const MAX_TOOL_INPUT_ELEMENTS = 1_500_000;

declare const __TOOL_LIST_JSON__: string | undefined;

/**
 * The tools/list answer, computed at build time by the same SDK code (scripts/build.ts): converting every tool's
 * zod schemas to JSON Schema on the first tools/list was about a third of the cold start. Running from source (the
 * unit tests) it is absent and the SDK converts as usual; test/e2e checks that both answers are the same.
 */
const BUILT_TOOL_LIST: readonly Tool[] | undefined =
  typeof __TOOL_LIST_JSON__ === 'string' ? (JSON.parse(__TOOL_LIST_JSON__) as Tool[]) : undefined;

export interface ServerOptions {
  readonly events?: EventSink;
  /**
   * Tools to register eagerly through the SDK (running from source: tests pass `TOOLS`). Without them the server
   * serves the build-time tool list and loads each tool on its first call, which needs the bundle.
   */
  readonly tools?: readonly ToolDefinition[];
}

/** Builds the MCP server with every tool and the skill's documents as resources. Transport is the caller's. */
export function createServer(options: ServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Distributed systems engine', version: SERVER_VERSION },
    {
      capabilities: { logging: {}, tools: {}, resources: {} },
      instructions:
        'Tools that compute distributed-systems answers (quorums, simulations, rings, merges, linearizability). ' +
        'Prefer calling a tool over reciting a number. The skill guide is the resource skill://distributed-systems/SKILL.md.',
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
    },
  );
  const events = options.events ?? NO_EVENTS;
  if (options.tools) {
    for (const tool of options.tools) registerTool(server, tool, events);
  } else if (BUILT_TOOL_LIST) {
    registerLazyTools(server, BUILT_TOOL_LIST, events, MAX_TOOL_INPUT_ELEMENTS);
  } else {
    throw new Error('createServer: pass `tools` when running from source (the tool list is computed at build time)');
  }
  for (const doc of SKILL_DOCS) {
    server.registerResource(
      doc.path,
      skillDocUri(doc),
      { title: doc.title, description: `Skill document ${doc.path}`, mimeType: 'text/markdown' },
      (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: doc.text }] }),
    );
  }
  return server;
}
