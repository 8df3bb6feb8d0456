import { z } from 'zod';
import { MAX_NODES, validateCluster, type ClusterValidation } from '../engine/index.js';
import { PURE_TOOL, defineTool, toolInput } from './define-tool.js';

const quorumField = (what: string) =>
  z.int().min(1).max(MAX_NODES).optional().describe(`${what} to check, 1..${MAX_NODES} (at most nodes). Optional.`);

export const inputSchema = toolInput({
  nodes: z.int().min(1).max(MAX_NODES).describe(`Number of voting nodes (replicas) in the cluster, 1..${MAX_NODES}.`),
  failure_tolerance: z
    .int()
    .min(0)
    .max(MAX_NODES)
    .optional()
    .describe('Failures f the cluster must survive, 0..1000. Omit to get the most this cluster tolerates.'),
  byzantine: z
    .boolean()
    .default(false)
    .describe('true if failed nodes may lie or equivocate (needs 3f+1 nodes); false for crash faults (2f+1).'),
  regions: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(64).describe('Region or failure-domain name, e.g. "us-east-1".'),
        nodes: z
          .int()
          .min(0)
          .max(MAX_NODES)
          .optional()
          .describe('Nodes placed in this region. Give it for every region (summing to nodes) or for none.'),
      }),
    )
    .min(1)
    .max(32)
    .optional()
    .describe('Placement over 1..32 regions. Without counts, nodes are spread evenly over the names given.'),
  read_quorum: quorumField('Read quorum R (Dynamo-style R + W > N check)'),
  write_quorum: quorumField('Write quorum W'),
  phase1_quorum: quorumField('Flexible-Paxos phase-1 (leader election) quorum |Q1|'),
  phase2_quorum: quorumField('Flexible-Paxos phase-2 (replication) quorum |Q2|'),
});

const placement = z.array(z.object({ name: z.string(), nodes: z.int() }));

export const outputSchema = z.object({
  valid: z.boolean().describe('true when every rule holds.'),
  error: z.string().optional().describe('The first violated rule, with the numbers; absent when valid.'),
  errors: z.array(z.object({ rule: z.string(), message: z.string() })),
  fault_model: z.enum(['crash', 'byzantine']),
  nodes: z.int(),
  failure_tolerance: z.int().describe('The f judged: the requested one, or the most the cluster tolerates.'),
  max_failure_tolerance: z.int(),
  quorum_size: z.int(),
  min_nodes_required: z.int().describe('2f+1 (crash) or 3f+1 (byzantine) for the f judged.'),
  reply_quorum: z.int().optional().describe('Byzantine only: matching replies a client waits for (f + 1).'),
  quorum_checks: z.array(
    z.object({ rule: z.string(), held: z.boolean(), severity: z.enum(['error', 'warning']), message: z.string() }),
  ),
  regions: z
    .object({
      placement,
      losses: z.array(
        z.object({ region: z.string(), nodes_lost: z.int(), nodes_remaining: z.int(), quorum_kept: z.boolean() }),
      ),
      survives_any_region_loss: z.boolean(),
      fatal_regions: z.array(z.string()),
      recommended_placement: placement,
      recommended_survives_any_region_loss: z.boolean(),
    })
    .optional(),
  min_regions_for_region_loss: z
    .int()
    .nullable()
    .describe('Fewest regions over which an even spread survives losing any one region; null if none can.'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  summary: z.string(),
});

type Output = z.input<typeof outputSchema>;

export function runValidateCluster(input: z.output<typeof inputSchema>): Output {
  const result = validateCluster({
    nodes: input.nodes,
    failureTolerance: input.failure_tolerance,
    byzantine: input.byzantine,
    regions: input.regions,
    readQuorum: input.read_quorum,
    writeQuorum: input.write_quorum,
    phase1Quorum: input.phase1_quorum,
    phase2Quorum: input.phase2_quorum,
  });
  return {
    valid: result.valid,
    ...(result.errors[0] ? { error: result.errors[0].message } : {}),
    errors: [...result.errors],
    fault_model: result.faultModel,
    nodes: result.nodes,
    failure_tolerance: result.failureTolerance,
    max_failure_tolerance: result.maxFailureTolerance,
    quorum_size: result.quorumSize,
    min_nodes_required: result.minNodesRequired,
    ...(result.replyQuorum !== undefined ? { reply_quorum: result.replyQuorum } : {}),
    quorum_checks: [...result.quorumChecks],
    ...(result.regions
      ? {
          regions: {
            placement: [...result.regions.placement],
            losses: result.regions.losses.map((l) => ({
              region: l.region,
              nodes_lost: l.nodesLost,
              nodes_remaining: l.nodesRemaining,
              quorum_kept: l.quorumKept,
            })),
            survives_any_region_loss: result.regions.survivesAnyRegionLoss,
            fatal_regions: [...result.regions.fatalRegions],
            recommended_placement: [...result.regions.recommendedPlacement],
            recommended_survives_any_region_loss: result.regions.recommendedSurvivesAnyRegionLoss,
          },
        }
      : {}),
    min_regions_for_region_loss: result.minRegionsForRegionLoss,
    warnings: [...result.warnings],
    summary: summarize(result),
  };
}

function summarize(result: ClusterValidation): string {
  const minRegions = result.minRegionsForRegionLoss;
  const kind = result.faultModel;
  const parts: string[] = [];
  if (result.valid) {
    parts.push(
      `Valid: ${result.nodes} nodes tolerate ${result.failureTolerance} of at most ${result.maxFailureTolerance} ${kind} failure(s) with a quorum of ${result.quorumSize}.`,
    );
  } else {
    parts.push(`Invalid: ${result.errors.map((e) => e.message).join(' ')}`);
  }
  if (result.regions) {
    const r = result.regions;
    parts.push(
      r.survivesAnyRegionLoss
        ? `The placement ${placementText(r.placement)} keeps a quorum after losing any one region.`
        : `The placement ${placementText(r.placement)} loses the quorum if ${r.fatalRegions.join(' or ')} fails` +
            (r.recommendedSurvivesAnyRegionLoss
              ? `; ${placementText(r.recommendedPlacement)} would survive any one region loss.`
              : '.'),
    );
  } else if (minRegions !== null && result.valid) {
    parts.push(`Spread evenly over ${minRegions} or more regions, it survives the loss of any one region.`);
  }
  if (result.warnings.length > 0) parts.push(`Warnings: ${result.warnings.map((w) => w.code).join(', ')}.`);
  return parts.join(' ');
}

function placementText(placement: readonly { name: string; nodes: number }[]): string {
  return `${placement.map((p) => p.nodes).join('-')} (${placement.map((p) => p.name).join(', ')})`;
}

export const validateClusterTool = defineTool({
  name: 'validate_cluster',
  title: 'Validate cluster size, quorums and placement',
  description:
    'Check whether a cluster can tolerate f crash or byzantine failures (2f+1 / 3f+1 rules), compute its quorum ' +
    'size and maximum tolerance, check explicit quorums (R + W > N, Flexible-Paxos |Q1| + |Q2| > N) and judge a ' +
    'placement over regions (which region losses keep a quorum, and a better spread). Use it before sizing or ' +
    'changing a consensus or replicated cluster. Bounds: 1..1000 nodes, up to 32 regions.',
  inputSchema,
  outputSchema,
  annotations: PURE_TOOL,
  run: runValidateCluster,
});
