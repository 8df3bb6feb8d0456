import { checkHistoryTool } from './check-history.js';
import type { ToolDefinition } from './define-tool.js';
import { designProtocolTool } from './design-protocol.js';
import { hashRingTool } from './hash-ring.js';
import { resolveConflictTool } from './resolve-conflict.js';
import { simulateClusterTool } from './simulate-cluster.js';
import { simulateReplicationTool } from './simulate-replication.js';
import { troubleshootTool } from './troubleshoot.js';
import { validateClusterTool } from './validate-cluster.js';

/** Every tool the server lists, in the order it lists them. Only tools that work belong here. */
export const TOOLS: readonly ToolDefinition[] = [
  validateClusterTool,
  hashRingTool,
  resolveConflictTool,
  troubleshootTool,
  simulateClusterTool,
  checkHistoryTool,
  simulateReplicationTool,
  designProtocolTool,
];

export function findTool(name: string): ToolDefinition | undefined {
  return TOOLS.find((tool) => tool.name === name);
}
