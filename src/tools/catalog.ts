import type { ToolDefinition } from './define-tool.js';

/**
 * Every tool by name, in listing order, with a loader. The bundled server answers tools/list from a list computed
 * at build time and loads a tool's module (its zod schemas and the engine behind it) at its first call: building
 * every schema and engine table at start-up was most of the cold start. `TOOLS` (tools/index.ts) is the eager
 * view of the same tools for the CLI, the docs and the tests; a test checks the two agree.
 */
export const TOOL_CATALOG: readonly { readonly name: string; readonly load: () => Promise<ToolDefinition> }[] = [
  { name: 'validate_cluster', load: async () => (await import('./validate-cluster.js')).validateClusterTool },
  { name: 'hash_ring', load: async () => (await import('./hash-ring.js')).hashRingTool },
  { name: 'resolve_conflict', load: async () => (await import('./resolve-conflict.js')).resolveConflictTool },
  { name: 'troubleshoot', load: async () => (await import('./troubleshoot.js')).troubleshootTool },
  { name: 'simulate_cluster', load: async () => (await import('./simulate-cluster.js')).simulateClusterTool },
  { name: 'check_history', load: async () => (await import('./check-history.js')).checkHistoryTool },
  {
    name: 'simulate_replication',
    load: async () => (await import('./simulate-replication.js')).simulateReplicationTool,
  },
  { name: 'design_protocol', load: async () => (await import('./design-protocol.js')).designProtocolTool },
];
