import type { Balance, ComparisonRow, HashPlacement, PartitioningAlgorithm } from '../engine/index.js';
import type { Output } from './hash-ring-schema.js';

/** When to prefer each algorithm: guidance the model can relay next to the computed figures. */
export const ALGORITHM_NOTES: Record<PartitioningAlgorithm, string> = {
  ring: 'ring: the general-purpose choice. Load spread shrinks as 1/sqrt(virtual nodes), at 6 bytes per point; a join or leave moves only the keys the change must move. Weights scale the vnode count.',
  ketama:
    'ketama: use when your clients must agree with libketama-style memcached clients (twemproxy, hashring, pylibmc/libmemcached ketama mode). 160 points per average server; weights are relative to the mean, so with unequal weights a join or reweight rescales every node and moves extra keys (churn_fraction).',
  jump: 'jump: no memory, near-perfect balance, a few iterations per lookup; but nodes are numbered buckets with no weights: only append nodes or remove the last one (removing another renumbers the rest). Suits sharded storage with a stable shard list.',
  rendezvous:
    'rendezvous: minimal movement, weights by the logarithmic method, replicas are simply the next-highest scores; a lookup scores every node (O(n)), fine up to a few hundred nodes.',
  maglev:
    'maglev: O(1) lookups from a prime-sized table with near-perfect balance, built for load balancers; a change moves slightly more than the minimum (churn_fraction) and rebuilds the table.',
  bounded_load:
    'bounded_load: caps every node at ceil((1+epsilon) x mean load), which tames hot spots on an uneven ring (HAProxy hash-balance-factor, Vimeo); placement depends on key arrival order and changes move more keys.',
  range:
    'range: keeps keys in order, so a scan asks only the ranges covering it (HBase, Bigtable, CockroachDB, Spanner); the price is hot spots where load concentrates in key order (sequential keys, a popular tenant). Busy ranges are split at their load median and the pieces spread; a single hot key cannot be split (cache it, or add a suffix to spread it).',
  directory:
    'directory: an explicit table places any key or prefix anywhere (tenant pinning, moving one hot customer, Vitess lookup vindexes, HDFS NameNode); everything else falls back to the default hash placement. Every lookup consults the table, so it must be cached and replicated: it is otherwise a single point of failure.',
};

/**
 * The notes of a result: the chosen algorithm's; with compare, every algorithm's (the chosen one first, then the
 * others in a fixed order) so the table of figures comes with when to prefer each.
 */
export function algorithmNotes(algorithm: PartitioningAlgorithm, compare: boolean): string[] {
  if (!compare) return [ALGORITHM_NOTES[algorithm]];
  const others = (Object.keys(ALGORITHM_NOTES) as PartitioningAlgorithm[]).filter((a) => a !== algorithm);
  return [algorithm, ...others].map((a) => ALGORITHM_NOTES[a]);
}

const PER_NODE_ALL = 50;
const PER_NODE_EACH_END = 10;
const MOVES_LISTED = 20;
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export function balanceOutput(b: Balance): Output['balance'] {
  const rows = b.perNode.map((n) => ({
    node: n.id,
    weight: n.weight,
    ...(n.zone !== undefined ? { zone: n.zone } : {}),
    share: round(n.share),
    expected_share: round(n.expectedShare),
    sampled_keys: n.sampledKeys,
  }));
  let listed = rows;
  if (rows.length > PER_NODE_ALL) {
    const byLoad = [...rows].sort((x, y) => y.share / y.expected_share - x.share / x.expected_share);
    listed = [...byLoad.slice(0, PER_NODE_EACH_END), ...byLoad.slice(-PER_NODE_EACH_END)];
  }
  return {
    method: b.method,
    max_over_mean: round(b.maxOverMean),
    cv: round(b.cv),
    sampled_max_over_mean: round(b.sampledMaxOverMean),
    sampled_cv: round(b.sampledCv),
    sample_keys: b.sampleKeys,
    sampling_noise_cv: round(b.samplingNoiseCv),
    theory_cv: b.theoryCv === undefined ? null : round(b.theoryCv),
    per_node: listed,
    per_node_listed: listed === rows ? 'all' : 'most_and_least_loaded',
  };
}

/** The structured result of one algorithm's placement (without notes, compare and summary). */
export function placementOutput(p: HashPlacement): Omit<Output, 'notes' | 'summary' | 'compare'> {
  const m = p.movement;
  return {
    algorithm: p.algorithm,
    seed: p.seed,
    hashing: p.hashing,
    node_count: p.nodes.length,
    ...(p.nodesAfter ? { node_count_after: p.nodesAfter.length } : {}),
    distinct_zones: p.distinctZones,
    assignments: p.assignments.map((a) => ({
      key: a.key,
      node: a.node,
      replicas: [...a.replicas],
      ...(a.nodeAfter !== undefined
        ? { node_after: a.nodeAfter, replicas_after: [...(a.replicasAfter ?? [])], moved: a.moved ?? false }
        : {}),
    })),
    balance: balanceOutput(p.balance),
    ...(p.balanceAfter ? { balance_after: balanceOutput(p.balanceAfter) } : {}),
    ...(m
      ? {
          movement: {
            method: m.method,
            added: m.change.add.map((n) => n.id),
            removed: [...m.change.remove],
            reweighted: m.change.reweight.map((r) => r.id),
            moved_fraction: round(m.movedFraction),
            sampled_moved_fraction: round(m.sampledMovedFraction),
            ideal_fraction: round(m.idealFraction),
            churn_fraction: round(m.churnFraction),
            moves: m.moves.slice(0, MOVES_LISTED).map((x) => ({
              from: x.from,
              to: x.to,
              fraction: round(x.fraction),
              sampled_keys: x.sampledKeys,
            })),
            moves_total: m.moves.length,
          },
        }
      : {}),
    memory_bytes: p.memoryBytes,
    steps_per_lookup: round(p.stepsPerLookup),
  };
}

export function comparisonOutput(rows: readonly ComparisonRow[]): NonNullable<Output['compare']> {
  const opt = (x: number | undefined): number | undefined => (x === undefined ? undefined : round(x));
  return rows.map(
    (r) =>
      Object.fromEntries(
        Object.entries({
          algorithm: r.algorithm,
          supported: r.supported,
          note: r.note,
          balance_method: r.balanceMethod,
          max_over_mean: opt(r.maxOverMean),
          cv: opt(r.cv),
          movement_method: r.movementMethod,
          moved_fraction_add_one: opt(r.movedFractionAddOne),
          ideal_fraction_add_one: opt(r.idealFractionAddOne),
          churn_fraction_add_one: opt(r.churnFractionAddOne),
          memory_bytes: r.memoryBytes,
          steps_per_lookup: opt(r.stepsPerLookup),
        }).filter(([, v]) => v !== undefined),
      ) as NonNullable<Output['compare']>[number],
  );
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number): string => x.toFixed(3);
const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function summarize(p: HashPlacement, comparison: readonly ComparisonRow[] | undefined): string {
  const parts: string[] = [];
  const b = p.balance;
  parts.push(`${p.algorithm} over ${p.nodes.length} node(s), seed ${p.seed}.`);
  // The summary names a few owners; the full preference lists are in assignments.
  const shown = p.assignments.slice(0, 5).map((a) => {
    const more = a.replicas.length > 3 ? ` (+${a.replicas.length - 3} more)` : '';
    return `${a.key.length > 64 ? `${a.key.slice(0, 61)}...` : a.key} -> ${a.replicas.slice(0, 3).join(', ')}${more}`;
  });
  if (shown.length > 0) {
    parts.push(
      `${shown.join('; ')}${p.assignments.length > shown.length ? `; ${p.assignments.length - shown.length} more keys` : ''}.`,
    );
  }
  const how =
    b.method === 'sampled'
      ? `on ${b.sampleKeys} sampled keys (noise CV ${fixed(b.samplingNoiseCv)})`
      : b.method === 'exact_table'
        ? 'exactly over the lookup table'
        : 'exactly over the hash space';
  const theory = b.theoryCv !== undefined ? `; random points would give CV ${fixed(b.theoryCv)}` : '';
  parts.push(`Load ${how}: max/mean ${fixed(b.maxOverMean)}, CV ${fixed(b.cv)}${theory}.`);
  const m = p.movement;
  if (m) {
    const change = [
      m.change.add.length ? `adding ${m.change.add.map((n) => n.id).join(', ')}` : '',
      m.change.remove.length ? `removing ${m.change.remove.join(', ')}` : '',
      m.change.reweight.length ? `reweighting ${m.change.reweight.map((r) => r.id).join(', ')}` : '',
    ].filter(Boolean);
    const churn =
      m.churnFraction > 1e-9
        ? `, of which ${pct(m.churnFraction)} is churn between nodes the change did not need to touch`
        : ', every move a necessary one';
    parts.push(
      `${capitalize(change.join(' and '))} moves ${pct(m.movedFraction)} of keys (${m.method === 'sampled' ? 'sampled' : 'exact'}; ideal ${pct(m.idealFraction)})${churn}.`,
    );
  }
  if (comparison) parts.push(...comparisonSentences(comparison));
  if (p.warnings.length > 0) parts.push(`Warnings: ${p.warnings.join('; ')}.`);
  return parts.join(' ');
}

/** The winners of the comparison, and every row that could not be measured, said so (never silently left out). */
function comparisonSentences(comparison: readonly ComparisonRow[]): string[] {
  const parts: string[] = [];
  const ok = comparison.filter((r) => r.supported);
  const best = [...ok].sort((x, y) => (x.maxOverMean ?? 9) - (y.maxOverMean ?? 9))[0];
  const gap = (r: ComparisonRow): number => Math.abs((r.movedFractionAddOne ?? 9) - (r.idealFractionAddOne ?? 0));
  const least = ok.filter((r) => r.movedFractionAddOne !== undefined).sort((x, y) => gap(x) - gap(y))[0];
  if (best) {
    const movement = least
      ? `; movement on a join closest to the ideal ${pct(least.idealFractionAddOne ?? 0)} is ${least.algorithm} (${pct(least.movedFractionAddOne ?? 0)})`
      : '';
    parts.push(`Compared: most even is ${best.algorithm} (max/mean ${fixed(best.maxOverMean ?? 0)})${movement}.`);
  }
  const unsupported = comparison.filter((r) => !r.supported);
  if (unsupported.length > 0) {
    parts.push(`Not compared: ${unsupported.map((r) => `${r.algorithm} (${r.note ?? 'unsupported'})`).join('; ')}.`);
  }
  const partial = ok.filter((r) => r.note !== undefined);
  if (partial.length > 0) parts.push(`Partly compared: ${partial.map((r) => `${r.algorithm}, ${r.note}`).join('; ')}.`);
  return parts;
}
