import type { DirectoryPlan, RangePartitioning, RangeView } from '../engine/index.js';
import { LAYOUT_LISTS } from './hash-ring-layout-schema.js';
import { balanceOutput } from './hash-ring-output.js';
import type { Output } from './hash-ring-schema.js';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number): string => x.toFixed(3);

/** How many items each list shows: the defaults, or the caller's list_limit for every list. */
interface ListLimits {
  readonly ranges: number;
  readonly hotAndMoves: number;
  readonly keys: number;
}

const listLimits = (listLimit: number | undefined): ListLimits =>
  listLimit === undefined ? LAYOUT_LISTS : { ranges: listLimit, hotAndMoves: listLimit, keys: listLimit };

type RangeRow = NonNullable<Output['range']>['ranges'][number];

/** Every range when they fit in `max`, else the hot ones (heaviest first), then the heaviest others, in key order. */
function rangeRows(layout: readonly RangeView[], total: number, max: number): { rows: RangeRow[]; all: boolean } {
  const rows = layout.map((r, index) => ({
    index,
    start: r.start,
    end: r.end ?? null,
    node: r.node,
    replicas: [...r.replicas],
    keys: r.keys,
    load: round(r.load),
    load_share: round(r.load / total),
    hot: r.hot,
  }));
  if (rows.length <= max) return { rows, all: true };
  // Hot ranges are heavier than the rest, so heaviest first lists the hot ones first, then fills with the heaviest.
  const heaviest = [...rows].sort((a, b) => Number(b.hot) - Number(a.hot) || b.load - a.load || a.index - b.index);
  const keep = new Set(heaviest.slice(0, max).map((r) => r.index));
  return { rows: rows.filter((r) => keep.has(r.index)), all: false };
}

const heaviestFirst = <T extends { readonly load: number; readonly index: number }>(hot: readonly T[]): T[] =>
  [...hot].sort((a, b) => b.load - a.load || a.index - b.index);

/** The structured result of `algorithm: "range"`; `listLimit` caps every list (default: LAYOUT_LISTS). */
export function rangeResult(p: RangePartitioning, listLimit?: number): Output {
  const limits = listLimits(listLimit);
  const before = rangeRows(p.before, p.totalLoad, limits.ranges);
  const after = p.after ? rangeRows(p.after, p.totalLoad, limits.ranges) : undefined;
  const range: NonNullable<Output['range']> = {
    key_source: p.source,
    keys: p.keyCount,
    total_load: round(p.totalLoad),
    unit_loads: p.unitLoads,
    split_source: p.splitSource,
    split_points: p.before.slice(1, limits.ranges + 1).map((r) => r.start),
    hot_threshold_load: round(p.threshold),
    partitions: p.before.length,
    ...(p.after ? { partitions_after: p.after.length } : {}),
    ranges: before.rows,
    ranges_listed: before.all && (after?.all ?? true) ? 'all' : 'hot_and_heaviest',
    ...(after ? { ranges_after: after.rows } : {}),
    hot_ranges: heaviestFirst(p.hot)
      .slice(0, limits.hotAndMoves)
      .map((h) => ({
        index: h.index,
        start: p.before[h.index]?.start ?? '',
        end: p.before[h.index]?.end ?? null,
        load: round(h.load),
        load_share: round(h.load / p.totalLoad),
        split_at: [...h.splitAt],
        ...(h.hotKey
          ? {
              hot_key: {
                key: h.hotKey.key,
                load: round(h.hotKey.load),
                load_share: round(h.hotKey.load / p.totalLoad),
              },
            }
          : {}),
      })),
    moves: p.moves.slice(0, limits.hotAndMoves).map((m) => ({ ...m, end: m.end ?? null, load: round(m.load) })),
    moved_keys: {
      count: p.movedKeys.length,
      key_fraction: round(p.movedKeys.length / p.keyCount),
      load: round(p.movedLoad),
      load_fraction: round(p.movedLoad / p.totalLoad),
      listed: p.movedKeys.slice(0, limits.keys),
      outside_split_ranges: p.movedOutsideSplitRanges,
    },
    ...(p.query ? { query: queryOutput(p) } : {}),
    split_budget_exhausted: p.budgetExhausted,
  };
  return {
    algorithm: 'range',
    seed: p.seed,
    hashing: p.hashing,
    node_count: p.nodes.length,
    distinct_zones: p.distinctZones,
    assignments: p.assignments.map((a) => ({
      key: a.key,
      node: a.node,
      replicas: [...a.replicas],
      range: a.range,
      ...(a.nodeAfter !== undefined
        ? { node_after: a.nodeAfter, range_after: a.rangeAfter ?? a.range, moved: a.moved ?? false }
        : {}),
    })),
    balance: balanceOutput(p.balance),
    ...(p.balanceAfter ? { balance_after: balanceOutput(p.balanceAfter) } : {}),
    range,
    memory_bytes: p.memoryBytes,
    steps_per_lookup: p.stepsPerLookup,
    notes: [],
    summary: rangeSummary(p),
  };
}

function queryOutput(p: RangePartitioning): NonNullable<NonNullable<Output['range']>['query']> {
  const q = p.query;
  if (!q) throw new Error('queryOutput needs a query');
  return {
    range_start: q.start ?? null,
    range_end: q.end ?? null,
    keys: q.keys,
    load: round(q.load),
    ranges: [...q.ranges],
    nodes: [...q.nodes],
    ...(q.after ? { after: { ranges: [...q.after.ranges], nodes: [...q.after.nodes] } } : {}),
    hash_nodes: q.hashedNodes,
  };
}

const bounds = (start: string, end: string | undefined): string =>
  `[${start === '' ? 'start' : start}, ${end ?? 'end'})`;

function rangeSummary(p: RangePartitioning): string {
  const parts: string[] = [];
  const data = p.source === 'keys' ? `${p.keyCount} given keys` : `${p.keyCount} sampled keys (seed ${p.seed})`;
  const cut =
    p.splitSource === 'split_points'
      ? 'the given split points'
      : p.splitSource === 'key_quantiles'
        ? 'key-count quantiles'
        : 'load quantiles';
  parts.push(`range over ${p.nodes.length} node(s): ${data} cut into ${p.before.length} ranges at ${cut}.`);
  parts.push(`Hot threshold ${fixed(p.threshold)} (total load ${fixed(p.totalLoad)}).`);
  if (p.hot.length === 0) parts.push('No range is hot; nothing is split.');
  if (p.hot.length > 3) parts.push(`${p.hot.length} ranges are hot; the heaviest:`);
  for (const h of heaviestFirst(p.hot).slice(0, 3)) {
    const r = p.before[h.index];
    const what = r ? `Range ${bounds(r.start, r.end)} on ${r.node}` : `Range ${h.index}`;
    const fate =
      h.splitAt.length > 0
        ? `split at ${h.splitAt.slice(0, 4).join(', ')}${h.splitAt.length > 4 ? ', ...' : ''} into ${h.splitAt.length + 1}`
        : 'cannot be split';
    const key = h.hotKey
      ? `; key ${h.hotKey.key} alone carries ${pct(h.hotKey.load / p.totalLoad)}, which no split can divide (cache it or spread it with a key suffix)`
      : '';
    parts.push(`${what} carries ${pct(h.load / p.totalLoad)} of the load: ${fate}${key}.`);
  }
  if (p.after) {
    const moved = p.movedKeys.length;
    parts.push(
      moved > 0
        ? `${moved} key(s) move (${pct(p.movedLoad / p.totalLoad)} of the load), all from split ranges (${p.movedOutsideSplitRanges} from elsewhere); ${p.moves
            .slice(0, 3)
            .map((m) => `${bounds(m.start, m.end)} ${m.from} -> ${m.to}`)
            .join('; ')}.`
        : 'The pieces stay on their node (no node is lighter): nothing moves, but each piece can now be moved or served apart.',
    );
    if (p.balanceAfter) {
      parts.push(`Node max/mean load ${fixed(p.balance.maxOverMean)} -> ${fixed(p.balanceAfter.maxOverMean)}.`);
    }
  } else {
    parts.push(`Node max/mean load ${fixed(p.balance.maxOverMean)}.`);
  }
  const q = p.query;
  if (q) {
    const after = q.after ? ` (${q.after.ranges.length} range(s) on ${q.after.nodes.length} after the split)` : '';
    parts.push(
      `Scan ${bounds(q.start ?? '', q.end)} covers ${q.keys} key(s) and touches ${q.ranges.length} range(s) on ${q.nodes.length} node(s)${after}; a hash ring would scatter the same keys over ${q.hashedNodes} node(s).`,
    );
  }
  if (p.budgetExhausted) parts.push('The split budget ran out: some hot ranges are still over the threshold.');
  return parts.join(' ');
}

/** The structured result of `algorithm: "directory"`; `listLimit` caps every list (default: LAYOUT_LISTS). */
export function directoryResult(d: DirectoryPlan, listLimit?: number): Output {
  const limits = listLimits(listLimit);
  const shown = d.entriesAfter ?? d.entries;
  const directory: NonNullable<Output['directory']> = {
    default_algorithm: d.defaultAlgorithm,
    entries: d.entries.length,
    key_entries: d.entries.filter((e) => e.key !== undefined).length,
    prefix_entries: d.entries.filter((e) => e.prefix !== undefined).length,
    ...(d.entriesAfter ? { entries_after: d.entriesAfter.length } : {}),
    table_bytes: d.tableBytes,
    listed_entries: shown.slice(0, limits.keys).map((e) => ({ ...e })),
    moves: d.moves.map((m) => ({
      ...(m.key !== undefined ? { key: m.key } : { prefix: m.prefix ?? '' }),
      from: m.from ?? null,
      to: m.to,
      keys_moved: m.keysMoved.slice(0, limits.keys),
      keys_moved_total: m.keysMoved.length,
      sampled_keys_moved: m.sampledKeysMoved,
    })),
    unrequested_moves: d.unrequestedMoves,
    sampled_keys_routed_by_entries: d.sampledKeysRoutedByEntries,
    replication: {
      replicas: d.replication.replicas,
      update_quorum: d.replication.updateQuorum,
      update_failures_tolerated: d.replication.updateFailuresTolerated,
      lookup_failures_tolerated: d.replication.lookupFailuresTolerated,
      warnings: [...d.replication.warnings],
    },
  };
  return {
    algorithm: 'directory',
    seed: d.seed,
    hashing: d.hashing,
    node_count: d.nodes.length,
    distinct_zones: d.distinctZones,
    assignments: d.assignments.map((a) => ({
      key: a.key,
      node: a.node,
      replicas: [...a.replicas],
      via: a.via,
      ...(a.entry !== undefined ? { entry: a.entry } : {}),
      ...(a.nodeAfter !== undefined
        ? {
            node_after: a.nodeAfter,
            moved: a.moved ?? false,
            ...(a.viaAfter ? { via_after: a.viaAfter } : {}),
            ...(a.entryAfter !== undefined ? { entry_after: a.entryAfter } : {}),
          }
        : {}),
    })),
    balance: balanceOutput(d.balance),
    ...(d.balanceAfter ? { balance_after: balanceOutput(d.balanceAfter) } : {}),
    directory,
    memory_bytes: d.memoryBytes,
    steps_per_lookup: round(d.stepsPerLookup),
    notes: [],
    summary: directorySummary(d),
  };
}

function directorySummary(d: DirectoryPlan): string {
  const keys = d.entries.filter((e) => e.key !== undefined).length;
  const parts = [
    `directory over ${d.defaultAlgorithm} on ${d.nodes.length} node(s): ${d.entries.length} entries (${keys} keys, ${d.entries.length - keys} prefixes), ${d.tableBytes} bytes.`,
  ];
  const shown = d.assignments
    .slice(0, 5)
    .map((a) => `${a.key} -> ${a.node} (${a.via === 'default' ? d.defaultAlgorithm : `${a.via} ${a.entry ?? ''}`})`);
  if (shown.length > 0)
    parts.push(`${shown.join('; ')}${d.assignments.length > 5 ? `; ${d.assignments.length - 5} more` : ''}.`);
  for (const m of d.moves.slice(0, 3)) {
    const what = m.key !== undefined ? `key ${m.key}` : `prefix ${m.prefix ?? ''}`;
    const from = m.from === undefined ? 'a new entry' : m.from;
    parts.push(
      `Moving ${what} (${from} -> ${m.to}) moves ${m.keysMoved.length} known key(s)${m.keysMoved.length ? ` (${m.keysMoved.slice(0, 3).join(', ')}${m.keysMoved.length > 3 ? ', ...' : ''})` : ''} and ${m.sampledKeysMoved} sampled key(s).`,
    );
  }
  if (d.moves.length > 0) {
    parts.push(
      d.unrequestedMoves === 0
        ? 'Nothing else moves (checked on every known and sampled key).'
        : `${d.unrequestedMoves} key(s) moved that no requested move governs.`,
    );
  }
  const r = d.replication;
  parts.push(
    `The directory is kept on ${r.replicas} cop${r.replicas === 1 ? 'y' : 'ies'}: updates need ${r.updateQuorum} (tolerating ${r.updateFailuresTolerated} failure(s)); lookups survive ${r.lookupFailuresTolerated}.`,
  );
  if (r.warnings.length > 0) parts.push(`Warnings: ${r.warnings.join('; ')}.`);
  return parts.join(' ');
}
