/** How nodes are spread over failure domains, and which domain losses a quorum survives. */

export interface RegionPlacement {
  readonly name: string;
  readonly nodes: number;
}

export interface RegionLoss {
  readonly region: string;
  readonly nodesLost: number;
  readonly nodesRemaining: number;
  readonly quorumKept: boolean;
}

export interface RegionAnalysis {
  readonly placement: readonly RegionPlacement[];
  readonly losses: readonly RegionLoss[];
  readonly survivesAnyRegionLoss: boolean;
  readonly fatalRegions: readonly string[];
  /** An even spread over the same region names (largest first), which maximises the losses survived. */
  readonly recommendedPlacement: readonly RegionPlacement[];
  readonly recommendedSurvivesAnyRegionLoss: boolean;
}

/** Spread `nodes` as evenly as possible over `names`, the remainder going to the first regions (5 over 3 -> 2-2-1). */
export function evenPlacement(nodes: number, names: readonly string[]): RegionPlacement[] {
  const base = Math.floor(nodes / names.length);
  const extra = nodes % names.length;
  return names.map((name, i) => ({ name, nodes: base + (i < extra ? 1 : 0) }));
}

/** Fewest regions k such that an even spread puts at most `maxLoss` nodes in any region; null if none. */
export function minRegionsToSurviveLoss(nodes: number, maxLoss: number): number | null {
  if (maxLoss < 1) return null;
  return Math.ceil(nodes / maxLoss);
}

/**
 * A quorum survives losing a region when the nodes outside it still hold a quorum. `quorum` is the number of
 * nodes that must stay reachable (the majority, or the byzantine quorum).
 */
export function analyzeRegions(placement: readonly RegionPlacement[], quorum: number): RegionAnalysis {
  const total = placement.reduce((sum, r) => sum + r.nodes, 0);
  const losses = placement.map((r) => ({
    region: r.name,
    nodesLost: r.nodes,
    nodesRemaining: total - r.nodes,
    quorumKept: total - r.nodes >= quorum,
  }));
  const fatalRegions = losses.filter((l) => !l.quorumKept).map((l) => l.region);
  const recommended = evenPlacement(
    total,
    placement.map((r) => r.name),
  );
  const largestRecommended = Math.max(...recommended.map((r) => r.nodes));
  return {
    placement,
    losses,
    survivesAnyRegionLoss: fatalRegions.length === 0,
    fatalRegions,
    recommendedPlacement: recommended,
    recommendedSurvivesAnyRegionLoss: total - largestRecommended >= quorum,
  };
}
